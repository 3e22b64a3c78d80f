import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// Main and preload are built as CommonJS: the sandboxed preload cannot load ES modules.
// The renderer is shared with the web build (vite.web.config.mts) through rendererConfig.
import { rendererConfig } from './renderer.config';

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: resolve(__dirname, 'src/main/index.ts') } },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: resolve(__dirname, 'src/preload/index.ts') },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: resolve(__dirname, 'out/renderer') },
  },
});
