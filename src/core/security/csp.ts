/**
 * The Content-Security-Policy of every page of the app, in Electron and in the web build.
 * Nothing may load from another origin: imported pages must not phone home, and an archive of
 * sensitive notes must not be exfiltrated by injected markup. Images may come from data: and
 * blob: URLs only; styles are allowed inline because Svelte sets style attributes.
 * WebAssembly may be compiled ('wasm-unsafe-eval': the vault's Argon2id runs as WebAssembly);
 * JavaScript's own eval stays forbidden. The one exception to "nothing from another origin":
 * the team's server, once the researcher has set it (see syncServerOrigin), for connections
 * only — and only sealed documents go there.
 */
export function cspFor(syncOrigins: readonly string[] = []): string {
  const servers = syncOrigins.filter((o) => syncServerOrigin(o) === o);
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...servers].join(' '),
    "worker-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const contentSecurityPolicy = cspFor();

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The origin of a team server's address, or null when it is not one Fieldbook connects to:
 * HTTPS, or plain HTTP on this machine only (a test server; anything else would send the
 * server's password in clear). No path tricks reach the policy: only the origin does.
 */
export function syncServerOrigin(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  // A plain host name or address: a wildcard or any other source expression is no server.
  const host = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i;
  if (!host.test(url.hostname)) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return url.origin;
  return null;
}

/** The origins of the servers named in `FIELDBOOK_SYNC_SERVERS` (comma-separated), for the web build. */
export function syncOriginsFrom(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => syncServerOrigin(s))
    .filter((o): o is string => o !== null);
}

/**
 * A page's HTML with the policy in its meta element replaced by `policy`: the host that serves
 * the page with a policy (the desktop app's protocol, the web build's server) puts the same
 * one in the page, since a page obeys both and a stricter meta would block the team's server.
 * A page opened without its host keeps the strict policy it was built with.
 */
export function withPolicyMeta(html: string, policy: string): string {
  const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return html.replace(
    /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/i,
    (_whole, start: string, end: string) => `${start}${escaped}${end}`,
  );
}
