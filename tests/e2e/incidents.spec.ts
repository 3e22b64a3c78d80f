import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
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

  test('exports incidents as ACLED CSV with a sidecar, and as GeoJSON', async ({ app, page }) => {
    await app.createSource({
      title: 'Al Jazeera: bus attack',
      text: 'At least 31 killed.',
      publisher: 'Al Jazeera',
    });
    await app.nav('Incidents').click();
    await page.getByRole('button', { name: 'New incident' }).click();
    const form = app.dialog;
    await form.getByLabel('Date', { exact: true }).fill('2021-12-03');
    await form.getByLabel('Location').fill('Songho');
    await form.getByLabel('Region (admin 1)').fill('Mopti');
    await form.getByLabel('Country').fill('Mali');
    await form.getByLabel('Latitude').fill('14.2');
    await form.getByLabel('Longitude').fill('-3.6');
    await form.getByLabel('Event type').selectOption({ label: 'Violence against civilians' });
    await form.getByLabel('Actors').fill('JNIM');
    await form.getByLabel('Fatalities').fill('32');
    await form.getByLabel('Low estimate').fill('31');
    await form.getByLabel('High estimate').fill('35');
    await form.getByRole('checkbox', { name: 'Al Jazeera: bus attack' }).check();
    await form.getByRole('button', { name: 'Save incident' }).click();
    await expect(form).toBeHidden();

    const zipping = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export ACLED CSV' }).click();
    const zip = unzipSync(new Uint8Array(await readFile(await (await zipping).path())));
    expect(Object.keys(zip).sort()).toEqual(['acled-events.csv', 'fieldbook-sidecar.csv']);
    const events = Papa.parse<Record<string, string>>(strFromU8(zip['acled-events.csv']!), {
      header: true,
      skipEmptyLines: true,
    });
    expect(events.meta.fields).toHaveLength(31);
    expect(events.data).toHaveLength(1);
    expect(events.data[0]).toMatchObject({
      event_date: '2021-12-03',
      event_type: 'Violence against civilians',
      actor1: 'JNIM',
      country: 'Mali',
      iso: '466',
      admin1: 'Mopti',
      location: 'Songho',
      fatalities: '31',
      source: 'Al Jazeera',
    });
    const sidecar = Papa.parse<Record<string, string>>(strFromU8(zip['fieldbook-sidecar.csv']!), {
      header: true,
      skipEmptyLines: true,
    });
    expect(sidecar.data[0]).toMatchObject({
      fatalities_low: '31',
      fatalities_best: '32',
      fatalities_high: '35',
    });

    const mapping = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export GeoJSON' }).click();
    const download = await mapping;
    expect(download.suggestedFilename()).toMatch(/\.geojson$/);
    const geojson = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      features: { geometry: { coordinates: number[] } }[];
    };
    expect(geojson.features.map((f) => f.geometry.coordinates)).toEqual([[-3.6, 14.2]]);
  });
});

test('a place typed by hand is found in the gazetteer, with a choice when several places bear its name', async ({
  app,
  page,
}) => {
  await app.nav('Incidents').click();
  await page.getByRole('button', { name: 'New incident' }).click();
  const form = app.dialog;
  await form.getByLabel('Location').fill('Mopti');
  await form.getByLabel('Location').blur();
  await expect(form.getByLabel('Region (admin 1)')).toHaveValue('Mopti');
  await expect(form.getByLabel('Country')).toHaveValue('Mali');
  await expect(form.getByLabel('Latitude')).toHaveValue(/^14\.4/);
  // Koro is a town of Mali and of Côte d'Ivoire: Mali's first, the other to choose.
  await form.getByLabel('Location').fill('Koro');
  await form.getByLabel('Location').blur();
  await expect(form.getByLabel('Country')).toHaveValue('Mali');
  const fits = form.getByLabel('Places named “Koro”');
  await expect(fits.getByRole('option')).toHaveText([/Koro, Mopti, Mali/, /Koro, Woroba, Côte d’Ivoire/]);
  await fits.selectOption({ index: 1 });
  await expect(form.getByLabel('Country')).toHaveValue('Côte d’Ivoire');
  // A village neither knows says so, and keeps what was typed.
  await form.getByLabel('Location').fill('Dianweli');
  await form.getByLabel('Location').blur();
  await expect(form.getByText('“Dianweli” is in neither the gazetteer nor the thesaurus')).toBeVisible();
});
