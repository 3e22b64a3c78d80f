/**
 * Registers handlers typed by the contract. Each handler first checks that the message comes
 * from the app's own main frame; anything else is refused.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcContract, IpcChannel } from '../../core/ipc/contract';
import { isAppUrl } from '../security';

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function handle<C extends IpcChannel>(
  channel: C,
  handler: (
    ...args: Parameters<IpcContract[C]>
  ) => ReturnType<IpcContract[C]> | Promise<ReturnType<IpcContract[C]>>,
): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event))
      throw new Error(`Refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
    return handler(...(args as Parameters<IpcContract[C]>));
  });
}
