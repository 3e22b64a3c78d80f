import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../../src/renderer/src/lib/data/archive';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { SEALED_TABLES } from '../../../src/renderer/src/lib/data/sealing';
import {
  createVault,
  SealError,
  VaultLockedError,
  type DataKey,
} from '../../../src/renderer/src/lib/crypto/vault';
import { claim, incident, note, source, sourceDraft } from '../factories';
import { Snapshotter } from '../../../src/renderer/src/lib/backup/snapshotter.svelte';
import {
  folderVaultHeader,
  sealedFolder,
  writeFolderVaultHeader,
} from '../../../src/renderer/src/lib/backup/sealed-folder';
import { memoryFolder } from '../memory-folder';

const everything = (folder: { files: Map<string, Uint8Array> }) =>
  [...folder.files].map(([n, b]) => `${n}\n${new TextDecoder('latin1').decode(b)}`).join('\n');

const FAST = { memorySize: 1024, iterations: 1 };
const SECRET = 'Informant in Ménaka, meet at the water tower';
const TEXT_HASH = 'b'.repeat(64);
const ORIGINAL_BYTES = new TextEncoder().encode(`original bytes: ${SECRET}`);
const FILE_HASH = createHash('sha256').update(ORIGINAL_BYTES).digest('hex');

let name: string;
let db: FieldbookDb;
let archive: Archive;

beforeEach(() => {
  name = `sealing-${Math.random()}`;
  db = openDatabase(name);
  archive = openArchive(db);
});
afterEach(async () => {
  db.close();
  await openDatabase(name).delete();
});

/** Every record of every table as IndexedDB holds it, through a database with no vault middleware. */
async function raw(): Promise<string> {
  const plain = openDatabase(name);
  await plain.open();
  const decoder = new TextDecoder('latin1');
  const parts: string[] = [];
  for (const table of plain.tables)
    for (const row of await table.toArray())
      parts.push(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? decoder.decode(v) : v)));
  plain.close();
  return parts.join('\n');
}

async function addContent(): Promise<void> {
  await archive.sources.createFromFiles([
    {
      drafts: [
        sourceDraft({
          title: `Report: ${SECRET}`,
          text: `The text says ${SECRET}.`,
          tags: ['informant-menaka'],
          origin: {
            kind: 'file',
            name: 'report.txt',
            type: 'text/plain',
            size: ORIGINAL_BYTES.length,
            sha256: FILE_HASH,
            format: 'text',
          },
          textHash: TEXT_HASH,
        }),
      ],
      original: {
        sha256: FILE_HASH,
        name: 'report.txt',
        type: 'text/plain',
        size: ORIGINAL_BYTES.length,
        bytes: ORIGINAL_BYTES,
      },
    },
  ]);
  const [source] = await archive.sources.listLive();
  await archive.notes.create({ sourceId: source!.id, body: `Note: ${SECRET}` });
}

async function vault(): Promise<DataKey> {
  const { header, key } = await createVault('correct horse battery staple', FAST);
  await archive.vault.seal(header, key);
  return key;
}

