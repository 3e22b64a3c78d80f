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
}

export type IpcChannel = keyof IpcContract;

/** The API the preload puts on `window.api`: every channel, as an async function. */
export interface FieldbookApi {
  appInfo(): Promise<AppInfo>;
  openExternal(url: string): Promise<boolean>;
}

/**
 * Only plain web addresses may be handed to the operating system's browser: http or https,
 * a host, no user name or password, no white space.
 */
export function isSafeExternalUrl(url: string): boolean {
  return /^https?:\/\/[^\s/@?#]+(?:[/?#]\S*)?$/i.test(url);
}
