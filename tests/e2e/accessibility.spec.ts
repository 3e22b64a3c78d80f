import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { BUS_TITLE } from './paths';
import type { Page } from '@playwright/test';

/**
 * What a view is held to beyond axe's serious and critical findings: one h1, headings that go
 * down one level at a time, and a control's visible words inside its accessible name (WCAG
 * 2.5.3, so that a speech user can say what they see; axe ships this rule switched off).
 */
const STRUCTURE = ['page-has-heading-one', 'heading-order', 'label-content-name-mismatch'];

async function seriousViolations(page: Page, only?: string[]) {
  let scan = new AxeBuilder({ page }).options({
    rules: { 'label-content-name-mismatch': { enabled: true } },
  });
  if (only) scan = scan.withRules(only);
  const results = await scan.analyze();
  const found = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || STRUCTURE.includes(v.id))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  const h1 = await page.locator('h1:visible').count();
  return h1 === 1 ? found : [...found, `${h1} h1 elements in the view`];
}

test('every main view passes an accessibility scan with no serious or critical violation', async ({
  app,
  page,
}) => {
  // A scan of every view, each a full axe run: allowed more than the default 30 s on a loaded machine.
  test.setTimeout(90_000);
  await app.importSamplesWithNote('A note');
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

test('in French too, every main view has one h1, ordered headings, and controls named with their visible words', async ({
  app,
  page,
}) => {
  test.setTimeout(90_000);
  await app.importSamplesWithNote('Une note');
  // A passage, for the buttons beside it (a note on it, an incident from it).
  await app.reader
    .locator('.reader-text p')
    .first()
    .evaluate((paragraph) => {
      const range = document.createRange();
      range.setStart(paragraph.firstChild!, 0);
      range.setEnd(paragraph.firstChild!, 20);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
  await page
    .getByRole('toolbar', { name: 'Selected words' })
    .getByRole('button', { name: 'Highlight', exact: true })
    .click();
  await expect(page.getByRole('list', { name: 'Passages' }).getByRole('listitem')).toHaveCount(1);
  await app.createIncident({ date: '2021-12-03', location: 'Songho', eventType: 'Battles', fatalities: '3' });
  await app.nav('Settings').click();
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
  const views: [string, () => Promise<void>][] = [
    ['réglages', async () => {}],
    [
      'sources',
      async () => {
        await nav('Sources').click();
        await app.sources.getByRole('button', { name: BUS_TITLE }).click();
      },
    ],
    ['notes', async () => nav('Notes').click()],
    ['incidents', async () => nav('Incidents').click()],
    ['un incident', async () => app.incidents.getByRole('button', { name: /Songho/ }).click()],
    ['corbeille', async () => nav('Corbeille').click()],
  ];
  for (const [name, show] of views) {
    await show();
    expect(await seriousViolations(page, STRUCTURE), name).toEqual([]);
  }
});
