/**
 * Two archives as the app opens them (Dexie over fake IndexedDB, with the journal and the
 * vault's sealing), each linked to its own team replica (PouchDB in memory), exchanging
 * change files as two researchers without a connection do.
 */
import 'fake-indexeddb/auto';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../../src/renderer/src/lib/data/archive';
import { openDatabase } from '../../../src/renderer/src/lib/data/db';
import { TeamLink } from '../../../src/renderer/src/lib/data/team';
import { pouchDatabases } from '../../../src/renderer/src/lib/data/pouch-databases';
import { createTeam, joinTeam } from '../../../src/core/sync/team';
import { readChangeFile } from '../../../src/core/sync/change-file';
import { settleConflict, sidesFor } from '../../../src/core/sync/conflicts';
import type { Incident } from '../../../src/core/model/types';
import { incident } from '../factories';

PouchDB.plugin(memory);

const PASSPHRASE = 'les dunes de Tombouctou, 1987';
const quick = { kdf: { memorySize: 1024, iterations: 1 } };

let count = 0;
const base = pouchDatabases(PouchDB, 'memory');
const dbs = { ...base, open: (name: string) => base.open(`${name}-${++count}`) };

const opened: { archive: Archive; link?: TeamLink }[] = [];
afterEach(() => {
  for (const { archive, link } of opened.splice(0)) {
    link?.close();
    archive.db.close();
  }
});

async function machine() {
  const archive = openArchive(openDatabase(`team-${Math.random()}`));
  await archive.db.open();
  const entry: { archive: Archive; link?: TeamLink } = { archive };
  opened.push(entry);
  const errors: unknown[] = [];
  return {
    archive,
    errors,
    async begin(state: Parameters<typeof TeamLink.begin>[3]) {
      entry.link = await TeamLink.begin(archive.db, archive.journal, dbs, state, (e) => errors.push(e));
      await entry.link.shareAll(() => undefined);
      return entry.link;
    },
  };
}

/** Awa creates the team with one incident, Bakary joins from her first change file. */
async function pair() {
  const awa = await machine();
  const songho = await awa.archive.incidents.create({ ...incident(), fatalities: { best: 31 } });
  const awaLink = await awa.begin(await createTeam(PASSPHRASE, 'Awa Traoré', quick));
  const first = await awaLink.exportChanges();

  const bakary = await machine();
  const header = readChangeFile(first.text).header;
  const joined = await joinTeam(header, PASSPHRASE, 'Bakary Diallo');
  if (!joined.ok) throw new Error(joined.error);
  const bakaryLink = await bakary.begin(joined.state);
  await bakaryLink.importChanges(first.text);
  return { awa, awaLink, bakary, bakaryLink, songho };
}

const exchange = async (from: TeamLink, to: TeamLink) => to.importChanges((await from.exportChanges()).text);

