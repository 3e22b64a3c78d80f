import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import * as fx from '../fixtures/import-files';

const enc = (text: string) => new TextEncoder().encode(text);

/** A researcher's folder after a trip: good files, broken ones, and one of each trap. */
async function tripFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'fieldbook-trip-'));
  const dir = join(root, 'mali-trip');
  await mkdir(join(dir, 'reports'), { recursive: true });
  const files: Record<string, Uint8Array | string> = {
    'reports/situation-report.pdf': await fx.pdfWithPages(fx.REPORT_PAGES),
    'reports/scan-0042.pdf': await fx.scannedPdf(),
    'reports/locked.pdf': fx.encryptedPdf(),
    'weekly-brief.docx': await fx.docxReport(),
    'renamed.docx': 'This is a text file someone renamed to .docx by mistake.',
    'timbuktu.html': fx.HTML_ARTICLE,
    'kidal-water.mhtml': fx.MHTML,
    'rapport-latin1.txt': fx.latin1(
      'Rapport de Ségou. Les forces armées ont été attaquées près de Ségou; déçus, les habitants ont fui.',
    ),
    'notes-utf16.txt': fx.utf16leWithBom(
      'Notes from Ménaka: the market was closed on Friday after the attack.',
    ),
    'reading-list.ris': fx.RIS,
    'references.bib': fx.BIBTEX,
    'photos.zip': fx.zip({
      'day1/gao.txt': enc('Gao, day one: the checkpoint at the bridge had been burned overnight.'),
    }),
    'bomb.zip': fx.zipBomb(50),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

test.describe('Import', () => {
  let folder: string;
  test.beforeAll(async () => {
    folder = await tripFolder();
  });
  test.afterAll(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true });
  });

  test('imports a folder of mixed files with progress, counts and a failure report', async ({
    app,
    page,
  }) => {
    await app.nav('Sources').click();
    await page.getByLabel('Import folder').setInputFiles(folder);
    await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();

    const report = page.getByRole('status').filter({ hasText: 'Imported' });
    await expect(report).toContainText('Imported 10 of 13 files.', { timeout: 60_000 });
    await expect(report).toContainText('12 sources were created.');
    const failures = page.getByRole('list', { name: 'Files that could not be imported' });
    await expect(failures.getByRole('listitem')).toHaveCount(3);
    // The order of files in a folder is the browser's: compare as a set.
    expect((await failures.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      'mali-trip/bomb.zip: zip archive that expands more than 100 times its size (a zip bomb?) (zeros.txt)',
      'mali-trip/renamed.docx: not a DOCX file',
      'mali-trip/reports/locked.pdf: encrypted PDF: open it with its password and save an unprotected copy',
    ]);

    // Every kind of file became a readable source.
    for (const title of [
      'Situation report: central Mali',
      'Weekly brief on Ségou',
      'Attack near Timbuktu kills four',
      'Water shortage in Kidal',
      'Mali: Ménaka under siege',
      'The JNIM insurgency after 2020',
      'Rapport de Ségou.',
    ])
      await expect(
        app.sources.getByRole('button', { name: new RegExp(title.replace(/[.:]/g, '.')) }),
      ).toBeVisible();

    await app.openSource('scan 0042');
    await expect(app.reader.getByRole('note').filter({ hasText: 'No text layer' })).toContainText(
      'No text layer (scanned?)',
    );

    await app.openSource('Rapport de Ségou.');
    await expect(app.reader).toContainText('les habitants ont fui');
    await expect(app.reader).toContainText('Imported from mali-trip/rapport-latin1.txt');
  });

  test('finds a word that appears only on page 3 of a PDF and says so', async ({ app, page }) => {
    await app.nav('Sources').click();
    await page.getByLabel('Import folder').setInputFiles(folder);
    await expect(page.getByText('Imported 10 of 13 files.')).toBeVisible({ timeout: 60_000 });

    await app.searchBox.fill('Boulkessi');
    const hit = app.searchResults.getByRole('button', { name: /Situation report: central Mali/ });
    await expect(hit).toContainText('p. 3');
    await expect(hit.locator('mark')).toHaveText('Boulkessi');
    await hit.click();
    await expect(app.reader.getByText('Page 3', { exact: true })).toBeVisible();
  });

  test('reports every file as a duplicate when the same folder is imported again', async ({ app, page }) => {
    await app.nav('Sources').click();
    const importFolder = page.getByLabel('Import folder');
    await importFolder.setInputFiles(folder);
    await expect(page.getByText('Imported 10 of 13 files.')).toBeVisible({ timeout: 60_000 });
    const count = await app.sources.getByRole('listitem').count();
    await page.getByRole('button', { name: 'Dismiss' }).first().click();

    await importFolder.setInputFiles(folder);
    await expect(page.getByText('Imported 0 of 13 files.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('10 already in the archive:')).toBeVisible();
    const duplicates = page.getByRole('list', { name: 'Files already in the archive' });
    await expect(duplicates.getByRole('listitem')).toHaveCount(10);
    await expect(duplicates).toContainText('situation-report.pdf: the same file is already in the archive');
    await expect(app.sources.getByRole('listitem')).toHaveCount(count);
  });
});

