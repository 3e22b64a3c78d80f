import { test, expect } from './fixtures';

test('keeps sources, notes and incidents after the browser is closed and reopened', async ({ openApp }) => {
  const first = await openApp();
  await first.app.createSource({ title: 'Persistent source', text: 'Written before a restart.' });
  await first.app.addNote('Persistent note');
  await first.app.createIncident({
    date: '2022-03-07',
    location: 'Ntahaka',
    eventType: 'Battles',
    fatalities: '2',
  });
  await first.context.close();

  const second = await openApp();
  const { app } = second;
  await app.nav('Sources').click();
  await expect(app.sources.getByRole('listitem')).toHaveText([/Persistent source/]);
  await app.openSource('Persistent source');
  await expect(app.reader).toContainText('Persistent note');
  await app.nav('Incidents').click();
  await expect(app.incidents.getByRole('listitem')).toHaveText([/Battles — Ntahaka/]);
  await app.search('ntahaka');
  await expect(app.hits()).toHaveCount(1);
});

test('refuses, in plain words, an archive saved by a newer Fieldbook, and leaves it untouched', async ({
  app,
  page,
}) => {
  await app.createSource({ title: 'Written by this version', text: 'A record that must survive.' });
  // A newer Fieldbook upgrades the database (IndexedDB version 80 = schema 8).
  const upgraded = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fieldbook', 80);
        open.onupgradeneeded = () => open.result.createObjectStore('claims', { keyPath: 'id' });
        open.onsuccess = () => {
          const version = open.result.version;
          open.result.close();
          resolve(version);
        };
        open.onerror = () => reject(new Error(String(open.error)));
        open.onblocked = () => reject(new Error('blocked'));
      }),
  );
  expect(upgraded).toBe(80);

  await page.reload();
  await expect(page.getByRole('alert')).toHaveText(
    /This archive was saved by a newer version of Fieldbook \(schema 8; this version reads up to 7\)\. Update Fieldbook to open it\. Nothing was changed\./,
  );
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveCount(0);
  const titles = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onsuccess = () => {
          const request = open.result.transaction('sources').objectStore('sources').getAll();
          request.onsuccess = () => resolve((request.result as { title: string }[]).map((s) => s.title));
          request.onerror = () => reject(new Error(String(request.error)));
        };
        open.onerror = () => reject(new Error(String(open.error)));
      }),
  );
  expect(titles).toEqual(['Written by this version']);
});
