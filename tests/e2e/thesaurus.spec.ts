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
  await expect(
    page.getByRole('list', { name: 'Thesaurus entries' }).getByRole('listitem').filter({ hasText: 'JNIM' }),
  ).toContainText('Katiba Hanifa');

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
