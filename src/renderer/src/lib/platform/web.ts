import { isSafeExternalUrl } from '../../../../core/ipc/contract';
import { syncServerOrigin } from '../../../../core/security/csp';
import { opfsSnapshots } from './opfs';
import type { Platform } from './types';

export const webPlatform: Platform = {
  kind: 'web',
  systemLocale: () => Promise.resolve(navigator.languages[0] ?? navigator.language),
  openExternal(url) {
    if (isSafeExternalUrl(url)) window.open(url, '_blank', 'noopener,noreferrer');
    return Promise.resolve();
  },
  snapshots: opfsSnapshots,
  // A browser tells a page nothing about the screen locking; the idle lock covers it.
  onLockRequest: () => undefined,
  // The policy comes with the page from the server that serves it: read it from there.
  async allowSyncServer(address) {
    const origin = syncServerOrigin(address);
    if (!origin) return 'refused';
    const page = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
    const connect = (page.headers.get('Content-Security-Policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find((d) => d[0] === 'connect-src');
    return connect?.includes(origin) ? 'ready' : 'refused';
  },
};
