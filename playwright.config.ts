/**
 * End-to-end tests drive the web build in Debian's Chromium (never a downloaded browser);
 * Electron tests run only where an Electron binary is available and are skipped otherwise.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/chromium';
import { SYNC_PORT, SYNC_SERVER_URL } from './tests/e2e/sync-url';

const port = Number(process.env.E2E_PORT ?? 5199);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  globalSetup: './tests/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    // Any browser Playwright starts by itself is Debian's Chromium too, never a download.
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'web', testDir: 'tests/e2e' },
    { name: 'electron', testDir: 'tests/electron' },
  ],
  webServer: [
    {
      command: 'npx vite preview --config vite.web.config.mts',
      url: baseURL,
      // The page's policy lets it reach the test team server, and no other.
      env: { PORT: String(port), FIELDBOOK_SYNC_SERVERS: SYNC_SERVER_URL },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node sync-server/start.cjs --port=${SYNC_PORT}`,
      url: `${SYNC_SERVER_URL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
