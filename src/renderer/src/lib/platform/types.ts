/**
 * The one seam between the renderer and its host. The Electron implementation calls the
 * preload's `window.api`; the web implementation uses what a browser offers. Components
 * and state never ask which host they run in, only what the platform can do.
 */
export interface Platform {
  readonly kind: 'electron' | 'web';
  /** The system's preferred language, as a BCP 47 tag. */
  systemLocale(): Promise<string>;
  /** Opens a web address outside the app (the system browser, or a new browser tab). */
  openExternal(url: string): Promise<void>;
  /**
   * A folder outside IndexedDB for automatic snapshots: the user-data folder on disk in the
   * desktop app, the Origin Private File System in a browser. Writes are atomic.
   */
  readonly snapshots: SnapshotFolder;
  /** Calls `listener` when the system wants the vault locked (desktop: screen lock, suspend). */
  onLockRequest(listener: () => void): void;
  /**
   * Lets the page connect to a team server, as far as the host can: 'ready' when it may now,
   * 'reload' when the page must load again to carry the new policy (desktop), 'refused' when
   * it cannot (not HTTPS; or, in a browser, a page served without that server in its policy).
   */
  allowSyncServer(address: string): Promise<'ready' | 'reload' | 'refused'>;
}

export interface SnapshotFolder {
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or null when there is no such file. */
  read(name: string): Promise<Uint8Array | null>;
  /** Every file name, sorted. */
  list(): Promise<string[]>;
  remove(name: string): Promise<void>;
  /** The name a file is stored under (`list` gives stored names); the same name unless said otherwise. */
  storedName?(name: string): string;
}
