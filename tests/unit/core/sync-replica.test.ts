/**
 * Team replicas in memory: PouchDB (the protocol CouchDB speaks) for each machine and for the
 * server, replicating in process. Each machine's archive is a map of records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import PouchDB, { type Database } from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { exportChanges, importChanges } from '../../../src/core/sync/change-file';
import { newSigner, newTeamKey, type MemberKey } from '../../../src/core/sync/envelope';
import type { SyncTable } from '../../../src/core/sync/merge';
import { Replica, type ReplicaDb } from '../../../src/core/sync/replica';
import { incident, note } from '../factories';

PouchDB.plugin(memory).plugin(replication);

type Json = Record<string, unknown>;
let dbs: Database[] = [];
let count = 0;
const database = (name: string) => {
  const db = new PouchDB(`${name}-${++count}`, { adapter: 'memory' });
  dbs.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(dbs.map((db) => db.destroy()));
  dbs = [];
});

const team = newTeamKey();
const signers = { awa: newSigner('awa'), bakary: newSigner('bakary') };
const members = new Map<string, MemberKey>(Object.values(signers).map((s) => [s.member, s]));
let clock = Date.UTC(2026, 9, 3, 8);

interface Machine {
  name: keyof typeof signers;
  db: Database;
  replica: Replica;
  archive: Map<string, Json>;
  /** A save in the app: the record changed, then handed to the replica. */
  edit(table: SyncTable, id: string, change: (r: Json) => void): Promise<void>;
  sync(server: Database): Promise<void>;
}

function machine(
  name: keyof typeof signers,
  db: Database = database(name),
  replicaDb: ReplicaDb = db,
): Machine {
  const archive = new Map<string, Json>();
  const replica = new Replica(
    replicaDb,
    {
      keys: new Map([[team.id, team]]),
      current: team,
      naming: team,
      signer: signers[name],
      members,
      now: () => clock++,
    },
    {
      apply(table, id, record) {
        if (record) archive.set(`${table}/${id}`, structuredClone(record));
        else archive.delete(`${table}/${id}`);
        return Promise.resolve();
      },
    },
  );
  return {
    name,
    db,
    replica,
    archive,
    async edit(table, id, change) {
      const record = structuredClone(archive.get(`${table}/${id}`)) as Json;
      change(record);
      record.updatedAt = clock;
      archive.set(`${table}/${id}`, record);
      await replica.publish(table, record);
    },
    async sync(server) {
      await db.replicate.to(server);
      await db.replicate.from(server);
      await replica.settle();
    },
  };
}

const songho = () =>
  JSON.parse(
    JSON.stringify(
      incident({
        id: 'inc-songho',
        perpetrator: 'JNIM',
        target: 'Civilians',
        fatalities: { best: 31 },
        tags: ['bus'],
        sourceIds: ['src-aj'],
      }),
    ),
  ) as Json;

/** Awa creates the incident and shares it; Bakary receives it. */
async function sharedIncident() {
  const server = database('server');
  const awa = machine('awa');
  const bakary = machine('bakary');
  awa.archive.set('incidents/inc-songho', songho());
  await awa.replica.publish('incidents', songho());
  await awa.sync(server);
  await bakary.sync(server);
  expect(bakary.archive.get('incidents/inc-songho')).toMatchObject({ perpetrator: 'JNIM' });
  return { server, awa, bakary };
}

async function exchange(server: Database, ...machines: Machine[]) {
  for (let round = 0; round < 2; round++) for (const m of machines) await m.sync(server);
}

