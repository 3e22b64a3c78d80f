/**
 * Three machines, 200 random operations on a few shared incidents — field edits, reports
 * edited, Trash and restore, conflicts settled — with random partial syncs: over the server
 * (either direction alone) and by change files handed from one machine to another. At the end,
 * after everyone has synced, every machine holds the same records, and every value written is
 * in a record or a conflict unless someone who had seen it replaced it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import PouchDB, { type Database } from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { exportChanges, importChanges } from '../../../src/core/sync/change-file';
import { newSigner, newTeamKey, type MemberKey } from '../../../src/core/sync/envelope';
import type { FieldConflict } from '../../../src/core/sync/merge';
import { Replica } from '../../../src/core/sync/replica';
import { incident } from '../factories';
import { random, replacedKnowingly, type Written } from './sync-writes';

PouchDB.plugin(memory).plugin(replication);

type Json = Record<string, unknown>;
let dbs: Database[] = [];
let count = 0;
const database = () => {
  const db = new PouchDB(`prop-${++count}`, { adapter: 'memory' });
  dbs.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(dbs.map((db) => db.destroy()));
  dbs = [];
});

const FIELDS = ['perpetrator', 'target', 'description'] as const;
const INCIDENTS = ['inc-a', 'inc-b', 'inc-c'];

async function run(seed: number, operations: number) {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const team = newTeamKey();
  const signers = [newSigner('m0'), newSigner('m1'), newSigner('m2')];
  const members = new Map<string, MemberKey>(signers.map((s) => [s.member, s]));
  const session = { keys: new Map([[team.id, team]]), members, naming: team };
  let clock = Date.UTC(2026, 9, 1);
  const server = database();
  const machines = signers.map((signer) => {
    const archive = new Map<string, Json>();
    const db = database();
    /** Writes each machine has seen, by writer (replaced when a sync brings the other's count). */
    const seen = [0, 0, 0];
    const replica = new Replica(
      db,
      { ...session, current: team, signer, now: () => clock++ },
      {
        apply(_table, id, record) {
          if (record) archive.set(id, structuredClone(record));
          else archive.delete(id);
          return Promise.resolve();
        },
      },
    );
    return { db, archive, replica, seen, seq: 0, seenAtSync: new Map<Database, number[]>() };
  });
  // Machine 0 creates the incidents and everyone receives them.
  for (const id of INCIDENTS) {
    const record = JSON.parse(JSON.stringify(incident({ id, claims: [] }))) as Json;
    machines[0]!.archive.set(id, record);
    await machines[0]!.replica.publish('incidents', record);
  }
  await machines[0]!.db.replicate.to(server);
  /** What the server holds of each machine's writes (it only ever grows). */
  let serverSeen = [0, 0, 0];
  for (const m of machines) {
    await m.db.replicate.from(server);
    await m.replica.settle();
  }

  const writes: Written[] = [];
  for (let op = 0; op < operations; op++) {
    const i = Math.floor(rand() * machines.length);
    const m = machines[i]!;
    const kind = rand();
    if (kind < 0.12) {
      await m.db.replicate.to(server);
      serverSeen = serverSeen.map((n, k) => Math.max(n, m.seen[k]!));
      continue;
    }
    if (kind < 0.24) {
      await m.db.replicate.from(server);
      await m.replica.settle();
      for (let k = 0; k < 3; k++) m.seen[k] = Math.max(m.seen[k]!, serverSeen[k]!);
      continue;
    }
    if (kind < 0.32) {
      // A change file from this machine to another.
      const j = (i + 1 + Math.floor(rand() * 2)) % 3;
      const { text } = await exportChanges(m.db, team);
      await importChanges(machines[j]!.db, text, session);
      await machines[j]!.replica.settle();
      for (let k = 0; k < 3; k++) machines[j]!.seen[k] = Math.max(machines[j]!.seen[k]!, m.seen[k]!);
      continue;
    }
    const id = pick(INCIDENTS);
    const record = structuredClone(m.archive.get(id)) as Json;
    const conflicts = { ...((record.conflicts ?? {}) as Record<string, FieldConflict>) };
    const wrote = (field: string, value: string) => {
      m.seq++;
      m.seen[i] = m.seq;
      writes.push({ at: `${id}.${field}`, value, by: i, seq: m.seq, seen: [...m.seen] });
      delete conflicts[field];
    };
    if (kind < 0.75) {
      const field = pick(FIELDS);
      const value = `${field}-${i}-${op}`;
      record[field] = value;
      wrote(field, value);
    } else if (kind < 0.85) {
      if (record.deletedAt === undefined) record.deletedAt = clock;
      else delete record.deletedAt;
      delete conflicts.trash;
    } else {
      const field = Object.keys(conflicts).find((f) => (FIELDS as readonly string[]).includes(f));
      if (!field) continue;
      const value = String(pick(conflicts[field]!.sides).value);
      record[field] = value;
      wrote(field, value);
    }
    if (Object.keys(conflicts).length) record.conflicts = conflicts;
    else delete record.conflicts;
    record.updatedAt = clock;
    m.archive.set(id, record);
    await m.replica.publish('incidents', record);
  }
  // Everyone syncs as the app does (send, receive, merge, send the merge) until a round after
  // the first merges nothing (what the last machine sent reaches the others in the next one):
  // a few rounds, never a loop.
  let rounds = 0;
  for (let merging = true; merging || rounds < 2; rounds++) {
    expect(rounds).toBeLessThan(4);
    merging = false;
    for (const m of machines) {
      await m.db.replicate.to(server);
      await m.db.replicate.from(server);
      if ((await m.replica.settle()).merged > 0) merging = true;
      await m.db.replicate.to(server);
    }
  }
  return { machines, writes };
}

describe('three machines, 200 random operations, random partial syncs and change files', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8])
    it(`seed ${seed}: every machine ends equal, and no value is lost unseen`, async () => {
      const { machines, writes } = await run(seed, 200);
      const [first, ...others] = machines;
      for (const m of others)
        expect(Object.fromEntries(m.archive)).toEqual(Object.fromEntries(first!.archive));
      for (const write of writes) {
        if (replacedKnowingly(writes, write)) continue;
        const [id, field] = write.at.split('.') as [string, string];
        const record = first!.archive.get(id)!;
        const conflict = (record.conflicts as Record<string, FieldConflict> | undefined)?.[field];
        expect([record[field], ...(conflict?.sides.map((s) => s.value) ?? [])], write.value).toContain(
          write.value,
        );
      }
    });
});
