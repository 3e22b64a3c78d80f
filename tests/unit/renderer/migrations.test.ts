import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isNewerDatabase,
  openChecked,
  openDatabase,
  SCHEMA,
  SCHEMA_VERSION,
  type FieldbookDb,
} from '../../../src/renderer/src/lib/data/db';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';

type Tables = Record<string, Record<string, unknown>[]>;

/** A fixture's records, with `{ base64 }` fields turned back into bytes. */
function fixture(version: number): Tables {
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === 'object') {
      if ('base64' in value) return new Uint8Array(Buffer.from(String(value.base64), 'base64'));
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    }
    return value;
  };
  const file = join(__dirname, `../../fixtures/db/v${version}.json`);
  return revive((JSON.parse(readFileSync(file, 'utf8')) as { tables: Tables }).tables) as Tables;
}

const names: string[] = [];
const dbName = () => {
  const name = `migrate-${Math.random()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Creates a database as the app of `version` would have left it, filled with the fixture. */
async function databaseAt(version: number): Promise<{ name: string; tables: Tables }> {
  const name = dbName();
  const tables = fixture(version);
  const old = openDatabase(name, SCHEMA.slice(0, version));
  await old.open();
  for (const [table, rows] of Object.entries(tables)) await old.table(table).bulkPut(rows);
  old.close();
  return { name, tables };
}

const keyOf = (row: object) => {
  const { id, sha256 } = row as { id?: string; sha256?: string };
  return id ?? sha256 ?? '';
};
const byKey = (rows: readonly object[]) => [...rows].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

describe('migrations', () => {
  it('has a fixture for every schema version', () => {
    for (let version = 1; version <= SCHEMA_VERSION; version++)
      expect(existsSync(join(__dirname, `../../fixtures/db/v${version}.json`)), `v${version}.json`).toBe(
        true,
      );
  });

  for (let version = 1; version <= SCHEMA_VERSION; version++) {
    it(`opens a version ${version} archive with the current code and loses nothing`, async () => {
      const { name, tables } = await databaseAt(version);
      const db: FieldbookDb = openDatabase(name);
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      for (const table of ['sources', 'notes', 'incidents', 'originals'] as const)
        expect(byKey(await db.table<object>(table).toArray()), table).toEqual(byKey(tables[table] ?? []));

      // The thesaurus: seeded by the upgrade to 3, or kept as the user left it.
      const entities = await db.entities.toArray();
      expect(entities.map((e) => e.id)).toEqual(expect.arrayContaining(SEED_ENTITIES.map((e) => e.id)));
      for (const entity of tables.entities ?? []) expect(entities).toContainEqual(entity);

      // The version 2 search snapshot is dropped by the upgrade to 4; later indexes are kept.
      expect(await db.searchIndex.get('main')).toBeUndefined();
      expect(await db.searchIndex.count()).toBe(version >= 4 ? 1 : 0);

      // The indexes of the current version answer over the migrated records.
      expect(await db.sources.where('deletedAt').above(0).primaryKeys()).toEqual(['s2']);
      expect(await db.notes.where('sourceId').equals('s1').count()).toBe(1);
      const hash = tables.originals?.[0] ? keyOf(tables.originals[0]) : undefined;
      if (hash) expect((await db.sources.where('origin.sha256').equals(hash).first())?.id).toBe('s3');
      const stamped = (tables.sources ?? []).filter((s) => typeof s.updatedAt === 'number').map(keyOf);
      expect((await db.sources.where('updatedAt').above(0).primaryKeys()).sort()).toEqual(stamped.sort());
      db.close();
    });
  }

  it('leaves the old archive readable when an upgrade fails, and reports why', async () => {
    const { name, tables } = await databaseAt(SCHEMA_VERSION);
    const failing = openDatabase(name, [
      ...SCHEMA,
      {
        version: SCHEMA_VERSION + 1,
        stores: { notes: 'id, sourceId, createdAt, deletedAt, body' },
        upgrade: (tx) =>
          tx
            .table('notes')
            .toCollection()
            .modify(() => {
              throw new Error('the upgrade broke');
            }),
      },
    ]);
    await expect(failing.open()).rejects.toThrow(/the upgrade broke/);
    failing.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(byKey(await db.notes.toArray())).toEqual(byKey(tables.notes ?? []));
    db.close();
  });

  it('refuses an archive written by a newer Fieldbook, recognisably', async () => {
    const name = dbName();
    const newer = openDatabase(name, [...SCHEMA, { version: SCHEMA_VERSION + 1, stores: { claims: 'id' } }]);
    await newer.open();
    await newer.sources.add(fixture(1).sources![0] as never);
    newer.close();

    const db = openDatabase(name);
    const error: unknown = await openChecked(db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isNewerDatabase(error)).toBe(true);
    expect(String(error)).toContain(
      `newer Fieldbook (schema ${SCHEMA_VERSION + 1}); this one reads up to ${SCHEMA_VERSION}`,
    );
    db.close();
    // Nothing was touched: the newer app still finds its record.
    const again = openDatabase(name, [...SCHEMA, { version: SCHEMA_VERSION + 1, stores: { claims: 'id' } }]);
    expect(await again.sources.count()).toBe(1);
    again.close();
  });
});
