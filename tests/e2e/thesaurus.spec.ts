import { test, expect } from './fixtures';

test('a name added to the thesaurus makes search find the group under it', async ({ app, page }) => {
  await app.createSource({
    title: 'Post attacked',
    text: 'Fighters of Katiba Hanifa attacked the gendarmerie post.',
  });
  await app.search('JNIM');
  await expect(page.getByText('Nothing matches “JNIM”.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();

  await app.nav('Settings').click();
  await page.getByRole('button', { name: 'Edit JNIM' }).click();
  const aliases = app.dialog.getByLabel('Other names');
  await aliases.fill(`${await aliases.inputValue()}\nKatiba Hanifa`);
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.dialog).toBeHidden();
  await expect(app.thesaurusEntry('JNIM')).toContainText('Katiba Hanifa');

  await app.search('JNIM');
  await expect(app.hits()).toHaveText([/Post attacked/]);
  await expect(app.hits().first().locator('mark')).toHaveText(['Katiba Hanifa']);
});

test('adds a new entry, refuses a duplicate name, and deletes after confirmation', async ({ app, page }) => {
  await app.nav('Settings').click();
  await page.getByRole('button', { name: 'Add entry' }).click();
  await app.dialog.getByLabel('Name', { exact: true }).fill('Wagner Group');
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.dialog.getByText('The thesaurus already has an entry with this name.')).toBeVisible();
  await app.dialog.getByLabel('Name', { exact: true }).fill('Dan Na Ambassagou');
  await app.dialog.getByLabel('Other names').fill('Dozo militia');
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  const entries = page.getByRole('list', { name: 'Thesaurus entries' });
  await expect(entries.getByRole('listitem').filter({ hasText: 'Dan Na Ambassagou' })).toContainText(
    'Dozo militia',
  );

  await page.getByRole('button', { name: 'Delete Dan Na Ambassagou' }).click();
  await page
    .getByRole('dialog', { name: 'Delete “Dan Na Ambassagou” from the thesaurus?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(entries.getByRole('listitem').filter({ hasText: 'Dan Na Ambassagou' })).toHaveCount(0);
});

test('a village located in the thesaurus joins the gazetteer: a passage naming it proposes its region and point', async ({
  app,
  page,
}) => {
  await app.nav('Settings').click();
  await page.getByRole('button', { name: 'Add entry' }).click();
  await app.dialog.getByLabel('Name', { exact: true }).fill('Ogossagou');
  await app.dialog.getByLabel('Kind').selectOption({ label: 'Place' });
  await app.dialog.getByLabel('Other names').fill('Ogossagou-Peul');
  await app.dialog.getByLabel('Region (admin 1)').fill('Mopti');
  await app.dialog.getByLabel('Country').fill('ML');
  await app.dialog.getByLabel('Latitude').fill('91');
  await app.dialog.getByLabel('Longitude').fill('-3.3');
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.dialog.getByText('Latitude is a number between −90 and 90.')).toBeVisible();
  await app.dialog.getByLabel('Latitude').fill('14.46');
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.dialog).toBeHidden();
  await expect(app.thesaurusEntry('Ogossagou')).toContainText('14.46, -3.3');

  const text = 'Gunmen killed 160 villagers in Ogossagou-Peul on Saturday.';
  await app.createSource({ title: 'Ogossagou massacre', text, published: '2019-03-25' });
  await app.openSource('Ogossagou massacre');
  await app.reader.getByText(text).evaluate((paragraph) => {
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  });
  await page.getByRole('button', { name: 'New incident from selection' }).click();
  await expect(app.dialog.getByLabel('Location')).toHaveValue('Ogossagou');
  await expect(app.dialog.getByLabel('Region (admin 1)')).toHaveValue('Mopti');
  await expect(app.dialog.getByLabel('Latitude')).toHaveValue('14.46');
  await expect(app.dialog.getByLabel('Date', { exact: true })).toHaveValue('2019-03-23');
  await expect(app.dialog.getByLabel('Fatalities')).toHaveValue('160');
});
