/** Handlers about the application itself and the system around it. */
import { app, shell } from 'electron';
import { isSafeExternalUrl } from '../../core/ipc/contract';
import type { SyncServers } from '../sync-servers';
import { handle } from './register';

export function registerAppHandlers(servers: SyncServers): void {
  handle('sync:allow-server', (address) =>
    typeof address === 'string' ? servers.allow(address) : 'refused',
  );
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
