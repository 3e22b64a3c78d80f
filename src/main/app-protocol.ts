/**
 * The `app://` scheme that serves the built renderer. Serving from a custom, standard, secure
 * scheme instead of file:// gives the app its own origin (IndexedDB and CSP work as on the web)
 * and lets every response carry the Content-Security-Policy header. Requests outside the
 * renderer folder are refused.
 */
import { protocol, net } from 'electron';
import { extname } from 'node:path';
import { resolveInside } from './paths';
import { pathToFileURL } from 'node:url';
import { cspFor, withPolicyMeta } from '../core/security/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldbook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Serves the renderer; its policy lets it connect to the team servers `syncOrigins` gives. */
export function handleAppScheme(rendererRoot: string, syncOrigins: () => readonly string[]): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveInside(rendererRoot, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return new Response('Not found', { status: 404 });
    const policy = cspFor(syncOrigins());
    const isPage = extname(file) === '.html';
    // A page carries the policy it is served under in its meta element too (withPolicyMeta).
    return new Response(isPage ? withPolicyMeta(await response.text(), policy) : response.body, {
      status: 200,
      headers: {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
