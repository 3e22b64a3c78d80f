// Shared Vite settings for the renderer, used by the Electron build and the web build alike.
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contentSecurityPolicy } from './src/core/security/csp';

/** Puts the app's Content-Security-Policy in index.html, from the one definition in core. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'fieldbook:csp-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export const rendererConfig = {
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.mjs', import.meta.url)) }),
    contentSecurityPolicyMeta(),
  ],
  resolve: {
    // Citation.js never fetches here (see no-fetch.ts): its Node fetch packages are not bundled.
    alias: ['node-fetch', 'sync-fetch'].map((name) => ({
      find: new RegExp(`^${name}$`),
      replacement: fileURLToPath(new URL('./src/renderer/src/lib/import/no-fetch.ts', import.meta.url)),
    })),
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // pdf.js and the extraction worker are over 1 MB each; both load only when a file is imported.
    chunkSizeWarningLimit: 1400,
    rollupOptions: { input: fileURLToPath(new URL('./src/renderer/index.html', import.meta.url)) },
  },
} satisfies UserConfig;
