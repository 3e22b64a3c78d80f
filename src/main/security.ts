/**
 * Guards every window and session: no navigation away from the app, no new windows, no
 * permission (camera, geolocation, notifications…) granted, no <webview>. Links the user
 * chooses to open go to the system browser through the shell handler instead.
 */
import { session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

export function isAppUrl(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** `syncOrigins`: the team servers the researcher set, the only other origins requests may reach. */
export function hardenSession(syncOrigins: () => readonly string[]): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    // Everything the app needs is served by its own scheme; anything else is refused.
    const allowed =
      isAppUrl(details.url) ||
      isSyncUrl(details.url, syncOrigins()) ||
      details.url.startsWith('devtools:') ||
      details.url.startsWith('data:') ||
      details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}

function isSyncUrl(url: string, origins: readonly string[]): boolean {
  try {
    return origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
