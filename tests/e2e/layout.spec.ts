/**
 * The layout holds at the window sizes researchers work at, in English and in French (whose
 * labels are longer): an import's report keeps the list and the reader side by side, and the
 * incident form's fields neither run into each other nor out of their fieldset.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { BUS_TITLE, FIXTURE_ARTICLES } from './paths';
import { layoutFaults } from './layout-faults';
import { BANDIAGARA_ATTACK } from './app-page';

const SIZES = [
  { width: 1280, height: 800, lang: 'en' },
  { width: 1024, height: 768, lang: 'fr' },
] as const;
/** The guard over every view runs at each size in each language. */
const EVERY = [
  ...SIZES,
  { width: 1024, height: 768, lang: 'en' },
  { width: 1280, height: 800, lang: 'fr' },
] as const;

const WORDS = {
  en: {
    importFiles: 'Import files',
    imported: 'Imported 3 of 3 files.',
    choose: 'Choose a source to read it.',
    newIncident: 'New incident',
    incidents: 'Incidents',
    place: 'Place',
    casualties: 'Casualties',
    deleteSource: 'Delete source',
    timeline: 'Timeline',
    table: 'Table',
    map: 'Map',
    notes: 'Notes',
    trash: 'Trash',
    settings: 'Settings',
    search: 'Search',
    cancel: 'Cancel',
    results: 'Search results',
    fromSource: 'New incident from this source',
  },
  fr: {
    importFiles: 'Importer des fichiers',
    imported: '3 fichiers importés sur 3.',
    choose: 'Choisissez une source pour la lire.',
    newIncident: 'Nouvel incident',
    incidents: 'Incidents',
    place: 'Lieu',
    casualties: 'Victimes',
    deleteSource: 'Supprimer la source',
    timeline: 'Chronologie',
    table: 'Tableau',
    map: 'Carte',
    notes: 'Notes',
    trash: 'Corbeille',
    settings: 'Réglages',
    search: 'Rechercher',
    cancel: 'Annuler',
    results: 'Résultats de recherche',
    fromSource: 'Nouvel incident à partir de cette source',
  },
};

async function open(page: Page, lang: 'en' | 'fr', width: number, height: number) {
  await page.setViewportSize({ width, height });
  // By way of Settings: a record left open by the set-up is no longer shown.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  if (lang === 'fr') {
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  }
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
}

for (const { width, height, lang } of SIZES) {
  const w = WORDS[lang];
  test.describe(`at ${width}×${height}, in ${lang === 'en' ? 'English' : 'French'}`, () => {
    test('an import’s report stands above the list and the reader, which stay side by side', async ({
      app,
      page,
    }) => {
      await open(page, lang, width, height);
      await page.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
      await page.getByLabel(w.importFiles).setInputFiles(FIXTURE_ARTICLES);
      const report = page.getByText(w.imported);
      await expect(report).toBeVisible();
      const list = await box(page.getByRole('region', { name: 'Sources' }));
      const reader = await box(page.getByText(w.choose));
      // Side by side: the reader to the right of the list, level with its top part.
      expect(reader.left).toBeGreaterThanOrEqual(list.right);
      expect(reader.top).toBeLessThan(list.top + 100);
      expect((await box(report)).bottom).toBeLessThanOrEqual(list.top);
      await expect(app.sources.getByRole('listitem')).toHaveCount(3);
    });

    test('a notice with a long unbroken name stays inside the window', async ({ app, page }) => {
      // A file name or an address, as notices quote them: one word of 180 characters.
      const title = `report_${'x'.repeat(80)}_${'0123456789'.repeat(9)}.pdf`;
      await app.createSource({ title, text: 'Text.' });
      await open(page, lang, width, height);
      await page.getByRole('navigation').getByRole('button', { name: 'Sources', exact: true }).click();
      await app.sources.getByRole('button', { name: title }).click();
      await page.getByRole('button', { name: w.deleteSource }).click();
      const notice = page.getByRole('status').filter({ hasText: title });
      await expect(notice).toBeVisible();
      const b = await box(notice);
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(width);
    });

    test('the timeline’s labels do not collide, and its last mark is drawn whole', async ({ app, page }) => {
      // Twenty months of incidents: a tick each month would not fit.
      for (const [date, location] of [
        ['2021-01-05', 'Gao'],
        ['2021-09-10', 'Boni'],
        ['2022-08-31', 'Ménaka'],
      ] as const)
        await app.createIncident({ date, location, eventType: 'Battles' });
      await open(page, lang, width, height);
      await page.getByRole('navigation').getByRole('button', { name: w.incidents, exact: true }).click();
      await page.getByRole('tab', { name: w.timeline }).click();
      const timeline = page.getByRole('list', { name: w.timeline });
      await expect(timeline.getByRole('listitem')).toHaveCount(3);
      // Measured on what is drawn (the axis and marks are hidden from screen readers, which
      // read each incident's date in its row).
      const ticks = await Promise.all((await page.locator('.timeline-axis .tick').all()).map(box));
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const [i, tick] of ticks.slice(1).entries())
        expect(tick.left).toBeGreaterThanOrEqual(ticks[i]!.right);
      const pane = await box(page.getByRole('tabpanel'));
      const last = await box(timeline.getByRole('listitem').last().locator('.timeline-mark'));
      expect(last.right).toBeLessThanOrEqual(pane.right);
      expect(last.right - last.left).toBeGreaterThan(8);
    });

    test('the incident form’s place and casualty fields neither overlap nor leave their fieldset', async ({
      page,
    }) => {
      await open(page, lang, width, height);
      await page.getByRole('navigation').getByRole('button', { name: w.incidents, exact: true }).click();
      await page.getByRole('button', { name: w.newIncident }).click();
      for (const name of [w.place, w.casualties]) {
        const group = page.getByRole('group', { name, exact: true });
        const outer = await box(group);
        const controls = await group.locator('input:not([type=checkbox]), select').all();
        expect(controls.length).toBeGreaterThanOrEqual(4);
        const boxes = await Promise.all(controls.map(box));
        for (const b of boxes) {
          expect(b.left).toBeGreaterThanOrEqual(outer.left - 0.5);
          expect(b.right).toBeLessThanOrEqual(outer.right + 0.5);
        }
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const sameRow = a.top < b.bottom && b.top < a.bottom;
            const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5;
            expect(!sameRow || apart, `${name}: two fields overlap`).toBe(true);
          }
      }
    });
  });
}

