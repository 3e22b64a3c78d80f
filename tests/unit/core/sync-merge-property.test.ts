/**
 * Three replicas of one incident, 200 random edits, random syncs through a shared copy (the
 * server): every seed must end with all replicas equal, and with every value a researcher
 * wrote either in the record or in a conflict — unless someone who had seen it changed the
 * field afterwards (a later edit, or a conflict resolved).
 */
import { describe, expect, it } from 'vitest';
import { mergeRecords, stampChanges, type FieldConflict, type Versioned } from '../../../src/core/sync/merge';
import { claim, incident } from '../factories';
import { random, replacedKnowingly, type Written } from './sync-writes';

type Json = Record<string, unknown>;

const SCALARS = ['perpetrator', 'target', 'description', 'subEventType'] as const;
/** Paths of values whose loss the test looks for: a top-level field, or a report's field. */
type Path = (typeof SCALARS)[number] | `claims.${string}.target`;

interface Write extends Written {
  at: Path;
}

interface Replica {
  current: Versioned;
  synced: Versioned;
  /** How many writes of each replica this one has seen. */
  seen: number[];
  seq: number;
}

const valueAt = (record: Json, path: Path): unknown => {
  if (!path.startsWith('claims.')) return record[path];
  const id = path.split('.')[1];
  return (record.claims as Json[] | undefined)?.find((c) => c.id === id)?.target;
};
const valuesIn = (v: Versioned, path: Path): unknown[] => {
  const conflict: FieldConflict | undefined = v.conflicts?.[path];
  return [valueAt(v.record, path), ...(conflict?.sides.map((s) => s.value) ?? [])];
};

function run(seed: number, replicas: number, operations: number) {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const start = stampChanges(
    'incidents',
    undefined,
    JSON.parse(
      JSON.stringify(
        incident({
          id: 'inc-1',
          tags: ['a'],
          claims: [claim({ id: 'c0', sourceId: 's0' })],
        }),
      ),
    ) as Json,
    { by: 'r0', at: 0 },
  );
  let server: Versioned = start;
  let serverSeen = Array<number>(replicas).fill(0);
  const all: Replica[] = Array.from({ length: replicas }, () => ({
    current: start,
    synced: start,
    seen: Array<number>(replicas).fill(0),
    seq: 0,
  }));
  const writes: Write[] = [];
  let clock = 1;

  const sync = (i: number) => {
    const r = all[i]!;
    const merged = mergeRecords('incidents', r.synced, r.current, server);
    server = merged;
    r.current = r.synced = merged;
    const seen = r.seen.map((n, k) => Math.max(n, serverSeen[k]!));
    serverSeen = seen;
    r.seen = [...seen];
  };

  for (let op = 0; op < operations; op++) {
    const i = Math.floor(rand() * replicas);
    if (rand() < 0.3) {
      sync(i);
      continue;
    }
    const r = all[i]!;
    const by = { by: `r${i}`, at: clock++ };
    const next = structuredClone({
      ...r.current.record,
      ...(r.current.conflicts ? { conflicts: r.current.conflicts } : {}),
    }) as Json;
    const conflicts = (next.conflicts ?? {}) as Record<string, FieldConflict>;
    const claims = next.claims as Json[];
    const wrote = (path: Path, value: string) => {
      r.seq++;
      r.seen[i] = r.seq;
      writes.push({ at: path, value, by: i, seq: r.seq, seen: [...r.seen] });
      // Editing a field settles its conflict: the writer saw every side of it.
      delete conflicts[path];
    };
    const kind = rand();
    if (kind < 0.45) {
      const field = pick(SCALARS);
      const value = `${field}-${i}-${op}`;
      next[field] = value;
      wrote(field, value);
    } else if (kind < 0.6) {
      const tag = `t${Math.floor(rand() * 5)}`;
      const tags = next.tags as string[];
      next.tags = tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag];
    } else if (kind < 0.72 && claims.length > 0) {
      const c = pick(claims);
      const value = `claim-target-${i}-${op}`;
      c.target = value;
      wrote(`claims.${String(c.id)}.target`, value);
    } else if (kind < 0.8) {
      claims.push(claim({ id: `c-${i}-${op}`, sourceId: `s-${i}`, createdAt: by.at }) as unknown as Json);
    } else if (kind < 0.85 && claims.length > 1) {
      next.claims = claims.filter((c) => c !== claims[0]);
      // Removing a report knowingly replaces what its fields held.
      wrote(`claims.${String(claims[0]!.id)}.target`, '(removed)');
    } else if (kind < 0.92) {
      if (next.deletedAt === undefined) next.deletedAt = by.at;
      else delete next.deletedAt;
      delete conflicts.trash;
    } else {
      // Resolves a conflict by keeping one of its sides.
      const field = Object.keys(conflicts).find((f) => (SCALARS as readonly string[]).includes(f));
      if (field) {
        const value = String(pick(conflicts[field]!.sides).value);
        next[field] = value;
        wrote(field as Path, value);
      }
    }
    if (Object.keys(conflicts).length) next.conflicts = conflicts;
    else delete next.conflicts;
    r.current = stampChanges('incidents', r.current, next, by);
  }
  for (let round = 0; round < 2; round++) for (let i = 0; i < replicas; i++) sync(i);
  return { all, server, writes };
}

function check(seed: number, replicas: number, operations: number) {
  const { all, server, writes } = run(seed, replicas, operations);
  for (const r of all) expect(r.current, `seed ${seed}`).toEqual(server);
  for (const write of writes) {
    const replaced = replacedKnowingly(writes, write);
    const removed = write.at.startsWith('claims.') && valueAt(server.record, write.at) === undefined;
    // A removal is looked for as the conflict it makes with a concurrent edit, not as a value.
    if (replaced || removed || write.value === '(removed)') continue;
    expect(valuesIn(server, write.at), `seed ${seed}: ${write.value} (${write.at})`).toContain(write.value);
  }
}

describe('replicas editing apart and syncing at random', () => {
  it('three replicas, 200 random edits: 100 seeds converge and lose nothing', () => {
    for (let seed = 1; seed <= 100; seed++) check(seed, 3, 200);
  });
  it('five replicas, 400 random edits: 20 seeds converge and lose nothing', () => {
    for (let seed = 1; seed <= 20; seed++) check(1000 + seed, 5, 400);
  });
});
