import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';

/** What a crash or a browser cleaning up can do: the archive's IndexedDB files vanish. */
async function wipeIndexedDb(profileDir: string): Promise<string[]> {
  const folder = join(profileDir, 'Default', 'IndexedDB');
  const removed = (await readdir(folder)).filter((name) => name.startsWith('http_127.0.0.1'));
  for (const name of removed) await rm(join(folder, name), { recursive: true, force: true });
  return removed;
}

test('detects a wiped database at start and restores the last snapshot in one click', async ({
  openApp,
  profileDir,
}) => {
  const first = await openApp();
  await first.app.createSource({
    title: 'Ambush on the Tessit road',
    text: 'Soldiers were killed near Tessit.',
  });
  await first.app.addNote('Cross-check with the FAMa communiqué.');
  await first.app.nav('Settings').click();
  await first.page.getByRole('button', { name: 'Take a snapshot now' }).click();
  // A snapshot is real file work: under a busy machine (other tests alongside) it takes seconds.
  await expect(first.page.getByText('Snapshot saved.')).toBeVisible({ timeout: 20_000 });
  await expect(first.page.getByRole('list', { name: 'Saved snapshots' })).toContainText('1 sources, 1 notes');
  await first.context.close();

  expect(await wipeIndexedDb(profileDir)).not.toEqual([]);

  const second = await openApp();
  const alert = second.page.getByRole('alert').filter({ hasText: 'Your archive is empty' });
  await expect(alert).toContainText(
    'holds 1 sources, 1 notes and 0 incidents; the archive now holds 0, 0 and 0',
  );
  // The app reloads a second after the restore: what follows must run on the reloaded page.
  const reloaded = second.page.waitForEvent('load');
  await alert.getByRole('button', { name: 'Restore from snapshot' }).click();
  await expect(second.page.getByText('Snapshot restored. Reloading…')).toBeVisible();
  await reloaded;
  await expect(alert).toBeHidden();

  const { app } = second;
  await expect(second.page.locator('html[data-ready="true"]')).toHaveCount(1);
  await app.nav('Sources').click();
  await expect(app.sources.getByRole('listitem')).toHaveText([/Ambush on the Tessit road/]);
  await app.openSource('Ambush on the Tessit road');
  await expect(app.reader).toContainText('Cross-check with the FAMa communiqué.');
  await app.search('tessit');
  await expect(app.hits()).toHaveCount(1);
});

test('keeps the work of the last seconds before a wipe, through the journal', async ({
  openApp,
  profileDir,
}) => {
  const first = await openApp();
  await first.app.createSource({
    title: 'Checkpoint burned at Gao bridge',
    text: 'The checkpoint burned overnight.',
  });
  await first.app.nav('Settings').click();
  await first.page.getByRole('button', { name: 'Take a snapshot now' }).click();
  // A snapshot is real file work: under a busy machine (other tests alongside) it takes seconds.
  await expect(first.page.getByText('Snapshot saved.')).toBeVisible({ timeout: 20_000 });
  // Written after the snapshot: only the journal has it.
  await first.app.openSource('Checkpoint burned at Gao bridge');
  await first.app.addNote('Two witnesses saw the fire from the river.');
  await first.page.waitForTimeout(2_500);
  await first.context.close();
  await wipeIndexedDb(profileDir);

  const second = await openApp();
  const alert = second.page.getByRole('alert').filter({ hasText: 'Your archive is empty' });
  const reloaded = second.page.waitForEvent('load');
  await alert.getByRole('button', { name: 'Restore from snapshot' }).click();
  await reloaded;
  await expect(alert).toBeHidden();
  await expect(second.page.locator('html[data-ready="true"]')).toHaveCount(1);
  await second.app.openSource('Checkpoint burned at Gao bridge');
  await expect(second.app.reader).toContainText('Two witnesses saw the fire from the river.');
});

test('keeps an archive the user chose to keep, and snapshots it from then on', async ({
  openApp,
  profileDir,
}) => {
  const first = await openApp();
  await first.app.createSource({ title: 'Market fire in Gao', text: 'The market burned overnight.' });
  await first.app.nav('Settings').click();
  await first.page.getByRole('button', { name: 'Take a snapshot now' }).click();
  // A snapshot is real file work: under a busy machine (other tests alongside) it takes seconds.
  await expect(first.page.getByText('Snapshot saved.')).toBeVisible({ timeout: 20_000 });
  await first.context.close();
  await wipeIndexedDb(profileDir);

  const second = await openApp();
  const alert = second.page.getByRole('alert').filter({ hasText: 'Your archive is empty' });
  await alert.getByRole('button', { name: 'Keep the archive as it is' }).click();
  await expect(alert).toBeHidden();
  await second.app.createSource({ title: 'A new start', text: 'Written after the wipe.' });
  await second.app.nav('Settings').click();
  await second.page.getByRole('button', { name: 'Take a snapshot now' }).click();
  await expect(second.page.getByRole('list', { name: 'Saved snapshots' }).getByRole('listitem')).toHaveCount(
    2,
  );
  await second.context.close();

  const third = await openApp();
  await expect(third.page.getByRole('alert').filter({ hasText: 'Your archive' })).toHaveCount(0);
});
