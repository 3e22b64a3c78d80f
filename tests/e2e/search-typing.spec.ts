import { test, expect } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * A phrase typed one key at a time: the box never shows an error notice while the quote is
 * open, says quietly that the phrase is searched as typed, and never stays on "Searching…".
 */
async function typeKeyByKey(page: Page, box: Locator, query: string, alerts: string[]): Promise<void> {
  await box.click();
  for (const key of query) {
    await page.keyboard.type(key);
    // Every notice raised while typing is kept, however briefly it stood.
    alerts.push(...(await page.getByRole('alert').allTextContents()));
  }
}

test('typing a quoted phrase key by key shows a quiet hint, no error, and ends with the results', async ({
  app,
  page,
}) => {
  await app.createSource({ title: 'Convoy report', text: 'Militants attacked the convoy near Tessit.' });
  await app.createSource({ title: 'Other report', text: 'The convoy was attacked by militants.' });
  const alerts: string[] = [];
  await typeKeyByKey(page, app.searchBox, '"militants attack', alerts);
  await expect(page.getByText('Searching the phrase as typed so far')).toBeVisible();
  await expect(app.hits()).toHaveText([/Convoy report/]);
  await page.keyboard.type('"');
  await expect(page.getByText('Searching the phrase as typed so far')).toBeHidden();
  await expect(app.hits()).toHaveText([/Convoy report/]);
  await expect(app.searchResults.getByText('Searching…')).toBeHidden();
  expect(alerts).toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(app.searchBox).not.toHaveAttribute('aria-invalid', 'true');
});

test('in French, an elided phrase typed key by key finds the text, with no error', async ({ app, page }) => {
  await app.createSource({
    title: 'Rapport de Ménaka',
    text: 'L’armée malienne a repoussé l’attaque du camp.',
  });
  await app.nav('Settings').click();
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const box = page.getByRole('searchbox', { name: 'Rechercher' });
  const alerts: string[] = [];
  await typeKeyByKey(page, box, '"armee malienne"', alerts);
  await expect(page.getByRole('list', { name: /Résultats/ }).getByRole('listitem')).toHaveText([
    /Rapport de Ménaka/,
  ]);
  expect(alerts).toEqual([]);
  // A real error still says so, in French.
  await box.fill('lieu:gao');
  await expect(page.getByRole('alert')).toContainText('« lieu »');
});