describe('a vault at rest', () => {
  it('seals every table of the schema but the one that holds its header', () => {
    const tables = db.tables.map((t) => t.name).sort();
    expect(tables.filter((t) => !(t in SEALED_TABLES))).toEqual(['meta']);
  });

  it('stores no content in clear, from the first write, and reads it back whole', async () => {
    await vault();
    await addContent();
    const stored = await raw();
    expect(stored).not.toContain('Ménaka');
    expect(stored).not.toContain('informant');
    expect(stored).not.toContain(FILE_HASH);
    expect(stored).not.toContain(TEXT_HASH);
    expect(stored).not.toContain('original bytes');

    const [source] = await archive.sources.listLive();
    expect(source).toMatchObject({
      title: `Report: ${SECRET}`,
      tags: ['informant-menaka'],
      textHash: TEXT_HASH,
    });
    expect(await archive.notes.listLiveForSource(source!.id)).toMatchObject([{ body: `Note: ${SECRET}` }]);
    const original = await archive.sources.original(FILE_HASH);
    expect(new TextDecoder().decode(original!.bytes)).toBe(`original bytes: ${SECRET}`);
  });

  it('still finds duplicates by the hash of a file or a text, through blinded indexes', async () => {
    await vault();
    await addContent();
    expect((await archive.sources.findByFileHash(FILE_HASH))?.title).toBe(`Report: ${SECRET}`);
    expect((await archive.sources.findByTextHash(TEXT_HASH))?.title).toBe(`Report: ${SECRET}`);
    expect(await archive.sources.findByFileHash('c'.repeat(64))).toBeUndefined();
  });

  it('converts an archive that was in clear, in one transaction, and loses nothing', async () => {
    await addContent();
    expect(await raw()).toContain('Ménaka');
    const before = await archive.backup.content();
    await vault();
    expect(await raw()).not.toContain('Ménaka');
    expect(await archive.backup.content()).toEqual(before);
  });

  it('serves nothing and writes nothing while locked', async () => {
    await vault();
    await addContent();
    archive.sealer.lock();
    await expect(archive.sources.listLive()).rejects.toThrow(VaultLockedError);
    await expect(archive.sources.create(sourceDraft({ title: SECRET }))).rejects.toThrow(VaultLockedError);
    expect(await raw()).not.toContain('Ménaka');
  });

  it('refuses a sealed record copied over another, even one already read', async () => {
    await vault();
    const a = await archive.notes.create({ body: `Note A: ${SECRET}` });
    const b = await archive.notes.create({ body: 'Note B' });
    expect((await archive.notes.get(a.id))?.body).toBe(`Note A: ${SECRET}`);
    // Someone with the profile copies A's sealed bytes into B.
    const raw = openDatabase(name);
    const storedA = (await raw.table('notes').get(a.id)) as Record<string, unknown>;
    await raw.table('notes').put({ ...storedA, id: b.id });
    raw.close();
    await expect(archive.notes.get(b.id)).rejects.toThrow(SealError);
  });

  it('refuses records sealed under another key, or written in clear behind its back', async () => {
    await vault();
    await addContent();
    const other = await createVault('another passphrase', FAST);
    archive.sealer.unlock(other.key);
    await expect(archive.sources.listLive()).rejects.toThrow(SealError);

    const intruder = openDatabase(name);
    await intruder.notes.add({ id: 'planted', body: 'planted in clear', createdAt: 1, updatedAt: 1 });
    intruder.close();
    const { key } = await createVault('x', FAST);
    archive.sealer.unlock(key);
    await expect(archive.notes.get('planted')).rejects.toThrow(/not sealed/);
  });
});

describe('the snapshots of a vault', () => {
  it('are sealed file by file, chunks and packs under blinded names, and restore a wiped archive', async () => {
    const { header, key } = await createVault('correct horse battery staple', FAST);
    await archive.vault.seal(header, key);
    const disk = memoryFolder();
    const folder = sealedFolder(disk, archive.sealer);
    await writeFolderVaultHeader(folder, header);
    const snapshots = new Snapshotter(archive.backup, folder, {
      journal: archive.journal,
      journalDelayMs: 0,
    });
    expect(await snapshots.check()).toEqual({ kind: 'ok' });
    snapshots.enable();
    await addContent();
    await snapshots.flushJournal();
    await snapshots.take();
    const before = await archive.backup.content();

    const stored = everything(disk);
    expect(stored).not.toContain('Ménaka');
    expect(stored).not.toContain('original bytes');
    expect(stored).not.toContain(FILE_HASH);
    expect([...disk.files.keys()].filter((n) => n.startsWith('pack-'))).toHaveLength(1);
    expect([...disk.files.keys()].filter((n) => n.startsWith('chunk-')).length).toBeGreaterThan(0);
    // Only the header is in clear, and it is all a new start needs to ask for the passphrase.
    expect(await folderVaultHeader(disk)).toEqual(header);

    // The database is wiped; the vault is unlocked again from the folder's header.
    snapshots.dispose();
    await Promise.all(db.tables.map((t) => t.clear()));
    archive.sealer.lock();
    const { unlockVault } = await import('../../../src/renderer/src/lib/crypto/vault');
    const unlocked = await unlockVault((await folderVaultHeader(disk))!, 'correct horse battery staple');
    if (!unlocked.ok) throw new Error('should unlock');
    archive.sealer.unlock(unlocked.key);
    const restarted = new Snapshotter(archive.backup, folder);
    expect(await restarted.check()).toMatchObject({ kind: 'wiped' });
    const restored = await restarted.restore();
    expect(restored.ok ? 'restored' : restored.error).toBe('restored');
    expect(await archive.backup.content()).toEqual(before);
    expect(await raw()).not.toContain('Ménaka');
  });
});

