import { test, expect } from './fixtures';

test.describe('Incidents', () => {
  test('records an incident linked to its sources, lists it by date, edits and deletes it', async ({
    app,
    page,
  }) => {
    await app.createSource({ title: 'Al Jazeera: bus attack', text: 'At least 31 killed.' });
    await app.createSource({ title: 'UN statement', text: 'More than 30 civilians killed.' });
    await app.createIncident({
      date: '2021-12-03',
      location: 'Songho',
      eventType: 'Violence against civilians',
      actors: 'JNIM',
      fatalities: '31',
      low: '30',
      high: '33',
      description: 'Militants attacked a bus carrying civilians to a market.',
      sources: ['Al Jazeera: bus attack', 'UN statement'],
    });
    await app.createIncident({
      date: '2022-03-04',
      location: 'Mondoro',
      eventType: 'Battles',
      fatalities: '27',
    });

    await expect(app.incidents.getByRole('listitem')).toHaveText([
      /Battles — Mondoro/,
      /Violence against civilians — Songho/,
    ]);
    await page.getByLabel('Sort').selectOption({ label: 'Oldest first' });
    await expect(app.incidents.getByRole('listitem')).toHaveText([/Songho/, /Mondoro/]);

    await app.incidents.getByRole('button', { name: /Songho/ }).click();
    await expect(app.reader).toContainText('December 3, 2021');
    await expect(app.reader).toContainText('31 killed (reported 30–33)');
    await expect(app.reader).toContainText('JNIM');
    await app.reader.getByRole('button', { name: 'UN statement' }).click();
    await expect(app.page.getByRole('article', { name: 'UN statement' })).toBeVisible();
    await expect(app.reader.getByRole('button', { name: /Songho/ })).toBeVisible();

    await app.nav('Incidents').click();
    await app.incidents.getByRole('button', { name: /Songho/ }).click();
    await page.getByRole('button', { name: 'Edit incident' }).click();
    await app.dialog.getByLabel('Fatalities').fill('32');
    await app.dialog.getByRole('button', { name: 'Save incident' }).click();
    await expect(app.reader).toContainText('32 killed (reported 30–33)');

    await page.getByRole('button', { name: 'Delete incident' }).click();
    await expect(app.incidents.getByRole('listitem')).toHaveCount(1);
    await app.nav('Trash').click();
    await expect(page.getByRole('list', { name: 'Trash' })).toContainText(
      'Violence against civilians — Songho',
    );
  });

  test('refuses inconsistent figures and names the field', async ({ app, page }) => {
    await app.nav('Incidents').click();
    await page.getByRole('button', { name: 'New incident' }).click();
    await app.dialog.getByLabel('Fatalities').fill('10');
    await app.dialog.getByLabel('Low estimate').fill('12');
    await app.dialog.getByRole('button', { name: 'Save incident' }).click();
    await expect(app.dialog.getByText('Enter the date of the incident.')).toBeVisible();
    await expect(app.dialog.getByText('Choose an event type.')).toBeVisible();
    await expect(app.dialog.getByText('The low estimate is above the best estimate.')).toBeVisible();
    await expect(app.dialog.getByLabel('Low estimate')).toHaveAttribute('aria-invalid', 'true');
  });
});
