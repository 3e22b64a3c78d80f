import type { FieldbookApi } from '../../../../core/ipc/contract';
import type { Platform } from './types';

export function electronPlatform(api: FieldbookApi): Platform {
  return {
    kind: 'electron',
    systemLocale: async () => (await api.appInfo()).locale,
    async openExternal(url) {
      await api.openExternal(url);
    },
    snapshots: api.snapshots,
    onLockRequest: (listener) => api.onLockRequest(listener),
    allowSyncServer: (address) => api.allowSyncServer(address),
  };
}
