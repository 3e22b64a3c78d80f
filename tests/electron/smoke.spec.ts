/**
 * The Electron app itself: runs only where an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH
 * or ELECTRON_EXEC_PATH), and is reported as skipped everywhere else.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { join } from 'node:path';
import { electronBinary } from './binary';

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(
    !binary,
    'No Electron binary here: set ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_EXEC_PATH to run it',
  );

  test('opens a hardened window, saves a source and finds it', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: [join(__dirname, '../../out/main/index.js')],
    });
    try {
      const win = await app.firstWindow();
      expect(win.url()).toBe('app://fieldbook/index.html');
      // No Node in the page (nodeIntegration off, sandboxed), and only the narrow API on window.
      const exposed = await win.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        api: Object.keys((globalThis as { api?: object }).api ?? {}).sort(),
      }));
      expect(exposed).toEqual({
        require: 'undefined',
        process: 'undefined',
        api: ['appInfo', 'openExternal'],
      });

      await win.getByRole('button', { name: 'New source' }).click();
      await win.getByLabel('Title').fill('Electron source');
      await win.getByLabel('Text', { exact: true }).fill('Saved inside the desktop app near Kidal.');
      await win.getByRole('button', { name: 'Save' }).click();
      await win.getByRole('searchbox', { name: 'Search' }).fill('kidal');
      await expect(win.getByRole('list', { name: 'Search results' }).getByRole('listitem')).toHaveCount(1);

      const opened = await win.evaluate(() => window.open('https://example.org') === null);
      expect(opened).toBe(true);
      await win.evaluate(() => {
        window.location.href = 'https://example.org/';
      });
      await expect(win.getByRole('searchbox', { name: 'Search' })).toBeVisible();
      expect(win.url()).toBe('app://fieldbook/index.html');
    } finally {
      await app.close();
    }
  });
});