describe('two replicas editing one incident offline', () => {
  it('merge different fields, and both end equal', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.fatalities = { low: 31, best: 32 }));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.tags = ['bus', 'Bandiagara']));
    await exchange(server, awa, bakary);
    const merged = awa.archive.get('incidents/inc-songho');
    expect(merged).toMatchObject({ fatalities: { low: 31, best: 32 }, tags: ['bus', 'Bandiagara'] });
    expect(merged?.conflicts).toBeUndefined();
    expect(bakary.archive.get('incidents/inc-songho')).toEqual(merged);
  });

  it('make the same field changed differently a conflict on both, with who and when', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.perpetrator = 'Katiba Macina'));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.perpetrator = 'Dozo militia'));
    await exchange(server, awa, bakary);
    const a = awa.archive.get('incidents/inc-songho');
    expect(bakary.archive.get('incidents/inc-songho')).toEqual(a);
    const sides = (a?.conflicts as Record<string, { sides: { by: string; value: unknown }[] }>).perpetrator!
      .sides;
    expect(sides.map((s) => [s.by, s.value])).toEqual([
      ['awa', 'Katiba Macina'],
      ['bakary', 'Dozo militia'],
    ]);
    // One live revision left on the server: the merge removed the others.
    const leaves = await server.get(Object.keys(await docsOf(server))[0]!, { open_revs: 'all' });
    expect(live(leaves)).toHaveLength(1);
  });

  it('keep an edit that raced a move to the Trash, with a conflict, on both', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.deletedAt = clock));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.description = 'Le car transportait des forains.'));
    await exchange(server, awa, bakary);
    for (const m of [awa, bakary]) {
      const r = m.archive.get('incidents/inc-songho');
      expect(r?.deletedAt).toBeUndefined();
      expect(r?.description).toBe('Le car transportait des forains.');
      expect(Object.keys(r?.conflicts ?? {})).toEqual(['trash']);
    }
  });

  it('bring back a record deleted for good on one side and edited on the other', async () => {
    const { server, awa, bakary } = await sharedIncident();
    awa.archive.delete('incidents/inc-songho');
    await awa.replica.publishDeletion('incidents', 'inc-songho');
    await bakary.edit('incidents', 'inc-songho', (r) => (r.target = 'Traders'));
    await exchange(server, awa, bakary);
    expect(awa.archive.get('incidents/inc-songho')).toMatchObject({ target: 'Traders' });
    expect(bakary.archive.get('incidents/inc-songho')).toEqual(awa.archive.get('incidents/inc-songho'));
  });

  it('delete for good on both when nobody edited', async () => {
    const { server, awa, bakary } = await sharedIncident();
    awa.archive.delete('incidents/inc-songho');
    await awa.replica.publishDeletion('incidents', 'inc-songho');
    await exchange(server, awa, bakary);
    expect(bakary.archive.has('incidents/inc-songho')).toBe(false);
  });

  it('write nothing more once both machines merged the same revisions (no merge loop)', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.target = 'Civilians (bus passengers)'));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.injured = 12));
    // Both receive both revisions before either merges.
    await awa.db.replicate.to(server);
    await bakary.db.replicate.to(server);
    await awa.db.replicate.from(server);
    await bakary.db.replicate.from(server);
    await awa.replica.settle();
    await bakary.replica.settle();
    await exchange(server, awa, bakary);
    const seq = (await server.info()).update_seq;
    await exchange(server, awa, bakary);
    expect((await server.info()).update_seq).toBe(seq);
    expect(awa.archive.get('incidents/inc-songho')).toMatchObject({
      target: 'Civilians (bus passengers)',
      injured: 12,
    });
    expect(bakary.archive.get('incidents/inc-songho')).toEqual(awa.archive.get('incidents/inc-songho'));
  });

  it('converge when both resolve the same conflict offline', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.fatalities = { best: 31 }));
    await awa.edit('incidents', 'inc-songho', (r) => (r.perpetrator = 'JNIM (GSIM)'));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.perpetrator = 'EIGS'));
    await exchange(server, awa, bakary);
    const resolve = (r: Json) => {
      r.perpetrator = 'JNIM (GSIM)';
      const conflicts = { ...(r.conflicts as Json) };
      delete conflicts.perpetrator;
      if (Object.keys(conflicts).length) r.conflicts = conflicts;
      else delete r.conflicts;
    };
    await awa.edit('incidents', 'inc-songho', resolve);
    await bakary.edit('incidents', 'inc-songho', resolve);
    await exchange(server, awa, bakary);
    const r = awa.archive.get('incidents/inc-songho');
    expect(r).toMatchObject({ perpetrator: 'JNIM (GSIM)' });
    expect(r?.conflicts).toBeUndefined();
    expect(bakary.archive.get('incidents/inc-songho')).toEqual(r);
  });

  it('leave a conflict, never a loss, when the merge stops between writing and removing', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.target = 'Traders'));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.injured = 4));
    await bakary.db.replicate.to(server);
    await awa.db.replicate.from(server);
    // The machine stops right after the merged revision is written, before the others go.
    const cut: ReplicaDb = {
      get: (id, options) => awa.db.get(id, options),
      put: (doc) => awa.db.put(doc),
      changes: (options) => awa.db.changes(options),
      bulkDocs: async (docs, options) => {
        if (!options && docs.some((d) => (d as { _deleted?: boolean })._deleted))
          throw new Error('power cut');
        return awa.db.bulkDocs(docs, options ?? {});
      },
    };
    const crashing = machine('awa', awa.db, cut);
    for (const [k, v] of awa.archive) crashing.archive.set(k, v);
    await expect(crashing.replica.settle()).rejects.toThrow('power cut');
    const leaves = await awa.db.get(Object.keys(await docsOf(awa.db))[0]!, { open_revs: 'all' });
    expect(live(leaves).length).toBeGreaterThan(1);
    const restarted = machine('awa', awa.db);
    for (const [k, v] of crashing.archive) restarted.archive.set(k, v);
    await exchange(server, restarted, bakary);
    for (const m of [restarted, bakary])
      expect(m.archive.get('incidents/inc-songho')).toMatchObject({ target: 'Traders', injured: 4 });
  });
});

