/**
 * The app as a person sees it: every control is found by its role and accessible name.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { BUS_TITLE, FIXTURE_ARTICLES } from './paths';

export interface SourceInput {
  title: string;
  text?: string;
  publisher?: string;
  author?: string;
  url?: string;
  published?: string;
  tags?: string;
}

export interface IncidentInput {
  date: string;
  precision?: 'Exact day' | 'Within a week' | 'Within a month';
  location: string;
  region?: string;
  latitude?: string;
  longitude?: string;
  regionLevel?: boolean;
  eventType: string;
  actors?: string;
  fatalities?: string;
  low?: string;
  high?: string;
  description?: string;
  sources?: string[];
}

/** The bus attack near Bandiagara of 3 December 2021, as a researcher would enter it. */
export const BANDIAGARA_ATTACK: IncidentInput = {
  date: '2021-12-03',
  location: 'Bandiagara',
  region: 'Mopti',
  latitude: '14.35',
  longitude: '-3.61',
  eventType: 'Violence against civilians',
  actors: 'JNIM',
  fatalities: '31',
  description: 'Gunmen attacked a bus.',
};

export class AppPage {
  readonly searchBox: Locator;
  readonly searchResults: Locator;
  readonly sources: Locator;
  readonly notes: Locator;
  readonly incidents: Locator;
  readonly importFiles: Locator;
  readonly dialog: Locator;
  readonly reader: Locator;

  constructor(readonly page: Page) {
    this.searchBox = page.getByRole('searchbox', { name: 'Search' });
    this.searchResults = page.getByRole('list', { name: 'Search results' });
    this.sources = page.getByRole('list', { name: 'Sources' });
    this.notes = page.getByRole('list', { name: 'Notes' });
    this.incidents = page.getByRole('list', { name: 'Incidents' });
    this.importFiles = page.getByLabel('Import files');
    this.dialog = page.getByRole('dialog');
    // The open record; imported pages may hold articles of their own, nested inside it.
    this.reader = page.getByRole('article').first();
  }

  /** Opens the app and waits until it has read the archive, or asks for the vault's passphrase. */
  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.locator('html[data-ready="true"], html[data-ready="locked"]')).toHaveCount(1);
  }

  /** The lock screen's form. */
  lockForm(): Locator {
    return this.page.getByRole('form', { name: 'Fieldbook is locked' });
  }

  async createVault(passphrase: string): Promise<void> {
    await this.nav('Settings').click();
    const form = this.page.getByRole('form', { name: 'Encrypt archive' });
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Create vault' }).click();
    await expect(this.page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({
      timeout: 20_000,
    });
  }

  async unlock(passphrase: string): Promise<void> {
    const form = this.lockForm();
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
    await expect(this.page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
  }

  nav(name: string): Locator {
    return this.page.getByRole('navigation').getByRole('button', { name, exact: true });
  }

  async import(paths: string[]): Promise<void> {
    await this.nav('Sources').click();
    await this.importFiles.setInputFiles(paths);
  }

  async createSource(input: SourceInput): Promise<void> {
    await this.nav('Sources').click();
    await this.page.getByRole('button', { name: 'New source' }).click();
    const form = this.dialog;
    await form.getByLabel('Title').fill(input.title);
    if (input.text) await form.getByLabel('Text', { exact: true }).fill(input.text);
    if (input.publisher) await form.getByLabel('Publisher').fill(input.publisher);
    if (input.author) await form.getByLabel('Author').fill(input.author);
    if (input.url) await form.getByLabel('URL').fill(input.url);
    if (input.published) await form.getByLabel('Published').fill(input.published);
    if (input.tags) await form.getByLabel('Tags').fill(input.tags);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();
  }

  async openSource(title: string | RegExp): Promise<void> {
    await this.nav('Sources').click();
    await this.sources.getByRole('button', { name: title }).click();
    await expect(this.page.getByRole('article', { name: title })).toBeVisible();
  }

  /** The sample articles imported, and a note on the bus attack's, which is left open. */
  async importSamplesWithNote(note: string): Promise<void> {
    await this.import(FIXTURE_ARTICLES);
    await expect(this.sources.getByRole('listitem')).toHaveCount(3);
    await this.openSource(BUS_TITLE);
    await this.addNote(note);
  }

  async addNote(text: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Add note' }).click();
    await this.page.getByRole('textbox', { name: 'Note' }).fill(text);
    await this.page.getByRole('button', { name: 'Save note' }).click();
    await expect(this.page.getByRole('textbox', { name: 'Note' })).toBeHidden();
  }

  async createIncident(input: IncidentInput): Promise<void> {
    await this.nav('Incidents').click();
    await this.page.getByRole('button', { name: 'New incident' }).click();
    const form = this.dialog;
    await form.getByLabel('Date', { exact: true }).fill(input.date);
    if (input.precision) await form.getByLabel('Precision').selectOption({ label: input.precision });
    await form.getByLabel('Location').fill(input.location);
    if (input.region) await form.getByLabel('Region (admin 1)').fill(input.region);
    if (input.latitude) await form.getByLabel('Latitude').fill(input.latitude);
    if (input.longitude) await form.getByLabel('Longitude').fill(input.longitude);
    if (input.regionLevel) await form.getByRole('checkbox', { name: /name only the region/ }).check();
    await form.getByLabel('Event type').selectOption({ label: input.eventType });
    if (input.actors) await form.getByLabel('Actors').fill(input.actors);
    if (input.fatalities) await form.getByLabel('Fatalities').fill(input.fatalities);
    if (input.low) await form.getByLabel('Low estimate').fill(input.low);
    if (input.high) await form.getByLabel('High estimate').fill(input.high);
    if (input.description) await form.getByLabel('Description').fill(input.description);
    for (const source of input.sources ?? []) await form.getByRole('checkbox', { name: source }).check();
    await form.getByRole('button', { name: 'Save incident' }).click();
    await expect(form).toBeHidden();
  }

  async search(query: string): Promise<void> {
    await this.searchBox.fill(query);
  }

  /** An entry of the thesaurus in Settings, by its name. */
  thesaurusEntry(name: string): Locator {
    return this.page
      .getByRole('list', { name: 'Thesaurus entries' })
      .getByRole('listitem')
      .filter({ hasText: name });
  }

  /** The search hits, once the result count for the current query is shown. */
  hits(): Locator {
    return this.searchResults.getByRole('listitem');
  }
}