describe('an archive in a team', () => {
  it('joins from a change file and receives the records in it, whole', async () => {
    const { bakary, songho } = await pair();
    const received = await bakary.archive.incidents.get(songho.id);
    expect(received).toMatchObject({ id: songho.id, location: songho.location, fatalities: { best: 31 } });
  });

  it('is refused a file sealed for another team, and keeps what it held', async () => {
    const { bakaryLink, songho, bakary } = await pair();
    const other = await machine();
    await other.archive.incidents.create(incident({ description: 'Another team’s incident.' }));
    const otherLink = await other.begin(await createTeam('une autre équipe', 'Chloé', quick));
    const before = await bakary.archive.db.incidents.toArray();
    await expect(bakaryLink.importChanges((await otherLink.exportChanges()).text)).rejects.toThrow(
      /another team/,
    );
    expect(await bakary.archive.db.incidents.toArray()).toEqual(before);
    expect(await bakary.archive.incidents.get(songho.id)).toBeDefined();
  });

  it('merges edits of different fields, and keeps an edit of the same field on both as a conflict on both', async () => {
    const { awa, awaLink, bakary, bakaryLink, songho } = await pair();
    const draft = (i: Incident) => {
      const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = i;
      return rest;
    };
    const atAwa = (await awa.archive.incidents.get(songho.id))!;
    await awa.archive.incidents.update(songho.id, {
      ...draft(atAwa),
      fatalities: { best: 32 },
      description: 'Gunmen attacked a bus near Songho; 32 dead according to the mayor.',
    });
    const atBakary = (await bakary.archive.incidents.get(songho.id))!;
    await bakary.archive.incidents.update(songho.id, {
      ...draft(atBakary),
      fatalities: { best: 31, low: 31, high: 36 },
      perpetrator: 'JNIM (GSIM)',
    });
    await exchange(awaLink, bakaryLink);
    await exchange(bakaryLink, awaLink);
    const [a, b] = [
      (await awa.archive.incidents.get(songho.id))!,
      (await bakary.archive.incidents.get(songho.id))!,
    ];
    // Different fields: both edits are in.
    expect(a.description).toMatch(/32 dead according to the mayor/);
    expect(a.perpetrator).toBe('JNIM (GSIM)');
    // The same field: a conflict holding both values, who set each, on both machines.
    expect(Object.keys(a.conflicts ?? {})).toEqual(['fatalities']);
    const sides = a.conflicts!.fatalities!.sides;
    expect(sides.map((s) => s.value)).toEqual(
      expect.arrayContaining([{ best: 32 }, { best: 31, low: 31, high: 36 }]),
    );
    expect(new Set(sides.map((s) => s.by))).toEqual(new Set([awaLink.member, bakaryLink.member]));
    expect(b).toEqual(a);

    // Awa keeps Bakary's figures; once the files cross again, both hold them, conflict gone.
    const { theirs } = sidesFor(a.conflicts!.fatalities!, awaLink.member);
    expect(theirs[0]!.by).toBe(bakaryLink.member);
    await awa.archive.db.incidents.put({
      ...settleConflict(a, 'fatalities', theirs[0]!.value),
      updatedAt: 2,
    });
    await exchange(awaLink, bakaryLink);
    await exchange(bakaryLink, awaLink);
    const settled = (await bakary.archive.incidents.get(songho.id))!;
    expect(settled.fatalities).toEqual({ best: 31, low: 31, high: 36 });
    expect(settled.conflicts).toBeUndefined();
    expect(await awa.archive.incidents.get(songho.id)).toEqual(settled);
    expect([...awa.errors, ...bakary.errors]).toEqual([]);
  });

  it('writes nothing new when the same file is imported twice, nor when merged records come back', async () => {
    const { awaLink, bakaryLink } = await pair();
    const once = await exchange(bakaryLink, awaLink);
    const count = (await awaLink.exportChanges()).revisions;
    const twice = await exchange(bakaryLink, awaLink);
    expect(twice.applied).toBe(0);
    expect((await awaLink.exportChanges()).revisions).toBe(count);
    expect(once.quarantined).toEqual([]);
  });

  it('keeps an edit made by a form that knows nothing of conflicts from settling them', async () => {
    const { awa, awaLink, bakary, bakaryLink, songho } = await pair();
    const edit = async (archive: Archive, description: string) => {
      const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = (await archive.incidents.get(songho.id))!;
      await archive.incidents.update(songho.id, { ...rest, description });
    };
    await edit(awa.archive, 'Attack on a bus near Songho (Bandiagara).');
    await edit(bakary.archive, 'Bus attacked between Songho and Bandiagara.');
    await exchange(bakaryLink, awaLink);
    expect(Object.keys((await awa.archive.incidents.get(songho.id))!.conflicts ?? {})).toEqual([
      'description',
    ]);
    // Awa then changes another field through the form: the conflict on the description stays.
    const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = (await awa.archive.incidents.get(songho.id))!;
    await awa.archive.incidents.update(songho.id, { ...rest, tags: ['bus'] });
    const after = (await awa.archive.incidents.get(songho.id))!;
    expect(Object.keys(after.conflicts ?? {})).toEqual(['description']);
    // Typing a new description by hand settles it.
    await awa.archive.incidents.update(songho.id, {
      ...rest,
      tags: ['bus'],
      description: 'Bus attack, Songho.',
    });
    expect((await awa.archive.incidents.get(songho.id))!.conflicts).toBeUndefined();
  });
});
