import { isSafeExternalUrl } from '../../../../core/ipc/contract';
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
};