/** The live leaves among the answer to `get(id, { open_revs: 'all' })`. */
const live = (leaves: unknown) =>
  (leaves as { ok?: { _deleted?: boolean } }[]).filter((l) => l.ok !== undefined && !l.ok._deleted);

/** Every document the server stores, bodies and all, as text. */
async function docsOf(db: Database): Promise<Record<string, unknown>> {
  const all = await db.allDocs({ include_docs: true, conflicts: true });
  return Object.fromEntries(all.rows.map((r) => [r.id, r.doc]));
}

describe('what the server holds', () => {
  it(
    'has none of 1,000 markers put into notes, incidents and their stamps',
    { timeout: 30_000 },
    async () => {
      const server = database('server');
      const awa = machine('awa');
      const markers = Array.from({ length: 1000 }, (_, i) => `zq${i.toString(36)}-Ségou-${i * 104729}`);
      for (const [i, marker] of markers.entries()) {
        if (i % 2)
          await awa.replica.publish(
            'notes',
            JSON.parse(JSON.stringify(note({ id: `n-${marker}`, body: marker }))) as Json,
          );
        else
          await awa.replica.publish('incidents', {
            ...songho(),
            id: `i-${i}`,
            description: marker,
            tags: [marker],
          });
      }
      await awa.db.replicate.to(server);
      const stored = JSON.stringify(await docsOf(server));
      expect(Object.keys(await docsOf(server))).toHaveLength(1000);
      for (const marker of markers) expect(stored.includes(marker), marker).toBe(false);
      expect(stored).not.toContain('Ségou');
    },
  );

  it('quarantines a revision signed by someone outside the team instead of merging it', async () => {
    const { server, awa, bakary } = await sharedIncident();
    const outsider = newSigner('mallory');
    const rogue = new Replica(
      awa.db,
      {
        keys: new Map([[team.id, team]]),
        current: team,
        naming: team,
        signer: outsider,
        members,
        now: () => clock++,
      },
      { apply: () => Promise.resolve() },
    );
    await rogue.publish('incidents', { ...songho(), perpetrator: 'Nobody', updatedAt: clock });
    await awa.db.replicate.to(server);
    await bakary.db.replicate.from(server);
    const report = await bakary.replica.settle();
    expect(report.quarantined).toMatchObject([{ reason: 'unknownMember' }]);
    expect(bakary.archive.get('incidents/inc-songho')).toMatchObject({ perpetrator: 'JNIM' });
  });
});

