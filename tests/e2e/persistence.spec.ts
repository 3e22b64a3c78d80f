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
