/**
 * The preload: one narrow, typed API on `window.api`. The raw ipcRenderer never reaches the page.
 * Runs sandboxed, so it imports nothing but electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppInfo, FieldbookApi, IpcChannel } from '../core/ipc/contract';

const invoke = <T>(channel: IpcChannel, ...args: unknown[]): Promise<T> =>
  ipcRenderer.invoke(channel, ...args) as Promise<T>;

const api = {
  appInfo: () => invoke<AppInfo>('app:info'),
  openExternal: (url: string) => invoke<boolean>('shell:open-external', url),
} satisfies FieldbookApi;

contextBridge.exposeInMainWorld('api', api);
