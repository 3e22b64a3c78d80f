/**
 * The preload: one narrow, typed API on `window.api`. The raw ipcRenderer never reaches the page.
 * Runs sandboxed, so it imports nothing but electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppInfo, FieldbookApi, IpcChannel, IpcEvent } from '../core/ipc/contract';

const invoke = <T>(channel: IpcChannel, ...args: unknown[]): Promise<T> =>
  ipcRenderer.invoke(channel, ...args) as Promise<T>;

const api = {
  appInfo: () => invoke<AppInfo>('app:info'),
  openExternal: (url: string) => invoke<boolean>('shell:open-external', url),
  snapshots: {
    write: (name: string, bytes: Uint8Array) => invoke<void>('snapshots:write', name, bytes),
    read: (name: string) => invoke<Uint8Array | null>('snapshots:read', name),
    list: () => invoke<string[]>('snapshots:list'),
    remove: (name: string) => invoke<void>('snapshots:remove', name),
  },
  allowSyncServer: (address: string) => invoke<'ready' | 'reload' | 'refused'>('sync:allow-server', address),
  onLockRequest: (listener: () => void) => {
    // The event object never reaches the page: only the bare call.
    ipcRenderer.on('vault:lock' satisfies IpcEvent, () => listener());
  },
} satisfies FieldbookApi;

contextBridge.exposeInMainWorld('api', api);
