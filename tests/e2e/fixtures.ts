/**
 * Test fixtures: a fresh Chromium profile per test (a persistent one, so a test can close the
 * browser and open it again on the same profile), the app's page model, and a watch on the
 * network that fails the test if the app sends any request outside its own origin.
 */
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './app-page';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { SYNC_SERVER_URL } from './sync-url';

export interface Session {
  context: BrowserContext;
  page: Page;
  app: AppPage;
}

interface Fixtures {
  /** Requests that left the app's origin, gathered over the whole test. */
  outsideRequests: string[];
  /** Dialogs (alert, confirm, prompt) that something in the page opened. */
  dialogs: string[];
  profileDir: string;
  /** Opens the app on the test's profile; call again after closing to reopen it. */
  openApp: (options?: { locale?: string }) => Promise<Session>;
  app: AppPage;
}

export const test = base.extend<Fixtures>({
  outsideRequests: async ({}, use) => {
    const outside: string[] = [];
    await use(outside);
    expect(outside, 'requests outside the app origin').toEqual([]);
  },
  dialogs: async ({}, use) => {
    await use([]);
  },
  profileDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'fieldbook-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  openApp: async ({ profileDir, outsideRequests, dialogs, baseURL }, use) => {
    const open: BrowserContext[] = [];
    const origin = new URL(baseURL ?? '').origin;
    await use(async (options = {}) => {
      const context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        baseURL,
        locale: options.locale ?? 'en-GB',
      });
      open.push(context);
      context.on('request', (request) => {
        const url = request.url();
        // The team's server is the one other place the app may reach, once a test sets it.
        if (
          !url.startsWith(`${origin}/`) &&
          !url.startsWith(`${SYNC_SERVER_URL}/`) &&
          !/^(data|blob):/.test(url)
        )
          outsideRequests.push(url);
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      const app = new AppPage(page);
      await app.goto();
      return { context, page, app };
    });
    for (const context of open) await context.close().catch(() => undefined);
  },
  app: async ({ openApp }, use) => {
    const { app } = await openApp();
    await use(app);
  },
  // The page of the app opened on the test's profile, not Playwright's default page.
  page: async ({ app }, use) => {
    await use(app.page);
  },
});

export { expect };
