/** Handlers about the application itself and the system around it. */
import { app, shell } from 'electron';
import { isSafeExternalUrl } from '../../core/ipc/contract';
import { handle } from './register';

export function registerAppHandlers(): void {
  handle('app:info', () => ({
    version: app.getVersion(),
    locale: app.getLocale(),
    platform: process.platform,
  }));
  handle('shell:open-external', async (url) => {
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) return false;
    await shell.openExternal(url);
    return true;
  });
}
