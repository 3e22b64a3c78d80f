import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

const AL_JAZEERA =
  'At least 31 people have been killed after gunmen attacked a bus near Bandiagara on Friday, in the Mopti region.';
// Another outlet's figure: « at least 30 » (ACLED reads « more than 30 » as 31, which would agree).
const FRANCE_24 = 'At least 30 civilians were killed on Friday when gunmen attacked a bus near Bandiagara.';

/** Selects the first `length` characters of the paragraph that holds `text`, as a drag would. */
async function select(app: AppPage, text: string, length = text.length) {
  await app.reader.getByText(text).evaluate((paragraph, end) => {
    const range = document.createRange();
    range.setStart(paragraph.firstChild!, 0);
    range.setEnd(paragraph.firstChild!, end);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  }, length);
}

async function summary(page: Page) {
  return page.getByRole('article').first().locator('dl').innerText();
}

test('turns passages of two sources into one incident, shows where they disagree, resolves by rule and exports it', async ({
  app,
  page,
}) => {
  await app.createSource({
    title: 'Al Jazeera',
    text: AL_JAZEERA,
    publisher: 'Al Jazeera',
    published: '2021-12-08',
  });
  await app.createSource({
    title: 'France 24',
    text: FRANCE_24,
    publisher: 'France 24',
    published: '2021-12-08',
  });

  // A passage of the first source becomes a new incident; the fields are proposed from its words.
  await app.openSource('Al Jazeera');
  await select(app, AL_JAZEERA);
  await page.getByRole('button', { name: 'New incident from selection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New incident from the passage' });
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('2021-12-03');
  await expect(dialog.getByLabel('Location')).toHaveValue('Bandiagara');
  await expect(dialog.getByLabel('Region (admin 1)')).toHaveValue('Mopti');
  await expect(dialog.getByLabel('Country')).toHaveValue('Mali');
  await expect(dialog.getByLabel('Latitude')).toHaveValue('14.35005');
  await expect(dialog.getByLabel('Event type')).toHaveValue('Violence against civilians');
  await expect(dialog.getByLabel('Fatalities')).toHaveValue('31');
  await expect(dialog.getByLabel('Low estimate')).toHaveValue('31');
  await expect(dialog.getByText('Read from “At least 31 people have been killed”')).toBeVisible();
  // Nothing is stored before the researcher confirms; a correction is kept.
  await expect(app.nav('Incidents')).toBeVisible();
  await dialog.getByLabel('Actors').fill('JNIM');
  await dialog.getByRole('button', { name: 'Confirm and create incident' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Violence against civilians — Bandiagara' })).toBeVisible();
  expect(await summary(page)).toContain('31 killed');

  // The second source's passage is another report of the same incident, with another figure.
  await app.openSource('France 24');
  await select(app, FRANCE_24);
  await page.getByRole('button', { name: 'Highlight', exact: true }).click();
  await page.getByRole('button', { name: /Add to incident: the passage “At least 30 civilians/ }).click();
  const adding = page.getByRole('dialog', { name: 'Add as report of an existing incident' });
  await expect(adding.getByLabel('Incident', { exact: true })).toHaveValue(/.+/);
  await expect(adding.getByLabel('Fatalities')).toHaveValue('30');
  // "gunmen": an unidentified armed group, until the researcher says who they were.
  await expect(adding.getByLabel('Actors')).toHaveValue('Unidentified armed group');
  await expect(adding.getByLabel('Target')).toHaveValue('Civilians');
  await adding.getByLabel('Actors').fill('JNIM');
  await adding.getByRole('button', { name: 'Confirm and add report' }).click();
  await expect(adding).toBeHidden();

  // Side by side: the figures differ, the dates agree.
  await expect(page.getByText('The reports disagree on: Fatalities.')).toBeVisible();
  const reports = page.getByRole('table');
  await expect(reports.getByRole('columnheader')).toHaveText([
    'Field',
    'Rule',
    /Report 1: Al Jazeera/,
    /Report 2: France 24/,
  ]);
  await expect(reports.getByRole('row', { name: /Fatalities/ })).toContainText('≥ 31');
  await expect(reports.getByRole('row', { name: /Fatalities/ })).toContainText(
    'At least 30 civilians were killed',
  );
  await expect(reports.getByRole('row', { name: /Fatalities/ })).toContainText('differs');
  await expect(reports.getByRole('row', { name: /^Date/ })).not.toContainText('differs');
  // Best estimate of two figures is the lower middle one; the range spans both.
  expect(await summary(page)).toContain('30 killed (reported 30–31)');

  await page.getByLabel('Rule for Fatalities').selectOption({ label: 'Manual (as edited)' });
  await page.getByLabel('Rule for Fatalities').selectOption({ label: 'Most conservative (ACLED)' });
  await page.getByRole('checkbox', { name: /^Disputed/ }).check();
  await expect(page.getByText('Marked as disputed')).toBeVisible();

  // Each field says where it came from, and opens the passage.
  await page
    .getByRole('button', { name: 'Fatalities, from France 24: open the passage it was read from' })
    .click();
  await expect(page.getByRole('heading', { name: 'France 24', level: 2 })).toBeVisible();

  // Exported as ACLED codes it, with the reports in the sidecar.
  await app.nav('Incidents').click();
  const zipping = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ACLED CSV' }).click();
  const zip = unzipSync(new Uint8Array(await readFile(await (await zipping).path())));
  const parse = (name: string) =>
    Papa.parse<Record<string, string>>(strFromU8(zip[name]!), { header: true, skipEmptyLines: true });
  const events = parse('acled-events.csv');
  expect(events.meta.fields?.join(',')).toBe(
    'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp',
  );
  expect(events.data).toHaveLength(1);
  expect(events.data[0]).toMatchObject({
    event_date: '2021-12-03',
    event_type: 'Violence against civilians',
    actor1: 'JNIM',
    country: 'Mali',
    admin1: 'Mopti',
    location: 'Bandiagara',
    fatalities: '30',
    source: 'Al Jazeera; France 24',
  });
  // The passages leave as W3C Web Annotations, linked to the incident they support.
  await app.nav('Settings').click();
  const annotating = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export annotations (W3C JSON-LD)' }).click();
  const annotations = JSON.parse(await readFile(await (await annotating).path(), 'utf8')) as {
    '@context': string[];
    first: { items: { target: { selector: { exact?: string }[] }; body: { purpose: string }[] }[] };
  };
  expect(annotations['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
  expect(annotations.first.items.map((a) => a.target.selector[0]?.exact)).toEqual([AL_JAZEERA, FRANCE_24]);
  for (const item of annotations.first.items) expect(item.body.map((b) => b.purpose)).toContain('linking');

  expect(parse('fieldbook-sidecar.csv').data[0]).toMatchObject({
    disputed: 'yes',
    fatalities_rule: 'conservative',
    provenance: expect.stringContaining('fatalities: France 24 “At least 30 civilians were killed”'),
  });

  // The incident on the offline map; its mark opens it.
  await app.nav('Incidents').click();
  await page.getByRole('tab', { name: 'Map' }).click();
  await page
    .getByRole('region', { name: 'Map of incidents' })
    .getByRole('button', { name: 'Violence against civilians — Bandiagara, December 3, 2021' })
    .click();
  await expect(page.getByRole('heading', { name: 'Violence against civilians — Bandiagara' })).toBeVisible();
});

test('suggests an incident entered twice as a possible duplicate, and merging keeps both reports', async ({
  app,
  page,
}) => {
  await app.createSource({ title: 'Al Jazeera', text: AL_JAZEERA, published: '2021-12-08' });
  await app.createSource({ title: 'France 24', text: FRANCE_24, published: '2021-12-08' });
  for (const [title, text] of [
    ['Al Jazeera', AL_JAZEERA],
    ['France 24', FRANCE_24],
  ] as const) {
    await app.openSource(title);
    await select(app, text);
    await page.getByRole('button', { name: 'New incident from selection' }).click();
    await app.dialog.getByRole('button', { name: 'Confirm and create incident' }).click();
    await expect(app.dialog).toBeHidden();
  }
  await app.nav('Incidents').click();
  await expect(app.incidents.getByRole('listitem')).toHaveCount(2);
  await app.incidents.getByRole('button').first().click();
  const duplicates = page.getByRole('region', { name: 'Possible duplicates' });
  await duplicates.getByRole('button', { name: /^Merge “Violence against civilians — Bandiagara/ }).click();
  await page
    .getByRole('dialog', { name: 'Merge the two incidents?' })
    .getByRole('button', { name: 'Merge' })
    .click();
  await expect(app.incidents.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(4);
  await expect(page.getByRole('region', { name: 'Possible duplicates' })).toBeHidden();

  // A passage that is evidence says so, and is not deleted without asking.
  await app.openSource('France 24');
  const passages = page.getByRole('list', { name: 'Passages' });
  await expect(passages).toContainText('Report of Violence against civilians — Bandiagara');
  await passages.getByRole('button', { name: /Delete the passage “At least 30/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete a passage that is evidence?' });
  await expect(confirm).toContainText('backs reports of 1 incidents');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(passages.getByRole('listitem')).toHaveCount(1);
});

test('an undated source: relative dates are not read against today, and a village the gazetteer lacks is proposed to locate', async ({
  app,
  page,
}) => {
  const text =
    'Gunmen on motorbikes stormed the village of Ogossagou in central Mali’s Mopti region on Wednesday, killing dozens of Fulani herders, residents said.';
  await app.createSource({ title: 'Undated page', text });
  await app.openSource('Undated page');
  await select(app, text);
  await page.getByRole('button', { name: 'New incident from selection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New incident from the passage' });
  await expect(
    dialog
      .getByRole('note')
      .filter({ hasText: 'This source has no date, so “on Wednesday” could not be placed' }),
  ).toBeVisible();
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('');
  await expect(dialog.getByLabel('Location')).toHaveValue('Ogossagou');
  await expect(dialog.getByLabel('Region (admin 1)')).toHaveValue('Mopti');
  await expect(
    dialog.getByRole('note').filter({ hasText: 'Ogossagou is in neither the gazetteer' }),
  ).toBeVisible();
  // "dozens": 12, ACLED's figure, as a best estimate.
  await expect(dialog.getByLabel('Fatalities')).toHaveValue('12');
  await expect(dialog.getByLabel('Low estimate')).toHaveValue('');
  await expect(dialog.getByLabel('Event type')).toHaveValue('Violence against civilians');

  // Located by the researcher, the village is kept in the thesaurus and joins the gazetteer.
  await dialog.getByLabel('Date', { exact: true }).fill('2019-03-23');
  // Located with a click on the offline map, then set exactly by keyboard.
  await dialog.getByRole('button', { name: 'Locate on the map' }).click();
  const map = dialog.getByRole('region', { name: 'Map to locate Ogossagou: click where it is' });
  // Leaflet loads with the map: its attribution says it is drawn.
  await expect(map).toContainText('Natural Earth');
  await map.click();
  await expect(dialog.getByLabel('Latitude')).toHaveValue(/^1\d\.\d{5}$/);
  await expect(dialog.getByLabel('Longitude')).toHaveValue(/^-?\d+\.\d{5}$/);
  await dialog.getByLabel('Latitude').fill('14.46');
  await dialog.getByLabel('Longitude').fill('-3.3');
  await expect(dialog.getByRole('checkbox', { name: /Keep Ogossagou in the thesaurus/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Confirm and create incident' }).click();
  await expect(dialog).toBeHidden();
  await app.nav('Settings').click();
  await expect(app.thesaurusEntry('Ogossagou')).toContainText('14.46, -3.3');
});

test('a place proposed from a passage that several places are named offers the others', async ({
  app,
  page,
}) => {
  const text =
    'Suspected jihadists opened fire on the weekly market in Koro on Saturday and up to 40 people were killed.';
  await app.createSource({ title: 'Koro market', text, published: '2022-05-24' });
  await app.openSource('Koro market');
  await select(app, text);
  await page.getByRole('button', { name: 'New incident from selection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New incident from the passage' });
  await expect(dialog.getByLabel('Location')).toHaveValue('Koro');
  await expect(dialog.getByLabel('Country')).toHaveValue('Mali');
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('2022-05-21');
  // "up to 40": the high end only.
  await expect(dialog.getByLabel('High estimate')).toHaveValue('40');
  await expect(dialog.getByLabel('Low estimate')).toHaveValue('');
  const fits = dialog.getByLabel('Places named “Koro”');
  await expect(fits.getByRole('option')).toHaveText([/Koro, Mopti, Mali/, /Koro, Woroba, Côte d’Ivoire/]);
  await fits.selectOption({ index: 1 });
  await expect(dialog.getByLabel('Country')).toHaveValue('Côte d’Ivoire');
});