for (const { width, height, lang } of EVERY) {
  const w = WORDS[lang];
  test.describe(`at ${width}×${height}, in ${lang === 'en' ? 'English' : 'French'}`, () => {
    test('in every main view, nothing leaves its container, overlaps its neighbour or scrolls sideways', async ({
      app,
      page,
    }) => {
      test.setTimeout(90_000);
      await app.importSamplesWithNote('Casualty figures differ between outlets; the army gave 31.');
      // An import's report with a long list, of files whose names are one long word: it stays
      // on every view below, and must neither widen the page nor cut its list off.
      await app.importFiles.setInputFiles(
        Array.from({ length: 14 }, (_, i) => ({
          name: `scan_${'0123456789'.repeat(7)}_${i}.pdf`,
          mimeType: 'application/pdf',
          buffer: Buffer.from('not a PDF at all'),
        })),
      );
      await expect(page.getByText('Imported 0 of 14 files.')).toBeVisible();
      await app.createIncident(BANDIAGARA_ATTACK);
      await open(page, lang, width, height);
      const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
      const views: [string, () => Promise<unknown>][] = [
        ['settings', async () => {}],
        [
          'a source',
          async () => {
            await nav('Sources').click();
            await app.sources.getByRole('button', { name: BUS_TITLE }).click();
          },
        ],
        [
          'a report from the source, with proposals',
          async () => {
            await page.getByRole('button', { name: w.fromSource }).click();
            await expect(page.getByRole('dialog')).toBeVisible();
          },
        ],
        [
          'notes',
          async () => {
            await page.keyboard.press('Escape');
            await expect(page.getByRole('dialog')).toBeHidden();
            await nav(w.notes).click();
          },
        ],
        ['incidents table', () => nav(w.incidents).click()],
        ['incidents timeline', () => page.getByRole('tab', { name: w.timeline }).click()],
        ['incidents map', () => page.getByRole('tab', { name: w.map }).click()],
        ['an incident', () => app.incidents.getByRole('button', { name: /Bandiagara/ }).click()],
        ['a new incident', () => page.getByRole('button', { name: w.newIncident }).click()],
        [
          'search results',
          async () => {
            await page.getByRole('button', { name: w.cancel }).click();
            await page.getByRole('searchbox', { name: w.search }).fill('Mopti');
            await expect(
              page.getByRole('list', { name: w.results }).getByRole('listitem').first(),
            ).toBeVisible();
          },
        ],
        ['trash', () => nav(w.trash).click()],
      ];
      for (const [name, show] of views) {
        await show();
        expect(await layoutFaults(page), `${name}, ${lang}, ${width}×${height}`).toEqual([]);
      }
    });
  });
}
