/** File-system path rules of the main process, kept free of electron so they can be tested. */
import { join, normalize, sep } from 'node:path';

/**
 * Resolves a URL path inside `root`, or returns null when it would escape it
 * (`/../secret`, an encoded `%2e%2e/`, or a malformed escape).
 */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  const inside = root.endsWith(sep) ? root : root + sep;
  return full.startsWith(inside) ? full : null;
}
