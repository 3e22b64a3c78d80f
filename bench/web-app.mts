/**
 * The web build, built afresh and served on a port of its own, for the tools that drive the
 * real app in Chromium (the import benchmark and the crash test). An ES module: Vite's build
 * must be loaded as one (the tools import it as `web-app.mjs`).
 */
import { build, preview } from 'vite';

export async function serveWebApp(
  port: number,
  options: { minify?: boolean } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  // Unminified for a CPU profile, so that its functions keep their names.
  await build({
    configFile: 'vite.web.config.mts',
    logLevel: 'warn',
    ...(options.minify === false ? { build: { minify: false } } : {}),
  });
  const server = await preview({
    configFile: 'vite.web.config.mts',
    preview: { port, strictPort: true, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
