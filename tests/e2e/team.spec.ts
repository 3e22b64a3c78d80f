/**
 * Two researchers without a connection, each in their own browser profile: one creates a
 * team, the other joins it from a change file, both edit the same incident apart, the files
 * cross, the conflict shows on both sides, and settling it on one side settles it on both.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { BANDIAGARA_ATTACK, type AppPage } from './app-page';
import { withOtherProfile } from './other-profile';
import { SYNC_SERVER_URL } from './sync-url';

const PASSPHRASE = 'les dunes de Tombouctou 1987';

async function exportChanges(app: AppPage): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  await app.nav('Settings').click();
  const downloading = app.page.waitForEvent('download');
  await app.page.getByRole('button', { name: 'Export changes' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fieldbook-changes-\d{4}-\d{2}-\d{2}\.fbsync$/);
  return {
    name: download.suggestedFilename(),
    mimeType: 'application/json',
    buffer: await readFile(await download.path()),
  };
}

async function importChanges(app: AppPage, file: { name: string; mimeType: string; buffer: Buffer }) {
  await app.nav('Settings').click();
  const input = app.page.getByLabel('Import changes');
  await input.setInputFiles(file);
  // Disabled while the file is read and merged; enabled again once it is done.
  await expect(input).toBeEnabled({ timeout: 15_000 });
  await expect(app.page.getByText(/^Changes imported: /).last()).toBeVisible();
}

/** Settings → Team → Create team, as a researcher fills it in. */
async function createTeam(app: AppPage, name: string) {
  await app.nav('Settings').click();
  const create = app.page.getByRole('form', { name: 'Create team' });
  await create.getByLabel('Team passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Confirm team passphrase').fill(PASSPHRASE);
  await create.getByLabel('Your name').fill(name);
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(app.page.getByText(/^Team created\./)).toBeVisible({ timeout: 15_000 });
}

async function setFatalities(app: AppPage, page: Page, figure: string) {
  await app.nav('Incidents').click();
  await app.incidents.getByRole('button', { name: /Bandiagara/ }).click();
  await page.getByRole('button', { name: 'Edit incident' }).click();
  await app.dialog.getByLabel('Fatalities').fill(figure);
  await app.dialog.getByRole('button', { name: 'Save incident' }).click();
  await expect(app.reader).toContainText(`${figure} killed`);
}

