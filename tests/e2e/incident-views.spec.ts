import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { AppPage, BANDIAGARA_ATTACK } from './app-page';

test.beforeEach(async ({ app }) => {
  await app.createIncident(BANDIAGARA_ATTACK);
  await app.createIncident({
    date: '2022-03-01',
    precision: 'Within a month',
    location: 'Gao region',
    region: 'Gao',
    regionLevel: true,
    eventType: 'Battles',
    actors: 'Islamic State Sahel',
    fatalities: '27',
    description: 'Clashes with the army reported in the region.',
  });
  // Saving opens the incident; the overview is one step back.
  await app.page.getByRole('button', { name: 'All incidents' }).click();
});

test('filters the incidents by region, actor and figures, in the list, the table and the search results', async ({
  app,
  page,
}) => {
  await app.nav('Incidents').click();
  const table = page.getByRole('table', { name: 'The incidents the filters keep, one per row' });
  await expect(table.getByRole('row')).toHaveCount(3);
  // Sorting by a column, then the other way.
  await table.getByRole('button', { name: 'Fatalities' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('Bandiagara');
  await table.getByRole('button', { name: 'Fatalities' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('Gao region');
  await expect(table.getByRole('columnheader', { name: /Fatalities/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );

  await page.getByText('Filters', { exact: true }).click();
  await page.getByLabel('Region', { exact: true }).selectOption('Mopti');
  await expect(app.incidents.getByRole('listitem')).toHaveText([/Bandiagara/]);
  await expect(page.getByText('Showing 1 of 2 incidents')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);

  // The same filter narrows the incidents among search results.
  await app.search('attacked OR clashes');
  await expect(app.hits()).toHaveText([/Bandiagara/]);
  await expect(page.getByText('1 incidents found are hidden by the incident filters.')).toBeVisible();
  await app.search('');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Actor').selectOption('Islamic State Sahel');
  await expect(app.incidents.getByRole('listitem')).toHaveText([/Gao region/]);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Killed, at least').fill('30');
  await page.getByLabel('Killed, at least').press('Enter');
  await expect(app.incidents.getByRole('listitem')).toHaveText([/Bandiagara/]);
  await page.getByLabel('From').fill('2022-03-15');
  await page.getByLabel('From').press('Enter');
  await expect(page.getByText('No incident matches the filters.')).toBeVisible();
});

test('draws the incidents on a timeline, a month-long date as a range', async ({ app, page }) => {
  await app.nav('Incidents').click();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const rows = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(rows).toHaveText([
    'Violence against civilians — Bandiagara, December 3, 2021',
    'Battles — Gao region, between March 1, 2022 and March 31, 2022',
  ]);
  await rows.getByRole('button', { name: /Gao region/ }).click();
  await expect(page.getByRole('heading', { name: 'Battles — Gao region' })).toBeVisible();
});

/** The incidents' map, and the mark of the Bandiagara attack on it. */
async function openMap(app: AppPage, page: Page) {
  await app.nav('Incidents').click();
  await page.getByRole('tab', { name: 'Map' }).click();
  const map = page.getByRole('region', { name: 'Map of incidents' });
  const marker = map.getByRole('button', {
    name: 'Violence against civilians — Bandiagara, December 3, 2021',
  });
  return { map, marker };
}

test('shows the incidents on the offline map, a region-level one as its region, and opens one from its mark', async ({
  app,
  page,
}) => {
  const { map, marker } = await openMap(app, page);
  // Boundaries drawn from the shipped data: Mali and its neighbours, and Mali's regions.
  await expect.poll(() => map.locator('path').count()).toBeGreaterThan(20);
  const regionMark = map.getByRole('button', { name: 'Battles — Gao region, March 1, 2022' });
  await expect(regionMark).toBeVisible();
  await marker.click();
  await expect(page.getByRole('heading', { name: 'Violence against civilians — Bandiagara' })).toBeVisible();
});

/** The map's labels a reader sees, with their boxes. */
async function shownLabels(page: Page) {
  return page.locator('.incident-map .map-label').evaluateAll((spans) =>
    spans
      .filter((span) => getComputedStyle(span).visibility !== 'hidden')
      .map((span) => {
        const r = span.getBoundingClientRect();
        return { text: span.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
  );
}

test('names the places, regions and countries on the map in the interface’s language, no label over another', async ({
  app,
  page,
}) => {
  const { marker } = await openMap(app, page);
  await expect(marker).toBeVisible();
  await expect
    .poll(async () => (await shownLabels(page)).map((l) => l.text))
    .toEqual(expect.arrayContaining(['Bandiagara', 'Timbuktu', 'Gao', 'Burkina Faso']));
  const overlaps = (labels: Awaited<ReturnType<typeof shownLabels>>) =>
    labels.flatMap((a, i) =>
      labels
        .slice(i + 1)
        .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        .map((b) => `${a.text} / ${b.text}`),
    );
  expect(overlaps(await shownLabels(page))).toEqual([]);

  // Zoomed out to the whole of West Africa, labels that would collide give way.
  const map = page.getByRole('region', { name: 'Map of incidents' });
  for (let i = 0; i < 3; i++) await map.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => overlaps(await shownLabels(page))).toEqual([]);

  await app.nav('Settings').click();
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('navigation').getByRole('button', { name: 'Incidents', exact: true }).click();
  await page.getByRole('tab', { name: 'Carte' }).click();
  await expect
    .poll(async () => (await shownLabels(page)).map((l) => l.text))
    .toEqual(expect.arrayContaining(['Bandiagara', 'Tombouctou', 'Gao', 'Burkina Faso']));
  expect(overlaps(await shownLabels(page))).toEqual([]);
});

test('keeps where the reader zoomed the map when an incident changes in another window, and shows the change', async ({
  app,
  page,
}) => {
  const { map, marker } = await openMap(app, page);
  await expect(marker).toBeVisible();
  const box = async () => {
    const b = await marker.boundingBox();
    if (!b) throw new Error('the mark has no box');
    return { x: b.x + b.width / 2, y: b.y + b.height / 2, size: b.width };
  };
  /** The mark's box once it has stopped moving (the map animates a zoom). */
  const settled = async () => {
    let last = await box();
    for (;;) {
      await page.waitForTimeout(300);
      const now = await box();
      if (Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5 && now.size === last.size)
        return now;
      last = now;
    }
  };
  const fitted = await settled();
  // One step: a second click may land during the first one's animation or not, and two steps
  // can take the mark out of the drawn area (Leaflet then draws it as an empty path).
  await map.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = await settled();
  expect(Math.hypot(zoomed.x - fitted.x, zoomed.y - fitted.y)).toBeGreaterThan(20);

  const other = new AppPage(await page.context().newPage());
  await other.goto();
  await other.nav('Incidents').click();
  await other.incidents.getByRole('button', { name: /Bandiagara/ }).click();
  await other.page.getByRole('button', { name: 'Edit incident' }).click();
  await other.dialog.getByLabel('Fatalities').fill('120');
  await other.dialog.getByRole('button', { name: 'Save incident' }).click();
  await expect(other.reader).toContainText('120 killed');

  // The mark grows with its new figure, where it was: the map has not jumped back.
  await expect.poll(async () => (await box()).size).toBeGreaterThan(zoomed.size + 5);
  const after = await settled();
  expect(Math.hypot(after.x - zoomed.x, after.y - zoomed.y)).toBeLessThan(2);
  await other.page.close();
});
