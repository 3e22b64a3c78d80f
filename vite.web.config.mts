// The web build: the same renderer served over HTTP on 127.0.0.1 (module scripts cannot load from file://).
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vite';
import { rendererConfig } from './renderer.config';
import { cspFor, syncOriginsFrom, withPolicyMeta } from './src/core/security/csp';

const port = Number(process.env.PORT ?? 5178);
// A browser takes the policy from the server: the team servers the page may reach are named
// when it is served (FIELDBOOK_SYNC_SERVERS=https://couch.example.org,…); none by default.
const policy = cspFor(syncOriginsFrom(process.env.FIELDBOOK_SYNC_SERVERS));
const headers = {
  'Content-Security-Policy': policy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const outDir = fileURLToPath(new URL('./out/web', import.meta.url));

/** The page served with the policy it is served under, in its meta element too (see withPolicyMeta). */
function servedPolicy(): Plugin {
  return {
    name: 'fieldbook:served-policy',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path !== '/' && path !== '/index.html') return next();
        readFile(`${outDir}/index.html`, 'utf8').then(
          (html) => {
            for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.setHeader('Cache-Control', 'no-cache');
            res.end(req.method === 'HEAD' ? undefined : withPolicyMeta(html, policy));
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}

export default defineConfig({
  ...rendererConfig,
  plugins: [...rendererConfig.plugins, servedPolicy()],
  build: {
    ...rendererConfig.build,
    outDir,
    emptyOutDir: true,
  },
  preview: { host: '127.0.0.1', port, strictPort: true, headers },
  server: { host: '127.0.0.1', port, strictPort: true, headers },
});
