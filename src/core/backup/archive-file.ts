/**
 * The `.fieldbook` archive: the whole archive as one zip that can be restored on another
 * machine. `manifest.json` names every file with its SHA-256, the format version and the
 * database schema it was made from; `records/*.json` hold the records, `originals/<sha256>`
 * the imported files byte for byte. Reading checks everything before anything is used: a
 * damaged, truncated or altered file is refused with the reason, as a result, never thrown.
 */
import { zipSync, type Zippable } from 'fflate';
import type { Incident, Note, Original, Passage, Source } from '../model/types';
import type { Entity } from '../search/seed-entities';
import { sha256Hex } from '../import/hash';
import { unzipSafely } from '../import/zip';

export const ARCHIVE_FORMAT = 'fieldbook-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveContent {
  sources: Source[];
  notes: Note[];
  incidents: Incident[];
  entities: Entity[];
  originals: Original[];
  passages: Passage[];
}

export type ArchiveTable = keyof ArchiveContent;
/** The tables an archive file holds: every record the user made or imported. */
export const ARCHIVE_TABLES: readonly ArchiveTable[] = [
  'sources',
  'notes',
  'incidents',
  'entities',
  'originals',
  'passages',
];
/** Tables added after the format's first version: an older archive has none, and that is fine. */
const LATER_TABLES: ReadonlySet<ArchiveTable> = new Set(['passages']);

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** The database schema version the records were read from. */
  schemaVersion: number;
  createdAt: string;
  counts: Record<ArchiveTable, number>;
  /** Every other file in the zip, with its SHA-256. */
  files: Record<string, string>;
  /**
   * True when the originals' bytes are kept outside the file (automatic snapshots share one
   * copy of each original); `records/originals.json` still lists them.
   */
  externalOriginals?: boolean;
}

export interface WriteOptions {
  now?: Date;
  /** Leave the originals' bytes out (they are stored beside the file, once each). */
  externalOriginals?: boolean;
}

export interface ReadOptions {
  /** Where the originals of a snapshot made with `externalOriginals` are read from. */
  original?: (sha256: string) => Promise<Uint8Array | undefined>;
}

export type ArchiveErrorCode = 'notArchive' | 'newerVersion' | 'damaged' | 'invalidRecord';

export interface ArchiveError {
  code: ArchiveErrorCode;
  detail: string;
}

export type ArchiveRead =
  { ok: true; content: ArchiveContent; manifest: ArchiveManifest } | { ok: false; error: ArchiveError };

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

export async function writeArchive(
  content: ArchiveContent,
  schemaVersion: number,
  options: WriteOptions = {},
): Promise<Uint8Array> {
  const now = options.now ?? new Date();
  const files: Zippable = {};
  const hashes: Record<string, string> = {};
  const add = async (path: string, bytes: Uint8Array, level: 0 | 6) => {
    files[path] = [bytes, { level }];
    hashes[path] = await sha256Hex(bytes);
  };
  for (const table of ARCHIVE_TABLES) {
    const records =
      table === 'originals'
        ? content.originals.map(({ bytes: _bytes, ...meta }) => meta)
        : (content[table] as readonly unknown[]);
    await add(`records/${table}.json`, json(records), 6);
  }
  // Originals are compressed already, most of them (PDF, Word, zip): stored as they are.
  if (!options.externalOriginals)
    for (const original of content.originals) await add(`originals/${original.sha256}`, original.bytes, 0);
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    schemaVersion,
    createdAt: now.toISOString(),
    counts: Object.fromEntries(ARCHIVE_TABLES.map((t) => [t, content[t].length])) as Record<
      ArchiveTable,
      number
    >,
    files: hashes,
    ...(options.externalOriginals ? { externalOriginals: true } : {}),
  };
  files['manifest.json'] = json(manifest);
  return zipSync(files);
}