describe('sealing keeps every persisted field with its type', () => {
  /** One record per sealed table, with every field the app stores, optional ones included. */
  function everyTable(): Record<string, object> {
    const sourceRecord = source({
      id: 'src-all',
      html: '<p>Text</p>',
      publishedAt: '2022-03-07',
      pageStarts: [0, 120, 480],
      flags: ['noTextLayer'],
      textHash: TEXT_HASH,
      origin: {
        kind: 'file',
        name: 'a.pdf',
        type: 'application/pdf',
        size: 3,
        sha256: FILE_HASH,
        format: 'pdf',
      },
      deletedAt: 1700000000000,
      trashedWith: 'other',
    });
    return {
      sources: sourceRecord,
      notes: note({
        id: 'note-all',
        sourceId: 'src-all',
        passageId: 'p-all',
        deletedAt: 5,
        trashedWith: 'src-all',
      }),
      incidents: incident({
        id: 'inc-all',
        dateUntil: '2021-12-04',
        location: {
          name: 'Songho',
          admin1: 'Mopti',
          admin2: 'Bandiagara',
          country: 'Mali',
          latitude: 14.1,
          longitude: -3.6,
        },
        injured: 4,
        fatalities: { low: 31, best: 32, high: 40 },
        sourceIds: ['src-all'],
        claims: [
          claim({
            id: 'c1',
            sourceId: 'src-all',
            passageIds: ['p-all'],
            fatalities: { low: 31 },
            quotes: { fatalities: 'at least 31' },
          }),
        ],
        rules: { fatalities: 'conservative' },
        provenance: { fatalities: 'c1' },
        disputed: true,
        conflicts: {
          perpetrator: {
            sides: [
              { by: 'member-a', at: 1, value: 'JNIM' },
              { by: 'member-b', at: 2, value: 'GSIM' },
            ],
          },
        },
      }),
      entities: {
        id: 'place:boni',
        kind: 'place',
        name: 'Boni',
        aliases: ['Boni village'],
        lat: 15.1,
        lng: -1.9,
        admin1: 'Mopti',
        country: 'ML',
      },
      originals: {
        sha256: FILE_HASH,
        name: 'a.pdf',
        type: 'application/pdf',
        size: 3,
        bytes: new Uint8Array([1, 2, 3]),
      },
      passages: {
        id: 'p-all',
        sourceId: 'src-all',
        color: 'yellow',
        target: {
          source: 'src-all',
          selector: [
            { type: 'TextQuoteSelector', exact: 'at least 31', prefix: 'killed ', suffix: ' people' },
            { type: 'TextPositionSelector', start: 10, end: 21 },
          ],
        },
        createdAt: 1,
        updatedAt: 2,
      },
      searchIndex: {
        id: 'manifest',
        savedAt: 9,
        manifest: {
          format: 'fieldbook-search-manifest',
          version: 4,
          settings: { languages: ['en', 'fr'], entities: null, segmentSize: 5000, maxSegments: 8 },
          segments: [{ id: 's1', deleted: new Uint8Array([0, 1, 0, 0, 1]) }],
        },
      },
      searchSegments: { id: 's1', bytes: new Uint8Array([9, 8, 7]) },
      team: {
        id: 'team',
        header: {
          format: 'fieldbook-team',
          version: 1,
          team: 'Qm9ua291',
          kdf: { name: 'argon2id', memorySize: 1024, iterations: 1, parallelism: 1, salt: 'c2FsdA==' },
          keys: [{ id: 'k1', sealed: 'c2VhbGVk' }],
          members: 'bWVtYmVycw==',
        },
        keys: [{ id: 'k1', secret: 'c2VjcmV0' }],
        members: [{ member: 'member-a', name: 'Awa', publicKey: 'cHVi', joined: 1 }],
        signer: { member: 'member-a', secretKey: 'c2VjcmV0', publicKey: 'cHVi' },
        replica: 'fieldbook-team-Qm9ua291',
        joinedAt: 1,
      },
    };
  }

  it('reads back from a vault exactly what was written, typed arrays as typed arrays', async () => {
    await vault();
    const records = everyTable();
    expect(Object.keys(records).sort()).toEqual(Object.keys(SEALED_TABLES).sort());
    for (const [table, record] of Object.entries(records)) await db.table(table).put(record);
    for (const [table, record] of Object.entries(records)) {
      const key = table === 'originals' ? FILE_HASH : (record as { id: string }).id;
      expect(await db.table(table).get(key), table).toStrictEqual(record);
    }
    const manifest = (await db.table('searchIndex').get('manifest')) as {
      manifest: { segments: { deleted: unknown }[] };
    };
    expect(manifest.manifest.segments[0]?.deleted).toBeInstanceOf(Uint8Array);
  });
});

