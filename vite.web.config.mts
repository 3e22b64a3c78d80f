// The web build: the same renderer served over HTTP on 127.0.0.1 (module scripts cannot load from file://).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { rendererConfig } from './renderer.config';
import { contentSecurityPolicy } from './src/core/security/csp';

const port = Number(process.env.PORT ?? 5178);
const headers = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export default defineConfig({
  ...rendererConfig,
  build: {
    ...rendererConfig.build,
    outDir: fileURLToPath(new URL('./out/web', import.meta.url)),
    emptyOutDir: true,
  },
  preview: { host: '127.0.0.1', port, strictPort: true, headers },
  server: { host: '127.0.0.1', port, strictPort: true, headers },
});