const fail = (code: ArchiveErrorCode, detail: string): ArchiveRead => ({
  ok: false,
  error: { code, detail },
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isClaim = (c: unknown) =>
  isObject(c) &&
  isString(c.id) &&
  isString(c.sourceId) &&
  isStringArray(c.passageIds) &&
  isObject(c.fatalities);

/** What each kind of record must have for the app to show it; more fields are allowed. */
const VALID: Record<Exclude<ArchiveTable, 'originals'>, (r: Record<string, unknown>) => boolean> = {
  sources: (r) =>
    isString(r.title) &&
    isString(r.text) &&
    isStringArray(r.tags) &&
    isObject(r.origin) &&
    typeof r.createdAt === 'number',
  notes: (r) => isString(r.body) && typeof r.createdAt === 'number',
  passages: (r) =>
    isString(r.sourceId) &&
    isObject(r.target) &&
    isObject(r.target.quote) &&
    isString(r.target.quote.exact) &&
    typeof r.createdAt === 'number',
  incidents: (r) =>
    isString(r.date) &&
    isObject(r.location) &&
    isObject(r.fatalities) &&
    isStringArray(r.sourceIds) &&
    isStringArray(r.tags) &&
    (r.claims === undefined || (Array.isArray(r.claims) && r.claims.every(isClaim))) &&
    typeof r.createdAt === 'number',
  entities: (r) =>
    (r.kind === 'actor' || r.kind === 'place') &&
    isString(r.name) &&
    isStringArray(r.aliases) &&
    (r.lat === undefined || isFiniteNumber(r.lat)) &&
    (r.lng === undefined || isFiniteNumber(r.lng)),
};

/** The position of the first record that is not a whole record of `table`, if any. */
export function firstInvalid(table: ArchiveTable, records: readonly unknown[]): number | undefined {
  const index = records.findIndex(
    (record) =>
      !(
        isObject(record) &&
        (table === 'originals'
          ? isString(record.sha256) && isString(record.type) && typeof record.size === 'number'
          : isString(record.id) && VALID[table](record))
      ),
  );
  return index < 0 ? undefined : index;
}

export async function readArchive(
  bytes: Uint8Array,
  currentSchema: number,
  options: ReadOptions = {},
): Promise<ArchiveRead> {
  const unzipped = unzipSafely(bytes, {
    maxEntries: 2_000_000,
    maxTotalBytes: 4 * 1024 * 1024 * 1024,
    maxEntryBytes: 2 * 1024 * 1024 * 1024,
    maxRatio: 1000,
  });
  if ('code' in unzipped) return fail('notArchive', `the file is not a readable zip (${unzipped.code})`);
  const entries = new Map(unzipped.entries.map((e) => [e.path, e.bytes]));
  const manifestBytes = entries.get('manifest.json');
  if (!manifestBytes)
    return fail('notArchive', 'the file has no manifest.json: it is not a Fieldbook archive');
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ArchiveManifest;
  } catch (error) {
    return fail('damaged', `manifest.json cannot be read: ${String(error)}`);
  }
  if (!isObject(manifest) || manifest.format !== ARCHIVE_FORMAT || !isObject(manifest.files))
    return fail('notArchive', 'manifest.json does not describe a Fieldbook archive');
  if (manifest.version > ARCHIVE_VERSION || manifest.schemaVersion > currentSchema)
    return fail(
      'newerVersion',
      `the archive was made by a newer Fieldbook (format ${manifest.version}, schema ${manifest.schemaVersion})`,
    );
  for (const path of entries.keys())
    if (path !== 'manifest.json' && !(path in manifest.files))
      return fail('damaged', `${path} is in the archive but not in its manifest`);
  for (const [path, expected] of Object.entries(manifest.files)) {
    const entry = entries.get(path);
    if (!entry) return fail('damaged', `${path} is missing`);
    if ((await sha256Hex(entry)) !== expected) return fail('damaged', `${path} does not match its checksum`);
  }

  const content: Partial<ArchiveContent> = {};
  for (const table of ARCHIVE_TABLES) {
    if (
      LATER_TABLES.has(table) &&
      !entries.has(`records/${table}.json`) &&
      manifest.counts?.[table] === undefined
    ) {
      (content as Record<string, unknown>)[table] = [];
      continue;
    }
    let records: unknown;
    try {
      records = JSON.parse(new TextDecoder().decode(entries.get(`records/${table}.json`)));
    } catch (error) {
      return fail('damaged', `records/${table}.json cannot be read: ${String(error)}`);
    }
    if (!Array.isArray(records)) return fail('invalidRecord', `records/${table}.json is not a list`);
    if (records.length !== manifest.counts?.[table])
      return fail(
        'damaged',
        `records/${table}.json holds ${records.length} records, the manifest says ${manifest.counts?.[table]}`,
      );
    const invalid = firstInvalid(table, records);
    if (invalid !== undefined)
      return fail('invalidRecord', `record ${invalid + 1} of ${table} is incomplete`);
    if (table === 'originals') {
      const originals: Original[] = [];
      for (const meta of records as Omit<Original, 'bytes'>[]) {
        const bytes = manifest.externalOriginals
          ? await options.original?.(meta.sha256)
          : entries.get(`originals/${meta.sha256}`);
        if (!bytes) return fail('damaged', `the original file ${meta.name} is missing`);
        if (manifest.externalOriginals && (await sha256Hex(bytes)) !== meta.sha256)
          return fail('damaged', `the original file ${meta.name} does not match its checksum`);
        originals.push({ ...meta, bytes });
      }
      content.originals = originals;
    } else {
      (content as Record<string, unknown>)[table] = records;
    }
  }
  return { ok: true, content: content as ArchiveContent, manifest };
}
