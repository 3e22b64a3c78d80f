import 'fake-indexeddb/auto';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/import/hash';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { backupRepository } from '../../../src/renderer/src/lib/data/backup';
import { incident, note, source } from '../factories';

const dbs: FieldbookDb[] = [];
const fresh = () => {
  const db = openDatabase(`backup-${Math.random()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

let db: FieldbookDb;
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3, 250, 251]);
beforeEach(async () => {
  db = fresh();
  const sha256 = await sha256Hex(pdf);
  const s = source({
    title: 'Ménaka under siege',
    origin: {
      kind: 'file',
      name: 'menaka.pdf',
      type: 'application/pdf',
      size: pdf.length,
      format: 'pdf',
      sha256,
    },
    pageStarts: [0, 40],
  });
  await db.sources.add(s);
  await db.sources.add(source({ title: 'In the Trash', deletedAt: 5 }));
  await db.notes.add(note({ sourceId: s.id, body: 'Check the figures with **MINUSMA**.' }));
  await db.incidents.add(incident({ sourceIds: [s.id] }));
  await db.originals.add({
    sha256,
    bytes: pdf,
    type: 'application/pdf',
    size: pdf.length,
    name: 'menaka.pdf',
  });
});

const everything = async (d: FieldbookDb) => ({
  sources: await d.sources.orderBy('id').toArray(),
  notes: await d.notes.orderBy('id').toArray(),
  incidents: await d.incidents.orderBy('id').toArray(),
  entities: await d.entities.orderBy('id').toArray(),
  originals: (await d.originals.orderBy('sha256').toArray()).map((o) => ({
    ...o,
    bytes: Array.from(o.bytes),
  })),
});

describe('.fieldbook archive', () => {
  it('restores into a fresh archive identical records and originals', async () => {
    const file = await backupRepository(db).exportArchive();
    const other = fresh();
    await other.sources.add(source({ title: 'replaced by the restore' }));
    const read = await backupRepository(other).restoreArchive(file);
    expect(read.ok).toBe(true);
    expect(await everything(other)).toEqual(await everything(db));
    expect((await other.originals.toArray())[0]?.bytes).toEqual(pdf);
  });

  it('refuses a file altered after export and leaves the archive untouched', async () => {
    const zip = unzipSync(await backupRepository(db).exportArchive());
    const records = new TextDecoder().decode(zip['records/notes.json']);
    zip['records/notes.json'] = new TextEncoder().encode(records.replace('MINUSMA', 'FAMa'));
    const other = fresh();
    await other.sources.add(source({ title: 'Kept' }));
    const read = await backupRepository(other).restoreArchive(zipSync(zip));
    expect(read).toEqual({
      ok: false,
      error: { code: 'damaged', detail: 'records/notes.json does not match its checksum' },
    });
    expect((await other.sources.toArray()).map((s) => s.title)).toEqual(['Kept']);
  });

  it('refuses a truncated file, a file that is not an archive, and one from a newer app', async () => {
    const file = await backupRepository(db).exportArchive();
    const repo = backupRepository(fresh());
    expect(await repo.restoreArchive(file.slice(0, file.length / 2))).toMatchObject({
      ok: false,
      error: { code: 'notArchive' },
    });
    expect(await repo.restoreArchive(zipSync({ 'a.txt': new Uint8Array([1]) }))).toMatchObject({
      ok: false,
      error: { code: 'notArchive' },
    });
    const zip = unzipSync(file);
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as { schemaVersion: number };
    zip['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...manifest, schemaVersion: 99 }));
    expect(await repo.restoreArchive(zipSync(zip))).toMatchObject({
      ok: false,
      error: { code: 'newerVersion' },
    });
  });

  it('refuses an extra file slipped into the archive', async () => {
    const zip = unzipSync(await backupRepository(db).exportArchive());
    zip['records/evil.json'] = new TextEncoder().encode('[]');
    expect(await backupRepository(fresh()).restoreArchive(zipSync(zip))).toMatchObject({
      ok: false,
      error: { code: 'damaged', detail: 'records/evil.json is in the archive but not in its manifest' },
    });
  });
});