test('refuses a file over the limit set in Settings, and keeps the setting', async ({ app, page }) => {
  await app.nav('Settings').click();
  const limit = page.getByLabel('Largest file to import (MB)');
  await expect(limit).toHaveValue('200');
  await limit.fill('0');
  await limit.blur();
  await expect(page.getByText('Enter a whole number of megabytes from 1 to 2048.')).toBeVisible();
  await limit.fill('1');
  await limit.blur();
  await expect(page.getByText('Import setting saved.')).toBeVisible();

  await app.nav('Sources').click();
  await app.importFiles.setInputFiles([
    { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(2 * 1024 * 1024, 'a') },
    {
      name: 'small.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('A short report from Kidal about the water supply.'),
    },
  ]);
  await expect(page.getByText('Imported 1 of 2 files.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Files that could not be imported' })).toHaveText(
    'big.txt: file over the 1 MB limit',
  );

  await page.reload();
  await app.nav('Settings').click();
  await expect(page.getByLabel('Largest file to import (MB)')).toHaveValue('1');
});

test('exports every source as Markdown with the original files, byte for byte', async ({ app, page }) => {
  const pdf = await fx.pdfWithPages(fx.REPORT_PAGES);
  await app.nav('Sources').click();
  await app.importFiles.setInputFiles([
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
    {
      name: 'gao.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Gao\n\nThe market reopened after the attack.'),
    },
  ]);
  await expect(page.getByText('Imported 2 of 2 files.')).toBeVisible();

  await app.nav('Settings').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all 2 sources' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fieldbook-sources-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = unzipSync(new Uint8Array(await readFile(await download.path())));
  expect(Object.keys(zip).sort()).toEqual([
    'gao.md',
    'originals/gao.md',
    'originals/situation-report-central-mali.pdf',
    'situation-report-central-mali.md',
  ]);
  expect(Buffer.from(zip['originals/situation-report-central-mali.pdf']!).equals(Buffer.from(pdf))).toBe(
    true,
  );
  expect(new TextDecoder().decode(zip['gao.md'])).toContain('# Gao');

  await app.openSource('Situation report: central Mali');
  const saving = page.waitForEvent('download');
  await app.reader.getByRole('button', { name: 'Save original file' }).click();
  const original = await saving;
  expect(original.suggestedFilename()).toBe('report.pdf');
  expect((await readFile(await original.path())).equals(Buffer.from(pdf))).toBe(true);
});

