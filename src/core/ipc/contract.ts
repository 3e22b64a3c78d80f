/**
 * The one contract between the renderer and the Electron main process. Channels are declared
 * here as types only; main registers a handler per channel (src/main/ipc), the preload exposes
 * exactly these functions (checked with `satisfies`), and the renderer calls them through the
 * platform seam. Nothing else crosses the bridge.
 */
export interface AppInfo {
  version: string;
  locale: string;
  platform: string;
}

export interface IpcContract {
  'app:info': () => AppInfo;
  'shell:open-external': (url: string) => boolean;
  'snapshots:write': (name: string, bytes: Uint8Array) => void;
  'snapshots:read': (name: string) => Uint8Array | null;
  'snapshots:list': () => string[];
  'snapshots:remove': (name: string) => void;
  /** Lets the page connect to a team server: 'reload' when the policy must be loaded again. */
  'sync:allow-server': (address: string) => 'ready' | 'reload' | 'refused';
}

export type IpcChannel = keyof IpcContract;

/** Messages main sends to the renderer, with no answer. */
export interface IpcEvents {
  /** The screen locked or the system is suspending: lock the vault. */
  'vault:lock': () => void;
}

export type IpcEvent = keyof IpcEvents;

/** The API the preload puts on `window.api`: every channel, as an async function. */
export interface FieldbookApi {
  appInfo(): Promise<AppInfo>;
  openExternal(url: string): Promise<boolean>;
  snapshots: {
    write(name: string, bytes: Uint8Array): Promise<void>;
    read(name: string): Promise<Uint8Array | null>;
    list(): Promise<string[]>;
    remove(name: string): Promise<void>;
  };
  allowSyncServer(address: string): Promise<'ready' | 'reload' | 'refused'>;
  /** Calls `listener` when the system asks the vault to lock (screen lock, suspend). */
  onLockRequest(listener: () => void): void;
}

/**
 * A file name in the snapshot folder: letters, digits, dots, dashes and underscores, no path.
 * Checked on both sides of the bridge.
 */
export function isSnapshotName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/.test(name) && !name.includes('..');
}

/**
 * Only plain web addresses may be handed to the operating system's browser: http or https,
 * a host, no user name or password, no white space.
 */
export function isSafeExternalUrl(url: string): boolean {
  return /^https?:\/\/[^\s/@?#]+(?:[/?#]\S*)?$/i.test(url);
}
