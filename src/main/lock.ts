/**
 * The system's signals that the user has stepped away — the screen locks, or the machine
 * suspends — are passed to every window, whose vault then locks.
 */
import { BrowserWindow, powerMonitor } from 'electron';
import type { IpcEvent } from '../core/ipc/contract';

export function forwardLockSignals(): void {
  const lockAll = () => {
    for (const window of BrowserWindow.getAllWindows())
      window.webContents.send('vault:lock' satisfies IpcEvent);
  };
  powerMonitor.on('lock-screen', lockAll);
  powerMonitor.on('suspend', lockAll);
}