describe('change files', () => {
  const session = { keys: new Map([[team.id, team]]), members, naming: team };

  it('carry one machine’s work to another, and importing twice changes nothing', async () => {
    const awa = machine('awa');
    const bakary = machine('bakary');
    awa.archive.set('incidents/inc-songho', songho());
    await awa.replica.publish('incidents', songho());
    await awa.replica.publish(
      'notes',
      JSON.parse(JSON.stringify(note({ id: 'n1', body: 'Appeler RFI.' }))) as Json,
    );
    const { text, revisions } = await exportChanges(awa.db, team);
    expect(revisions).toBe(2);
    expect(text).not.toContain('Appeler RFI');
    await importChanges(bakary.db, text, session);
    expect((await bakary.replica.settle()).applied).toBe(2);
    expect(bakary.archive.get('notes/n1')).toMatchObject({ body: 'Appeler RFI.' });
    const seq = (await bakary.db.info()).update_seq;
    await importChanges(bakary.db, text, session);
    expect((await bakary.db.info()).update_seq).toBe(seq);
    expect((await bakary.replica.settle()).applied).toBe(0);
  });

  it('relayed A → B → C build what online replication builds', async () => {
    const { server, awa, bakary } = await sharedIncident();
    await awa.edit('incidents', 'inc-songho', (r) => (r.target = 'Traders'));
    await bakary.edit('incidents', 'inc-songho', (r) => (r.target = 'Passengers'));
    const fromAwa = await exportChanges(awa.db, team);
    await importChanges(bakary.db, fromAwa.text, session);
    await bakary.replica.settle();
    const relayed = await exportChanges(bakary.db, team);
    const chloe = machine('awa');
    await importChanges(chloe.db, relayed.text, session);
    await chloe.replica.settle();
    // The same work replicated online instead.
    await awa.db.replicate.to(server);
    await bakary.db.replicate.to(server);
    const online = machine('awa');
    await online.db.replicate.from(server);
    await online.replica.settle();
    expect(chloe.archive.get('incidents/inc-songho')).toEqual(bakary.archive.get('incidents/inc-songho'));
    expect(online.archive.get('incidents/inc-songho')).toEqual(bakary.archive.get('incidents/inc-songho'));
    expect(Object.keys(chloe.archive.get('incidents/inc-songho')?.conflicts ?? {})).toEqual(['target']);
  });

  it('refuse a file cut short, tampered with, or for another team, and write nothing of it', async () => {
    const awa = machine('awa');
    const bakary = machine('bakary');
    for (let i = 0; i < 5; i++) await awa.replica.publish('incidents', { ...songho(), id: `inc-${i}` });
    const { text } = await exportChanges(awa.db, team);
    const seq = (await bakary.db.info()).update_seq;
    for (const cut of [10, text.length / 2, text.length - 2])
      await expect(importChanges(bakary.db, text.slice(0, cut), session)).rejects.toThrow(
        /damaged or cut short/,
      );
    const file = JSON.parse(text) as { revisions: { c: string }[]; sha256: string };
    const at = file.revisions[3]!.c.length >> 1;
    file.revisions[3]!.c = `${file.revisions[3]!.c.slice(0, at)}${file.revisions[3]!.c[at] === 'A' ? 'B' : 'A'}${file.revisions[3]!.c.slice(at + 1)}`;
    await expect(importChanges(bakary.db, JSON.stringify(file), session)).rejects.toThrow(/checksum/);
    // Tampered by someone who also rewrote the checksum: the revision itself does not open.
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const { bytesToHex, utf8ToBytes } = await import('@noble/ciphers/utils.js');
    file.sha256 = bytesToHex(sha256(utf8ToBytes(JSON.stringify(file.revisions))));
    await expect(importChanges(bakary.db, JSON.stringify(file), session)).rejects.toThrow(
      /does not open \(damaged\)/,
    );
    const other = newTeamKey();
    await expect(
      importChanges(bakary.db, text, { keys: new Map([[other.id, other]]), members, naming: other }),
    ).rejects.toThrow(/another team/);
    expect((await bakary.db.info()).update_seq).toBe(seq);
    // The whole file, once it arrives, imports.
    await importChanges(bakary.db, text, session);
    expect((await bakary.replica.settle()).applied).toBe(5);
  });
});
