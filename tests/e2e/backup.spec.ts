import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { unzipSync, zipSync } from 'fflate';
import { test, expect } from './fixtures';
import { withOtherProfile } from './other-profile';
import * as fx from '../fixtures/import-files';

/** Everything in the page's IndexedDB archive, with each original's bytes hashed afresh. */
function dump(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('fieldbook');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(String(open.error)));
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
    const hex = (buffer: ArrayBuffer) =>
      Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    const originals = (await all('originals')) as { sha256: string; bytes: Uint8Array; name: string }[];
    const result = {
      sources: await all('sources'),
      notes: await all('notes'),
      incidents: await all('incidents'),
      entities: await all('entities'),
      originals: await Promise.all(
        originals.map(async (o) => ({
          sha256: o.sha256,
          name: o.name,
          digest: hex(await crypto.subtle.digest('SHA-256', o.bytes as Uint8Array<ArrayBuffer>)),
        })),
      ),
    };
    db.close();
    return result;
  });
}

test('a .fieldbook archive restores identical records and originals in a fresh profile', async ({
  app,
  page,
}) => {
  const pdf = await fx.pdfWithPages(fx.REPORT_PAGES);
  await app.nav('Sources').click();
  await app.importFiles.setInputFiles([
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
    { name: 'kidal.mhtml', mimeType: 'multipart/related', buffer: Buffer.from(fx.MHTML) },
  ]);
  await expect(page.getByText('Imported 2 of 2 files.')).toBeVisible();
  await app.openSource('Situation report: central Mali');
  await app.reader.getByRole('button', { name: 'Add note' }).click();
  await page
    .getByRole('textbox', { name: 'Note' })
    .fill('Eleven soldiers: check against the army communiqué.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(app.reader).toContainText('check against the army communiqué');

  await app.nav('Settings').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export archive' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fieldbook-\d{4}-\d{2}-\d{2}\.fieldbook$/);
  const file = await download.path();
  const before = await dump(page);
  expect(before.originals.map((o) => o.digest === o.sha256)).toEqual([true, true]);

  await withOtherProfile(new URL(page.url()).origin, async (other) => {
    await other.nav('Settings').click();
    await other.page.getByLabel('Restore archive').setInputFiles(file);
    await expect(other.page.getByText('Archive restored: 2 sources, 1 notes, 0 incidents.')).toBeVisible();
    await expect(other.page.locator('html[data-ready="true"]')).toHaveCount(1);
    expect(await dump(other.page)).toEqual(before);

    // The restored archive is searchable and readable.
    await other.searchBox.fill('Boulkessi');
    await expect(other.searchResults.getByRole('button', { name: /Situation report/ })).toContainText('p. 3');
  });
});

test('a damaged archive is refused and the archive stays as it was', async ({ app, page }) => {
  await app.createSource({ title: 'Convoy attacked near Tessit', text: 'Soldiers were killed near Tessit.' });
  await app.nav('Settings').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export archive' }).click();
  const zip = unzipSync(new Uint8Array(await readFile(await (await downloading).path())));
  const sources = new TextDecoder().decode(zip['records/sources.json']);
  zip['records/sources.json'] = new TextEncoder().encode(sources.replace('Tessit', 'Gao'));

  await page.getByLabel('Restore archive').setInputFiles({
    name: 'altered.fieldbook',
    mimeType: 'application/zip',
    buffer: Buffer.from(zipSync(zip)),
  });
  await page.getByRole('dialog').getByRole('button', { name: 'Replace with the file' }).click();
  await expect(
    page.getByText(
      'altered.fieldbook was not restored, and nothing was changed: it is damaged or was altered (records/sources.json does not match its checksum).',
    ),
  ).toBeVisible();
  await app.nav('Sources').click();
  await expect(app.sources.getByRole('listitem')).toHaveText([/Convoy attacked near Tessit/]);
});
