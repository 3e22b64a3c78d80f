import { test, expect } from './fixtures';

test('switches every main view to French, with French dates and numbers', async ({ app, page }) => {
  await app.createSource({ title: 'Rapport de Tombouctou', text: 'Texte.', published: '2022-03-04' });
  await app.createIncident({
    date: '2021-12-03',
    location: 'Songho',
    eventType: 'Battles',
    fatalities: '1200',
  });

  await app.nav('Settings').click();
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // Sizes in French units: « 72 ko sur les 10 Go », never "KB" or "GB".
  const storage = page.getByText(/^Cette archive et l’application occupent/);
  await expect(storage).toHaveText(
    /occupent [\d,]+[\u00a0\u202f](?:octets|ko|Mo|Go) sur les [\d,]+[\u00a0\u202f](?:ko|Mo|Go|To)/,
  );
  await expect(storage).not.toHaveText(/KB|MB|GB/);

  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('button')).toHaveText([
    'Sources',
    'Notes',
    'Incidents',
    'Corbeille',
    'Réglages',
  ]);
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toBeVisible();

  await nav.getByRole('button', { name: 'Sources' }).click();
  await expect(page.getByRole('button', { name: 'Nouvelle source' })).toBeVisible();
  await expect(page.getByLabel('Importer des fichiers')).toBeAttached();
  await page
    .getByRole('list', { name: 'Sources' })
    .getByRole('button', { name: /Tombouctou/ })
    .click();
  await expect(page.getByRole('article')).toContainText('4 mars 2022');
  await expect(page.getByRole('button', { name: 'Ajouter une note' })).toBeVisible();

  await nav.getByRole('button', { name: 'Incidents' }).click();
  await expect(page.getByRole('button', { name: 'Nouvel incident' })).toBeVisible();
  await page
    .getByRole('list', { name: 'Incidents' })
    .getByRole('button', { name: /Combats — Songho/ })
    .click();
  await expect(page.getByRole('article')).toContainText('3 décembre 2021');
  await expect(page.getByRole('article')).toContainText(/1\s200 morts/);
  // ACLED's sub-event types, in French on screen.
  await page.getByRole('button', { name: 'Nouvel incident' }).click();
  await page.getByRole('dialog').getByLabel('Type d’événement').selectOption({ label: 'Combats' });
  await expect(page.getByRole('dialog').getByLabel('Sous-type').getByRole('option')).toContainText([
    'Affrontement armé',
    'Reprise de territoire par le gouvernement',
    'Prise de territoire par un acteur non étatique',
  ]);
  await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

  await nav.getByRole('button', { name: 'Corbeille' }).click();
  await expect(page.getByRole('heading', { name: 'Corbeille' })).toBeVisible();
  await expect(page.getByText('La corbeille est vide.')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('title:');
  await expect(page.getByRole('alert')).toContainText('Cette recherche ne peut pas être lancée');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('follows the system language when no choice was made', async ({ openApp }) => {
  const { page } = await openApp({ locale: 'fr-FR' });
  await expect(page.getByRole('button', { name: 'Nouvelle source' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});
