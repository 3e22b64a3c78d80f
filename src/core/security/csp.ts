/**
 * The Content-Security-Policy of every page of the app, in Electron and in the web build.
 * Nothing may load from another origin: imported pages must not phone home, and an archive of
 * sensitive notes must not be exfiltrated by injected markup. Images may come from data: and
 * blob: URLs only; styles are allowed inline because Svelte sets style attributes.
 * WebAssembly may be compiled ('wasm-unsafe-eval': the vault's Argon2id runs as WebAssembly);
 * JavaScript's own eval stays forbidden.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
