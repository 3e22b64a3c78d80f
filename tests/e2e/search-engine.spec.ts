import { test, expect } from './fixtures';
import { BUS_TITLE, FIXTURE_ARTICLES, SECURITY_TITLE } from './paths';
import { storedSegments } from './stored-index';

test.describe('Search engine', () => {
  test('finds an armed group and a place under their other names', async ({ app }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(app.sources.getByRole('listitem')).toHaveCount(3);

    // The bus-attack article writes "Jama’at Nusrat al-Islam Wal Muslimeen", never "JNIM".
    await app.search('JNIM');
    await expect(app.hits()).toHaveText([BUS_TITLE]);
    await expect(app.hits().first().locator('mark')).toHaveText(['Jama’at Nusrat al-Islam Wal Muslimeen']);

    // The security article writes the French acronym "Aqmi".
    await app.search('AQIM');
    await expect(app.hits().filter({ hasText: SECURITY_TITLE })).toHaveCount(1);
    await expect(app.hits().filter({ hasText: SECURITY_TITLE }).locator('mark').first()).toContainText(
      /Aqmi|Al-Qaeda in the Islamic Maghreb/,
    );

    await app.search('Tombouctou');
    await expect(app.hits().filter({ hasText: SECURITY_TITLE })).toHaveCount(1);
  });

  test('finds a word without its accent: Segou finds Ségou', async ({ app }) => {
    await app.createSource({
      title: 'Rapport du centre',
      text: 'Des combats ont eu lieu près de Ségou et de Ménaka.',
    });
    await app.search('Segou');
    await expect(app.hits()).toHaveText([/Rapport du centre/]);
    await expect(app.hits().first().locator('mark')).toHaveText(['Ségou']);
    await app.search('menaka');
    await expect(app.hits()).toHaveCount(1);
  });

  test('matches a quoted phrase only in that order, and words near one another', async ({ app }) => {
    await app.createSource({ title: 'First', text: 'The bus attack near Bandiagara.' });
    await app.createSource({ title: 'Second', text: 'An attack on the bus depot.' });
    await app.search('"bus attack"');
    await expect(app.hits()).toHaveText([/First/]);
    await app.search('bus attack');
    await expect(app.hits()).toHaveCount(2);
    // Words near one another, in any order: "attack … bus" has two words between.
    await app.search('"attack bus"~2');
    await expect(app.hits()).toHaveCount(2);
    await app.search('"attack bus"~1');
    await expect(app.hits()).toHaveText([/First/]);
  });

  test('narrows results with facets and counts them', async ({ app, page }) => {
    await app.createSource({ title: 'Convoy in Gao', text: 'A convoy was attacked.', tags: 'gao' });
    await app.createSource({ title: 'Convoy in Mopti', text: 'Another convoy was attacked.', tags: 'mopti' });
    await app.addNote('Convoy figures to check');
    await app.search('convoy');
    await expect(app.hits()).toHaveCount(3);
    await page.getByText('Filters').click();
    await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: 'Note (1)' }).check();
    await expect(app.hits()).toHaveText([/Convoy figures to check/]);
    await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: 'Note (1)' }).uncheck();
    await page.getByRole('group', { name: 'Tag' }).getByRole('checkbox', { name: 'gao (1)' }).check();
    await expect(app.hits()).toHaveText([/Convoy in Gao/]);
  });

  test('searches while an import is running, and finds everything once it ends', async ({ app, page }) => {
    test.setTimeout(120_000);
    const files = Array.from({ length: 150 }, (_, i) => ({
      name: `report-${i}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(
        `Report ${i}\n\nPatrol ${i % 2 ? 'near Kidal' : 'near Hombori'} found weapons caches. ${'Filler text about the region. '.repeat(40)}`,
      ),
    }));
    await app.nav('Sources').click();
    await app.importFiles.setInputFiles(files);
    await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
    await app.search('hombori');
    await expect(app.hits().first()).toBeVisible();
    await expect(page.getByText('Imported 150 of 150 files.')).toBeVisible({ timeout: 100_000 });
    await expect(page.getByRole('status').filter({ hasText: /results?$/ })).toHaveText('75 results');
  });

  test('saves the index while a long import runs, not only once it ends', async ({ app, page }) => {
    // Closing the app in the middle of a long import must not leave a start-up that indexes
    // the whole archive again: the index is saved at least every quarter of a minute.
    test.setTimeout(240_000);
    // Long enough to outlast a save at the import's pace on this machine (150 to 300 files/s).
    const files = Array.from({ length: 10_000 }, (_, i) => ({
      name: `note-${i}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`Field note ${i}\n\nCheckpoint ${i} on the road out of Sévaré.`),
    }));
    await app.nav('Sources').click();
    await app.importFiles.setInputFiles(files);
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(progress).toBeVisible();
    expect(await storedSegments(page)).toBe(0);
    await expect.poll(() => storedSegments(page), { timeout: 30_000, intervals: [500] }).toBeGreaterThan(0);
    // Still importing: the index was saved during the import.
    await expect(progress).toBeVisible();
    await expect(page.getByText('Imported 10,000 of 10,000 files.')).toBeVisible({ timeout: 200_000 });
  });

  test('keeps the index between sessions, and rebuilds a damaged one from the records', async ({
    openApp,
  }) => {
    const first = await openApp();
    await first.app.createSource({ title: 'Kept across restarts', text: 'Checkpoint near Tessit.' });
    await first.app.search('tessit');
    await expect(first.app.hits()).toHaveCount(1);
    await expect(first.page.locator('html')).toHaveAttribute('data-search-index', 'new');
    // Let the worker settle and store its segments before the browser closes.
    await expect.poll(() => storedSegments(first.page), { timeout: 15_000 }).toBeGreaterThan(0);
    await first.context.close();

    const second = await openApp();
    await expect(second.page.locator('html')).toHaveAttribute('data-search-index', 'restored');
    await second.app.search('tessit');
    await expect(second.app.hits()).toHaveText([/Kept across restarts/]);
    // Damage every stored segment, as a bad disk sector would.
    await second.page.evaluate(damageSegments, false);
    await second.context.close();

    const third = await openApp();
    await expect(third.page.locator('html')).toHaveAttribute('data-search-index', 'repaired');
    await expect(third.page.getByText(/The saved search index could not be used/)).toBeVisible();
    await third.app.search('tessit');
    await expect(third.app.hits()).toHaveText([/Kept across restarts/]);
  });

  test('reads the saved texts after the rest, and rebuilds the part whose texts are damaged', async ({
    openApp,
  }) => {
    const first = await openApp();
    await first.app.createSource({ title: 'Kept across restarts', text: 'Checkpoint near Tessit.' });
    await first.app.search('tessit');
    await expect(first.app.hits()).toHaveCount(1);
    await expect.poll(() => storedSegments(first.page), { timeout: 15_000 }).toBeGreaterThan(0);
    await first.context.close();

    const second = await openApp();
    await expect(second.page.locator('html')).toHaveAttribute('data-search-index', 'restored');
    await second.app.search('"near tessit"');
    // The phrase is checked in the texts, read after the rest: it is found, with its snippet.
    await expect(second.app.hits()).toHaveText([/Kept across restarts[\s\S]*near Tessit/]);
    await second.page.evaluate(damageSegments, true);
    await second.context.close();

    const third = await openApp();
    await expect(third.page.getByText(/The saved search index could not be used/)).toBeVisible();
    await third.app.search('"near tessit"');
    await expect(third.app.hits()).toHaveText([/Kept across restarts[\s\S]*near Tessit/]);
  });
});

/** Damages every stored segment, or (`textsOnly`) only the texts stored beside each. */
function damageSegments(textsOnly = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('fieldbook');
    open.onerror = () => reject(open.error ?? new Error('cannot open the database'));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('searchSegments', 'readwrite');
      const store = tx.objectStore('searchSegments');
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return;
        const record = at.value as { id: string; bytes: Uint8Array };
        if (textsOnly && !record.id.endsWith('/texts')) {
          at.continue();
          return;
        }
        const bytes = record.bytes.slice();
        const i = bytes.length - 5;
        bytes[i] = (bytes[i] ?? 0) ^ 0xff;
        at.update({ ...record, bytes });
        at.continue();
      };
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error ?? new Error('the damage did not apply'));
    };
  });
}
