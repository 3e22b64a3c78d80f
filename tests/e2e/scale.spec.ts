/**
 * Lists at archive size: only the rows on screen are in the page, yet every row is reachable
 * by keyboard, selectable and counted; changes from another window appear; deleting a row
 * keeps the reader's place in the list.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const COUNT = 3000;
/** Source i's title: zero-padded, so that the newest-first order is plain to read. */
const title = (i: number) => `Report ${String(i).padStart(4, '0')} on attacks near Mopti`;
const DAY_MS = 86_400_000;
/**
 * Source i's publication day: every tenth is undated; the others are spread over eight years in
 * an order unlike that of creation (389 is prime to 3,000, so no two share a day).
 */
const published = (i: number) =>
  i % 10 === 0
    ? undefined
    : new Date(Date.UTC(2016, 0, 1) + ((i * 389) % 3000) * DAY_MS).toISOString().slice(0, 10);

/**
 * Writes `count` sources straight into the archive's database, as a long-used profile holds
 * them, then reloads: the app reads them at start like any archive it finds.
 */
async function seedSources(page: Page, count: number): Promise<void> {
  const days = Array.from({ length: count }, (_, i) => published(i));
  await page.evaluate(
    ({ count, base, days }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('sources', 'readwrite');
          const store = tx.objectStore('sources');
          for (let i = 0; i < count; i++) {
            const padded = String(i).padStart(4, '0');
            store.put({
              id: `seeded-${padded}`,
              title: `Report ${padded} on attacks near Mopti`,
              text: `Militants attacked a village near Mopti. Report number ${padded}.`,
              publisher: i % 2 ? 'Sahel Daily' : 'Le Soir de Bamako',
              ...(days[i] ? { publishedAt: days[i] } : {}),
              author: '',
              url: '',
              language: 'en',
              tags: [],
              origin: { kind: 'manual' },
              createdAt: base + i * 1000,
              updatedAt: base + i * 1000,
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    { count, base: Date.UTC(2024, 0, 1), days },
  );
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 30_000 });
}

test.describe('lists at archive size', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the Sources list holds only the rows on screen, and each says where it stands', async ({
    app,
    page,
  }) => {
    await seedSources(page, COUNT);
    await app.nav('Sources').click();
    const rows = app.sources.getByRole('listitem');
    await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));
    await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
    await expect(rows.first()).toContainText(title(COUNT - 1));
    expect(await rows.count()).toBeLessThan(100);
  });

  test('the keyboard reaches every row, the last one too, and opens it', async ({ app, page }) => {
    await seedSources(page, COUNT);
    await app.nav('Sources').click();
    const first = app.sources.getByRole('button', { name: new RegExp(title(COUNT - 1)) });
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(title(COUNT - 2)));
    await page.keyboard.press('End');
    const last = app.sources.getByRole('button', { name: new RegExp(title(0)) });
    await expect(last).toBeFocused();
    await expect(last.locator('xpath=..')).toHaveAttribute('aria-posinset', String(COUNT));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name: title(0) })).toBeVisible();
    await expect(app.reader).toContainText('Report number 0000');
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
  });

  test('selecting all selects the rows that are not on screen', async ({ app, page }) => {
    await seedSources(page, COUNT);
    await app.nav('Sources').click();
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const toolbar = page.getByRole('toolbar');
    await toolbar.getByRole('button', { name: 'Select all' }).click();
    await expect(toolbar).toContainText('3,000 selected');
    await expect(toolbar.getByRole('button', { name: 'Export 3,000 selected' })).toBeEnabled();
  });

  test('sorts and filters every row, those off screen too, and keeps the order chosen', async ({
    app,
    page,
  }) => {
    await seedSources(page, COUNT);
    await app.nav('Sources').click();
    const pane = page.getByRole('region', { name: 'Sources' });
    const rows = app.sources.getByRole('listitem');
    await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));
    const sort = pane.getByRole('combobox', { name: 'Sort' });
    const latest = [...Array(COUNT).keys()].reduce((best, i) =>
      (published(i) ?? '') > (published(best) ?? '') ? i : best,
    );

    await sort.selectOption({ label: 'Published, newest first' });
    await expect(rows.first()).toContainText(title(latest));
    await rows.first().getByRole('button').focus();
    await page.keyboard.press('End');
    // The undated come last, the first added of them at the very end.
    await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(title(0)));
    await page.keyboard.press('ArrowUp');
    await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(title(10)));

    await sort.selectOption({ label: 'Title (A–Z)' });
    await expect(rows.first()).toContainText(title(0));
    await rows.first().getByRole('button').focus();
    await page.keyboard.press('End');
    await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(title(COUNT - 1)));

    // One publisher: half the archive, every row shown from it.
    await pane.getByRole('combobox', { name: 'Publisher' }).selectOption({ label: 'Sahel Daily (1,500)' });
    await expect(pane.getByRole('status')).toHaveText(/Showing 1,500 of 3,000 sources/);
    await expect(rows.first()).toHaveAttribute('aria-setsize', '1500');
    await expect(rows.first()).toContainText(title(1));
    for (const row of await rows.all()) await expect(row).toContainText('Sahel Daily');
    // Words of a title, typed key by key, within that publisher: an even report is not there.
    const words = pane.getByRole('searchbox', { name: 'Filter by title or publisher' });
    await words.pressSequentially('0042');
    await expect(pane.getByRole('status')).toHaveText(/No source matches the filter/);
    await words.fill('0043');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(title(43));
    await pane.getByRole('button', { name: 'Clear filters' }).click();
    await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));

    // The order is kept from one session to the next; the filter is not.
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await app.nav('Sources').click();
    await expect(pane.getByRole('combobox', { name: 'Sort' })).toHaveValue('title');
    await expect(rows.first()).toContainText(title(0));
  });

  test('search results hold only the rows on screen; more of them come on asking, and the keyboard reaches them', async ({
    app,
    page,
  }) => {
    await seedSources(page, COUNT);
    await app.searchBox.fill('Mopti');
    const rows = app.searchResults.getByRole('listitem');
    await expect(page.getByRole('status').filter({ hasText: /3,000 results/ })).toBeVisible({
      timeout: 60_000,
    });
    await expect(rows.first()).toHaveAttribute('aria-setsize', '50');
    for (const shown of [100, 150, 200]) {
      await page.getByRole('button', { name: 'Show 50 more results' }).click();
      await expect(rows.first()).toHaveAttribute('aria-setsize', String(shown));
    }
    expect(await rows.count()).toBeLessThan(60);
    await rows.first().getByRole('button').focus();
    await page.keyboard.press('End');
    const last = page.locator(':focus');
    await expect(last.locator('xpath=..')).toHaveAttribute('aria-posinset', '200');
    await expect(last).toBeInViewport();
    const name = (await last.locator('.result-title').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name })).toBeVisible();
  });

  test('deleting a source from far down the list keeps the place in it', async ({ app, page }) => {
    await seedSources(page, COUNT);
    await app.nav('Sources').click();
    await app.sources.getByRole('button', { name: new RegExp(title(COUNT - 1)) }).focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('PageDown');
    const focused = page.locator(':focus');
    const name = (await focused.textContent()) ?? '';
    const position = Number(await focused.locator('xpath=..').getAttribute('aria-posinset'));
    expect(position).toBeGreaterThan(100);
    await page.keyboard.press('Enter');
    const before = await page.evaluate(() => window.scrollY);
    await page.getByRole('button', { name: 'Delete source' }).click();
    await expect(page.getByText(/moved to Trash/)).toBeVisible();
    await expect(app.sources.getByRole('button', { name: name.trim() })).toHaveCount(0);
    const after = await page.evaluate(() => window.scrollY);
    expect(Math.abs(after - before)).toBeLessThan(80);
    // The source that came after it now stands where it stood.
    const next = app.sources.locator(`li[aria-posinset="${position}"]`);
    await expect(next).toBeInViewport();
    await expect(next).not.toContainText(name.trim());
    await expect(app.sources.getByRole('listitem').first()).toHaveAttribute(
      'aria-setsize',
      String(COUNT - 1),
    );
  });

  test('a change made in another window appears in this one', async ({ app, page }) => {
    await seedSources(page, 50);
    const other = await page.context().newPage();
    await other.goto('/');
    await expect(other.locator('html[data-ready="true"]')).toHaveCount(1);
    await app.nav('Notes').click();
    await other.getByRole('navigation').getByRole('button', { name: 'Notes', exact: true }).click();
    await other.getByRole('button', { name: 'New note' }).click();
    await other.getByRole('textbox', { name: 'Note' }).fill('Written in the other window about Boni');
    await other.getByRole('button', { name: 'Save note' }).click();
    await expect(
      app.notes.getByRole('button', { name: /Written in the other window about Boni/ }),
    ).toBeVisible();

    await app.nav('Sources').click();
    await other.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
    await other
      .getByRole('list', { name: 'Sources' })
      .getByRole('button', { name: new RegExp(title(49)) })
      .click();
    await other.getByRole('button', { name: 'Delete source' }).click();
    await expect(app.sources.getByRole('button', { name: new RegExp(title(49)) })).toHaveCount(0);
    await expect(app.sources.getByRole('listitem').first()).toContainText(title(48));
    await expect(app.nav('Trash')).toContainText('1');
    await other.close();
  });
});