test('two profiles join one team by change files, see a conflict on an incident, and settle it', async ({
  app,
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await app.createIncident(BANDIAGARA_ATTACK);

  await createTeam(app, 'Awa Traoré');
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveText(
    'Awa Traoré (you)',
  );
  const first = await exportChanges(app);
  // The file holds sealed documents only: nothing of the incident can be read in it.
  const text = first.buffer.toString('utf8');
  expect(text).not.toMatch(/Bandiagara|JNIM|Gunmen|Awa/);

  await withOtherProfile(new URL(baseURL ?? '').origin, async (other) => {
    await other.nav('Settings').click();
    const join = other.page.getByRole('form', { name: 'Join team' });
    await join.getByLabel('Change file to join from').setInputFiles(first);
    await join.getByLabel('Team passphrase').fill('a wrong passphrase');
    await join.getByLabel('Your name').fill('Bakary Diallo');
    await join.getByRole('button', { name: 'Join team' }).click();
    await expect(join.getByRole('alert')).toHaveText(/Wrong team passphrase/, { timeout: 15_000 });
    await join.getByLabel('Team passphrase').fill(PASSPHRASE);
    await join.getByRole('button', { name: 'Join team' }).click();
    await expect(other.page.getByText(/^You joined the team\./)).toBeVisible({ timeout: 15_000 });
    await expect(other.page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveText([
      'Awa Traoré',
      'Bakary Diallo (you)',
    ]);

    // Both edit the same incident's figure apart.
    await setFatalities(other, other.page, '32');
    await setFatalities(app, page, '35');
    await importChanges(app, await exportChanges(other));
    await importChanges(other, await exportChanges(app));

    // The conflict shows on both sides: on the row, under the Conflicts filter, on the field.
    for (const side of [app, other]) {
      await side.nav('Incidents').click();
      await expect(side.incidents.getByRole('button', { name: /Bandiagara/ })).toContainText('in conflict');
      await side.page.getByText('Filters', { exact: true }).click();
      await side.page.getByRole('checkbox', { name: 'Conflicts' }).check();
      await expect(side.incidents.getByRole('listitem')).toHaveCount(1);
      await side.incidents.getByRole('button', { name: /Bandiagara/ }).click();
      const conflict = side.reader.getByRole('group', { name: 'Conflict: Fatalities' });
      await expect(conflict).toContainText('35 killed');
      await expect(conflict).toContainText('32 killed');
      await expect(conflict).toContainText('set by Awa Traoré');
      await expect(conflict).toContainText('set by Bakary Diallo');
      await expect(conflict.getByRole('button', { name: 'Keep mine' })).toBeVisible();
      await expect(conflict.getByRole('button', { name: 'Keep theirs' })).toBeVisible();
    }

    // Awa keeps Bakary's figure; once her file reaches him, the conflict is gone on both.
    await app.reader
      .getByRole('group', { name: 'Conflict: Fatalities' })
      .getByRole('button', { name: 'Keep theirs' })
      .click();
    await expect(app.reader.getByRole('group', { name: 'Conflict: Fatalities' })).toBeHidden();
    await expect(app.reader).toContainText('32 killed');
    await importChanges(other, await exportChanges(app));
    await other.nav('Incidents').click();
    await expect(other.incidents.getByRole('listitem')).toHaveCount(0);
    await other.page.getByRole('checkbox', { name: 'Conflicts' }).uncheck();
    await other.incidents.getByRole('button', { name: /Bandiagara/ }).click();
    await expect(other.reader).toContainText('32 killed');
    await expect(other.reader.getByRole('group', { name: 'Conflict: Fatalities' })).toHaveCount(0);
  });
});

async function syncNow(app: AppPage, address?: string) {
  await app.nav('Settings').click();
  const form = app.page.getByRole('form', { name: 'Sync now' });
  if (address) await form.getByLabel('Server address').fill(address);
  const button = form.getByRole('button', { name: 'Sync now' });
  await button.click();
  // Disabled, then replaced by Cancel while the exchange runs; back once it is over.
  await expect(button).toBeEnabled({ timeout: 20_000 });
  await expect(app.page.getByText(/^Synced with the server: /).last()).toBeVisible();
}

test('two profiles work as a team through its server, and a conflict settled on one is settled on both', async ({
  app,
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const address = `${SYNC_SERVER_URL}/team-${Date.now()}`;
  await app.createIncident(BANDIAGARA_ATTACK);
  await createTeam(app, 'Awa Traoré');

  // A server the page's policy does not let through is named, and nothing is sent.
  const form = page.getByRole('form', { name: 'Sync now' });
  await form.getByLabel('Server address').fill('http://couch.example.org/team');
  await form.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/over HTTPS only/)).toBeVisible();
  await syncNow(app, address);
  // The server holds sealed documents only.
  const stored = await (await fetch(`${address}/_all_docs?include_docs=true`)).text();
  expect(stored).toContain('"rows"');
  expect(stored).not.toMatch(/Bandiagara|Gunmen|Awa Traoré/);

  await withOtherProfile(new URL(baseURL ?? '').origin, async (other) => {
    await other.nav('Settings').click();
    const join = other.page.getByRole('form', { name: 'Join team' });
    await join.getByRole('radio', { name: 'The team’s server' }).check();
    await join.getByLabel('Server address').fill(address);
    await join.getByLabel('Team passphrase').fill(PASSPHRASE);
    await join.getByLabel('Your name').fill('Bakary Diallo');
    await join.getByRole('button', { name: 'Join team' }).click();
    await expect(other.page.getByText(/^You joined the team\./)).toBeVisible({ timeout: 20_000 });
    await expect(other.page.getByRole('form', { name: 'Sync now' }).getByLabel('Server address')).toHaveValue(
      address,
    );

    await setFatalities(other, other.page, '32');
    await setFatalities(app, page, '35');
    await syncNow(other);
    await syncNow(app);
    await syncNow(other);
    for (const side of [app, other]) {
      await side.nav('Incidents').click();
      await side.incidents.getByRole('button', { name: /Bandiagara/ }).click();
      await expect(side.reader.getByRole('group', { name: 'Conflict: Fatalities' })).toBeVisible();
    }
    // Bakary types another figure by hand; after the next exchanges both hold it, conflict gone.
    const conflict = other.reader.getByRole('group', { name: 'Conflict: Fatalities' });
    await expect(conflict.getByRole('button', { name: 'Keep mine' })).toBeVisible();
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await expect(other.reader).toContainText('32 killed');
    await syncNow(other);
    await syncNow(app);
    await app.nav('Incidents').click();
    await app.incidents.getByRole('button', { name: /Bandiagara/ }).click();
    await expect(app.reader).toContainText('32 killed');
    await expect(app.reader.getByRole('group', { name: 'Conflict: Fatalities' })).toHaveCount(0);
    await app.nav('Settings').click();
    await expect(app.page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveText([
      'Awa Traoré (you)',
      'Bakary Diallo',
    ]);
  });
});
