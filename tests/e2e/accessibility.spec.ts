import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { FIXTURE_ARTICLES, BUS_TITLE } from './paths';
import type { Page } from '@playwright/test';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('every main view passes an accessibility scan with no serious or critical violation', async ({
  app,
  page,
}) => {
  // A scan of every view, each a full axe run: allowed more than the default 30 s on a loaded machine.
  test.setTimeout(90_000);
  await app.import(FIXTURE_ARTICLES);
  await expect(app.sources.getByRole('listitem')).toHaveCount(3);
  await app.openSource(BUS_TITLE);
  await app.addNote('A note');
  await app.createIncident({ date: '2021-12-03', location: 'Songho', eventType: 'Battles', fatalities: '3' });

  const views: [string, () => Promise<void>][] = [
    ['sources', async () => app.openSource(BUS_TITLE)],
    ['notes', async () => app.nav('Notes').click()],
    [
      'incidents',
      async () => {
        await app.nav('Incidents').click();
        await app.incidents.getByRole('button', { name: /Songho/ }).click();
      },
    ],
    ['trash', async () => app.nav('Trash').click()],
    ['settings', async () => app.nav('Settings').click()],
    [
      'search results',
      async () => {
        await app.nav('Sources').click();
        await app.search('mali');
        await expect(app.hits().first()).toBeVisible();
      },
    ],
    [
      'new source form',
      async () => {
        await page.getByRole('button', { name: 'Clear search' }).click();
        await page.getByRole('button', { name: 'New source' }).click();
      },
    ],
    [
      'new incident form',
      async () => {
        await page.keyboard.press('Escape');
        await app.nav('Incidents').click();
        await page.getByRole('button', { name: 'New incident' }).click();
      },
    ],
    [
      'report from a source, with proposals',
      async () => {
        await page.keyboard.press('Escape');
        await app.openSource(BUS_TITLE);
        await page.getByRole('button', { name: 'New incident from this source' }).click();
        await expect(app.dialog.getByLabel('Date', { exact: true })).toHaveValue('2021-12-03');
      },
    ],
    [
      'incident table',
      async () => {
        await page.keyboard.press('Escape');
        await app.nav('Incidents').click();
        await expect(page.getByRole('tab', { name: 'Table' })).toHaveAttribute('aria-selected', 'true');
      },
    ],
    ['incident timeline', async () => page.getByRole('tab', { name: 'Timeline' }).click()],
    [
      'incident map',
      async () => {
        await page.getByRole('tab', { name: 'Map' }).click();
        await expect(
          page.getByRole('region', { name: 'Map of incidents' }).locator('path').first(),
        ).toBeVisible();
      },
    ],
  ];
  for (const [name, show] of views) {
    await show();
    expect(await seriousViolations(page), name).toEqual([]);
  }
});