describe('the search index in a vault', () => {
  const manifest = {
    format: 'fieldbook-search-manifest' as const,
    version: 4,
    settings: { languages: ['en', 'fr'] },
    segments: [
      { id: 's1', deleted: new Uint8Array([0, 1]) },
      { id: 's2', deleted: new Uint8Array([0]) },
    ],
  };
  const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);
  const added = [
    { id: 's1', bytes: bytes(300_000, 7), texts: new TextEncoder().encode(`texts of s1: ${SECRET}`) },
    { id: 's2', bytes: bytes(1_000, 13), texts: new TextEncoder().encode('texts of s2') },
  ];
  const readAll = async () => {
    const got = {
      manifest: undefined as unknown,
      parts: new Map<string, Uint8Array>(),
      texts: new Map<string, Uint8Array>(),
      ended: false,
    };
    const found = await archive.searchIndex.read({
      manifest: (m) => (got.manifest = m),
      part: (id, b) => got.parts.set(id, b),
      partsEnd: () => (got.ended = true),
      texts: (id, b) => got.texts.set(id, b),
    });
    return { found, ...got };
  };

  it('reads back, segment by segment, exactly what was saved', async () => {
    await vault();
    await archive.searchIndex.save({ manifest, added });
    expect(await raw()).not.toContain(SECRET);
    const read = await readAll();
    expect(read.found).toBe(true);
    expect(read.manifest).toStrictEqual(manifest);
    expect(read.ended).toBe(true);
    for (const { id, bytes: b, texts } of added) {
      expect(read.parts.get(id)).toStrictEqual(b);
      expect(read.texts.get(id)).toStrictEqual(texts);
    }
  });

  it('refuses a segment whose sealed bytes were changed', async () => {
    await vault();
    await archive.searchIndex.save({ manifest, added });
    const plain = openDatabase(name);
    await plain.open();
    const stored = (await plain.table('searchSegments').get('s2')) as { sealed: Uint8Array };
    stored.sealed[40] = stored.sealed[40]! ^ 1;
    await plain.table('searchSegments').put(stored);
    plain.close();
    await expect(readAll()).rejects.toThrow(/searchSegments s2: sealed data does not open/);
  });

  it('says there is none when none was saved', async () => {
    await vault();
    expect((await readAll()).found).toBe(false);
  });
});

describe('sources read page by page in a vault', () => {
  it('gives every source once, by id, opened as Dexie opens it', async () => {
    await vault();
    const all = Array.from({ length: 1_203 }, (_, i) =>
      source({
        id: `src-${String(i).padStart(5, '0')}`,
        title: `Attaque ${i} près de Ségou`,
        text: `${SECRET} ${i}`,
      }),
    );
    await db.sources.bulkAdd(all);
    expect(await raw()).not.toContain(SECRET);
    const read: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await archive.sources.page(after, 500);
      if (page.length === 0) break;
      read.push(...page.map((s) => s.id));
      after = page.at(-1)!.id;
      for (const s of page.slice(0, 3)) expect(s).toStrictEqual(await db.sources.get(s.id));
    }
    expect(read).toEqual(all.map((s) => s.id));
  });
});
