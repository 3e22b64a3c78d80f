import { test, expect } from './fixtures';
import { BUS_TITLE, CELLS_TITLE, FIXTURE_ARTICLES } from './paths';

test.describe('Search', () => {
  test('finds the one article that contains a word, with the word marked', async ({ app }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(app.sources.getByRole('listitem')).toHaveCount(3);

    await app.search('Parly');
    await expect(app.hits()).toHaveCount(1);
    await expect(app.hits().first()).toContainText(BUS_TITLE);
    await expect(app.hits().first().locator('mark')).toHaveText(['Parly']);

    await app.hits().first().getByRole('button').click();
    await expect(app.page.getByRole('article', { name: BUS_TITLE })).toBeVisible();
  });

  test('supports prefix, field and required/excluded terms', async ({ app }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(app.sources.getByRole('listitem')).toHaveCount(3);

    await app.search('koulik*');
    await expect(app.hits()).toHaveCount(2);
    await app.search('title:organizes');
    await expect(app.hits()).toHaveText([new RegExp(CELLS_TITLE)]);
    await app.search('+koulikoro -barkhane');
    await expect(app.hits()).toHaveCount(0);
    await expect(app.page.getByText('Nothing matches “+koulikoro -barkhane”.')).toBeVisible();
    await app.search('+wagner -koulikoro');
    await expect(app.hits()).toHaveText([BUS_TITLE]);
  });

  test('shows more than the first 50 hits when asked, 50 at a time', async ({ app, page }) => {
    const files = Array.from({ length: 120 }, (_, i) => ({
      name: `checkpoint-${i}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`Checkpoint report ${i}\n\nSoldiers at the Boni checkpoint counted ${i} trucks.`),
    }));
    await app.nav('Sources').click();
    await app.importFiles.setInputFiles(files);
    await expect(page.getByText('Imported 120 of 120 files.')).toBeVisible({ timeout: 60_000 });
    await app.search('checkpoint');
    await expect(page.getByRole('status').filter({ hasText: /results?$/ })).toHaveText('120 results');
    // The list says how many hits it holds (its rows off screen are not in the page).
    const shown = app.searchResults.getByRole('listitem').first();
    await expect(shown).toHaveAttribute('aria-setsize', '50');
    await page.getByRole('button', { name: 'Show 50 more results' }).click();
    await expect(shown).toHaveAttribute('aria-setsize', '100');
    await page.getByRole('button', { name: 'Show 20 more results' }).click();
    await expect(shown).toHaveAttribute('aria-setsize', '120');
    await expect(page.getByRole('button', { name: /more results/ })).toHaveCount(0);
    // A new query starts again from the first 50.
    await app.search('checkpoint trucks');
    await expect(shown).toHaveAttribute('aria-setsize', '50');
  });

  test('answers a malformed query with a plain message under the box', async ({ app, page }) => {
    await app.createSource({ title: 'Gao convoy', text: 'A convoy near Gao.' });
    for (const [query, message] of [
      ['title:', 'a word is missing after an operator or field name (at character 1)'],
      ['author:smith', '“author” is not a field you can search; use title:, text: or tags: (at character 1)'],
      ['gao~x', 'the number after ~ or ^ must be a whole number (at character 5)'],
    ] as const) {
      await app.search(query);
      await expect(page.getByRole('alert').filter({ hasText: 'This search cannot be run' })).toContainText(
        message,
      );
      await expect(app.searchBox).toHaveAttribute('aria-invalid', 'true');
    }
    await app.search('gao');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(app.hits()).toHaveCount(1);
  });

  test('finds a note and an incident, labelled by kind, and opens them', async ({ app, page }) => {
    await app.createSource({ title: 'Mopti report', text: 'Report on the Mopti region.' });
    await app.addNote('Cross-check the **Songho** figures with the UN statement');
    await app.createIncident({
      date: '2021-12-03',
      location: 'Songho',
      eventType: 'Violence against civilians',
      actors: 'JNIM',
      fatalities: '31',
      description: 'Bus carrying civilians to the market attacked near Bandiagara.',
    });

    await app.search('songho');
    await expect(app.hits()).toHaveCount(2);
    const note = app.hits().filter({ hasText: 'Note' });
    const incident = app.hits().filter({ hasText: 'Incident' });
    await expect(note).toContainText('Cross-check the');
    await expect(incident).toContainText('Violence against civilians — Songho');

    await incident.getByRole('button').click();
    await expect(
      app.page.getByRole('article', { name: 'Violence against civilians — Songho' }),
    ).toBeVisible();
    await note.getByRole('button').click();
    await expect(page.getByRole('heading', { name: 'On Mopti report' })).toBeVisible();
    await expect(page.locator('.detail-pane strong')).toHaveText('Songho');
  });

  test('follows every add, edit and delete without a reload', async ({ app, page }) => {
    await app.createSource({ title: 'Field notes', text: 'Nothing yet.' });
    await app.addNote('Met a trader from Ménaka');
    await app.search('menaka');
    await expect(app.hits()).toHaveCount(1);

    await app.nav('Sources').click();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await app.openSource('Field notes');
    await page.getByRole('button', { name: 'Delete note' }).click();
    await app.search('menaka');
    await expect(page.getByText('Nothing matches “menaka”.')).toBeVisible();
    await expect(app.hits()).toHaveCount(0);

    await app.searchBox.fill('');
    await app.openSource('Field notes');
    await page.getByRole('button', { name: 'Edit source' }).click();
    await app.dialog.getByLabel('Text', { exact: true }).fill('A convoy reached Kidal.');
    await app.dialog.getByRole('button', { name: 'Save' }).click();
    // The rest of the page is inert while the dialog is open: type only once it has closed.
    await expect(app.dialog).toBeHidden();
    await app.search('kidal');
    await expect(app.hits()).toHaveText([/Field notes/]);
  });
});
