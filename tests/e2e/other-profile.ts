/** The app in a second, fresh browser profile: another machine, for restoring an archive file. */
import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './app-page';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export async function withOtherProfile(origin: string, use: (app: AppPage) => Promise<void>): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'fieldbook-other-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL: origin,
  });
  try {
    const app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    await app.goto();
    await use(app);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