test('cancels a running import, keeping exactly what was already saved', async ({ app, page }) => {
  const root = await mkdtemp(join(tmpdir(), 'fieldbook-many-'));
  try {
    for (let i = 0; i < 400; i++)
      await writeFile(
        join(root, `report-${i}.txt`),
        `Report ${i} from the road to Mopti. `.repeat(20 + (i % 7)),
      );
    await app.nav('Sources').click();
    await page.getByLabel('Import folder').setInputFiles(root);
    const progress = page.getByRole('status').filter({ hasText: 'Importing' });
    await expect(progress).toContainText(/\d+ imported · \d+ already in the archive · \d+ failed/);
    await page.getByRole('button', { name: 'Cancel import' }).click();

    const report = page.getByRole('status').filter({ hasText: 'Import cancelled' });
    await expect(report).toBeVisible();
    const [, imported, total] =
      /Import cancelled after (\d+) of (\d+) files/.exec(await report.innerText()) ?? [];
    expect(Number(total)).toBe(400);
    expect(Number(imported)).toBeLessThan(400);
    await expect(app.sources.getByRole('listitem')).toHaveCount(Number(imported));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('exports a selection of sources', async ({ app, page }) => {
  await app.nav('Sources').click();
  await app.importFiles.setInputFiles(
    ['Gao', 'Mopti', 'Kidal'].map((place) => ({
      name: `${place.toLowerCase()}.md`,
      mimeType: 'text/markdown',
      buffer: Buffer.from(`# Report from ${place}\n\nThe market in ${place} reopened on Monday.`),
    })),
  );
  await expect(page.getByText('Imported 3 of 3 files.')).toBeVisible();
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select Report from Gao' }).check();
  await page.getByRole('checkbox', { name: 'Select Report from Kidal' }).check();
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('toolbar', { name: 'Selected sources' })
    .getByRole('button', { name: 'Export 2 selected' })
    .click();
  const zip = unzipSync(new Uint8Array(await readFile(await (await downloading).path())));
  expect(Object.keys(zip).sort()).toEqual([
    'originals/report-from-gao.md',
    'originals/report-from-kidal.md',
    'report-from-gao.md',
    'report-from-kidal.md',
  ]);
});

test('a search hit on page 4 of a long PDF opens the reader at page 4', async ({ app, page }) => {
  const filler = (n: number) =>
    Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of page ${n}: market prices, roads, rain.`);
  const pages = [1, 2, 3, 4, 5].map((n) =>
    n === 4 ? ['Clashes near Hombori on page four.', ...filler(n)] : filler(n),
  );
  await app.nav('Sources').click();
  await app.importFiles.setInputFiles({
    name: 'long-report.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await fx.pdfWithPages(pages, 'Long report')),
  });
  await expect(page.getByText('Imported 1 of 1 files.')).toBeVisible();
  await app.nav('Notes').click();

  await app.searchBox.fill('Hombori');
  const hit = app.searchResults.getByRole('button', { name: /Long report/ });
  await expect(hit).toContainText('p. 4');
  await hit.click();
  await expect(app.reader.getByText('Page 4', { exact: true })).toBeInViewport();
  await expect(app.reader.getByText('Page 1', { exact: true })).not.toBeInViewport();
});

test('a page saved as text takes its headline, not its menus, and the report lists the titles it guessed', async ({
  app,
  page,
}) => {
  const scraped = [
    'Accessibility links',
    'Skip to content',
    'Home',
    'News',
    'Mali: Dozens killed in attack on bus near Bandiagara',
    'Published',
    '4 December 2021',
    'Share',
    'At least 31 people have been killed after gunmen attacked a bus in central Mali on Friday.',
  ].join('\n');
  await app.importFiles.setInputFiles([
    { name: 'bbc-page.txt', mimeType: 'text/plain', buffer: Buffer.from(scraped) },
    { name: 'brief.md', mimeType: 'text/markdown', buffer: Buffer.from('# Weekly brief\n\nNothing new.') },
  ]);
  await expect(page.getByText('Imported 2 of 2 files.')).toBeVisible();
  const guessed = page.getByRole('list', { name: 'Titles picked from the text' });
  await expect(guessed.getByRole('listitem')).toHaveText([
    'Mali: Dozens killed in attack on bus near Bandiagara — bbc-page.txt',
  ]);
  await guessed.getByRole('button', { name: 'Mali: Dozens killed in attack on bus near Bandiagara' }).click();
  await expect(
    page.getByRole('heading', { name: 'Mali: Dozens killed in attack on bus near Bandiagara', level: 2 }),
  ).toBeVisible();
  await expect(
    page.getByRole('note').filter({ hasText: 'This title was picked from the text' }),
  ).toBeVisible();
  // The date the page prints is the source's published date.
  await expect(page.getByRole('note').filter({ hasText: 'No published date' })).toBeHidden();
  // Saving the title through the form makes it the researcher's.
  await page.getByRole('button', { name: 'Edit source' }).click();
  await app.dialog.getByLabel('Title').fill('Bus attack near Bandiagara (BBC)');
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(
    page.getByRole('heading', { name: 'Bus attack near Bandiagara (BBC)', level: 2 }),
  ).toBeVisible();
  await expect(
    page.getByRole('note').filter({ hasText: 'This title was picked from the text' }),
  ).toBeHidden();
});
