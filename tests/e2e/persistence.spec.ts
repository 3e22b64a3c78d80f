import { test, expect } from './fixtures';
import { SCHEMA_VERSION } from '../../src/renderer/src/lib/data/db';

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
  // A newer Fieldbook upgrades the database (Dexie stores schema N as IndexedDB version 10·N).
  const newer = SCHEMA_VERSION + 1;
  const upgraded = await page.evaluate(
    (version) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fieldbook', version);
        open.onupgradeneeded = () => open.result.createObjectStore('claims', { keyPath: 'id' });
        open.onsuccess = () => {
          const version = open.result.version;
          open.result.close();
          resolve(version);
        };
        open.onerror = () => reject(new Error(String(open.error)));
        open.onblocked = () => reject(new Error('blocked'));
      }),
    newer * 10,
  );
  expect(upgraded).toBe(newer * 10);

  await page.reload();
  await expect(page.getByRole('alert')).toContainText(
    `This archive was saved by a newer version of Fieldbook (schema ${newer}; this version reads up to ${SCHEMA_VERSION}). Update Fieldbook to open it. Nothing was changed.`,
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
