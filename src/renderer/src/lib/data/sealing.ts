/**
 * Encryption at rest for a vault: a Dexie middleware, the one nearest IndexedDB, that seals
 * each record on its way in and opens it on its way out. Everything above it (the change
 * journal, live queries, the repositories) sees plain records; IndexedDB only ever receives
 * sealed ones, from the first write.
 *
 * A sealed record keeps in clear only what the database must index: ids, dates, trash marks
 * and foreign keys. Hashes that find duplicates (a file's SHA-256, a text's hash) are indexed
 * too, but blinded with a keyed HMAC, so that nobody without the key can test the archive for
 * a known document. The rest — titles, texts, notes, tags, the search index — is one AES-GCM
 * blob bound to the table, the stored key and the schema version.
 *
 * While a vault is locked, every read and write of a sealed table fails with
 * `VaultLockedError`: nothing is served, and nothing is ever written in clear.
 */
import { Dexie } from 'dexie';
import { fromBase64, toBase64 } from '../../../../core/text/base64';
import type {
  DBCore,
  DBCoreCursor,
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreQuery,
  DBCoreRangeType,
  DBCoreTable,
  Middleware,
} from 'dexie';
import { SealError, VaultLockedError, type DataKey } from '../crypto/vault';

/** What stays in clear in one table's records; the rest is sealed. */
export interface SealedShape {
  /** Properties stored as they are (indexed, or needed to order and filter without the key). */
  clear: readonly string[];
  /** Indexed properties stored blinded (key paths, one level deep at most). */
  blind?: readonly string[];
  /** The primary key is itself a content hash, stored blinded. */
  blindPrimaryKey?: boolean;
  /** One property holding bytes, sealed as they are rather than in JSON. */
  binary?: string;
}

export const SEALED_TABLES: Readonly<Record<string, SealedShape>> = {
  sources: {
    clear: ['id', 'createdAt', 'updatedAt', 'publishedAt', 'deletedAt', 'trashedWith'],
    blind: ['origin.sha256', 'textHash'],
  },
  notes: { clear: ['id', 'sourceId', 'createdAt', 'updatedAt', 'deletedAt', 'trashedWith'] },
  incidents: { clear: ['id', 'date', 'sourceIds', 'createdAt', 'updatedAt', 'deletedAt', 'trashedWith'] },
  entities: { clear: ['id'] },
  originals: { clear: ['sha256'], blind: ['sha256'], blindPrimaryKey: true, binary: 'bytes' },
  passages: { clear: ['id', 'sourceId', 'createdAt', 'updatedAt'] },
  searchIndex: { clear: ['id', 'savedAt'] },
  searchSegments: { clear: ['id'], binary: 'bytes' },
  team: { clear: ['id'] },
};

/** The stored form's own properties. */
const SEALED = 'sealed';
const SEALED_IN = 'sealedIn';

export type SealState = 'clear' | 'locked' | 'unlocked';

/**
 * How many opened records are kept (the oldest go first). The lists no longer re-read tables
 * (they follow the change feed) and long reads open outside this cache (`readSealedPage`):
 * kept for the records read again and again (an open source, the notes and incidents), not
 * for the archive — 50,000 kept sources with their texts held about 150 MB of the heap.
 */
const OPENED_CACHE_SIZE = 5_000;

/** The middleware's switch: no vault (records pass in clear), locked, or unlocked with a key. */
export class Sealer {
  #key: DataKey | null = null;
  #state: SealState = 'clear';
  #acceptClear = false;
  readonly #schema: () => number;
  /**
   * Records already opened, by where they are and the IV they were sealed with (fresh on every
   * write, so a changed record is never found here): a live list re-read after every change
   * would otherwise decrypt every record again each time. Only while unlocked; emptied on lock.
   */
  readonly #opened = new Map<string, Record<string, unknown>>();

  constructor(schema: () => number) {
    this.#schema = schema;
  }

  get state(): SealState {
    return this.#state;
  }

  /** The archive is a vault, its key not given yet. */
  lock(): void {
    this.#opened.clear();
    this.#key?.wipe();
    this.#key = null;
    this.#state = 'locked';
  }

  unlock(key: DataKey): void {
    // What was opened under another key must be opened again under this one, or refused.
    this.#opened.clear();
    this.#key = key;
    this.#state = 'unlocked';
  }

  /** No vault: records are stored as they are. */
  clear(): void {
    this.#opened.clear();
    this.#key = null;
    this.#state = 'clear';
  }

  /**
   * Runs `work` (the conversion of a clear archive) while records still in clear may be read;
   * at any other time a clear record in a vault is refused as tampering.
   */
  async converting<T>(work: () => Promise<T>): Promise<T> {
    this.#acceptClear = true;
    try {
      return await work();
    } finally {
      this.#acceptClear = false;
    }
  }

  /** The key, or `VaultLockedError` when the vault is locked; null when there is no vault. */
  key(): DataKey | null {
    if (this.#state === 'clear') return null;
    if (!this.#key || this.#key.wiped) throw new VaultLockedError();
    return this.#key;
  }

  seal(
    table: string,
    shape: SealedShape,
    record: Record<string, unknown>,
    key: DataKey,
  ): Record<string, unknown> {
    const stored: Record<string, unknown> = {};
    const content: Record<string, unknown> = { ...record };
    for (const name of shape.clear) {
      if (name in record) stored[name] = record[name];
      if (!shape.blind?.includes(name)) delete content[name];
    }
    for (const path of shape.blind ?? []) {
      const value = readPath(record, path);
      if (typeof value === 'string') writePath(stored, path, key.blind(value));
    }
    let binary: Uint8Array = new Uint8Array();
    if (shape.binary) {
      const bytes = content[shape.binary];
      if (bytes instanceof Uint8Array) binary = bytes;
      delete content[shape.binary];
    }
    const schema = this.#schema();
    const id = storedId(table, stored);
    stored[SEALED] = key.seal(pack(content, binary, shape.binary), { table, id, schema, field: 'record' });
    stored[SEALED_IN] = schema;
    return stored;
  }

  open(table: string, shape: SealedShape, stored: unknown, key: DataKey): unknown {
    if (!isSealed(stored)) {
      if (this.#acceptClear) return stored;
      throw new SealError(`${table}: a record in this vault is not sealed (written outside Fieldbook?)`);
    }
    const schema = stored[SEALED_IN] as number;
    const id = storedId(table, stored);
    const sealed = stored[SEALED] as Uint8Array;
    // Records with bytes (original files, index segments) are not kept: large, and read rarely.
    const cacheKey = shape.binary
      ? undefined
      : `${table}/${id}/${schema}/${String.fromCharCode(...sealed.subarray(0, 12))}`;
    const cached = cacheKey === undefined ? undefined : this.#opened.get(cacheKey);
    if (cached) return structuredClone(cached);
    const opened = assemble(shape, stored, unpack(key.open(sealed, { table, id, schema, field: 'record' })));
    if (cacheKey !== undefined) {
      if (this.#opened.size >= OPENED_CACHE_SIZE) {
        const oldest = this.#opened.keys().next();
        if (!oldest.done) this.#opened.delete(oldest.value);
      }
      this.#opened.set(cacheKey, structuredClone(opened));
    }
    return opened;
  }
}

/** One IndexedDB request as a promise. */
export const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('an IndexedDB read failed'));
  });

/**
 * Up to `limit` records of `table` after the key `after`, in key order, read straight from
 * IndexedDB and opened through WebCrypto (see `openStored`): for long reads in a vault, such as
 * the Library's pass over every source at start-up, which opened 150 MB synchronously.
 */
export async function readSealedPage<T>(
  db: Dexie,
  sealer: Sealer,
  table: string,
  after: string | undefined,
  limit: number,
): Promise<T[]> {
  const store = db.backendDB().transaction(table, 'readonly').objectStore(table);
  const stored = await request(
    store.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), limit),
  );
  return Promise.all(stored.map((record) => openStored(sealer, table, record))) as Promise<T[]>;
}

/**
 * `Sealer.open` for a record read straight from IndexedDB, outside Dexie (see
 * `search-index.ts`): decrypted through WebCrypto, which a Dexie transaction could not wait for.
 */
export async function openStored(
  sealer: Sealer,
  table: string,
  stored: unknown,
): Promise<Record<string, unknown>> {
  const shape = SEALED_TABLES[table];
  if (!shape) throw new Error(`${table} is not a sealed table`);
  const key = sealer.key();
  // No vault: stored as it is. A clear record in a vault: refused (or taken while converting).
  if (!key) return stored as Record<string, unknown>;
  if (!isSealed(stored)) return sealer.open(table, shape, stored, key) as Record<string, unknown>;
  const context = {
    table,
    id: storedId(table, stored),
    schema: stored[SEALED_IN] as number,
    field: 'record',
  };
  return assemble(shape, stored, unpack(await key.openAsync(stored[SEALED] as Uint8Array, context)));
}

/** An opened record: what its stored form keeps in clear (blinded values aside), and its sealed content. */
function assemble(
  shape: SealedShape,
  stored: Record<string, unknown>,
  content: Record<string, unknown>,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const name of shape.clear)
    if (name in stored && !shape.blind?.includes(name)) record[name] = stored[name];
  return { ...record, ...content };
}

function storedId(table: string, stored: Record<string, unknown>): string {
  const id = table === 'originals' ? stored.sha256 : stored.id;
  if (typeof id !== 'string') throw new Error(`a ${table} record without an id cannot be sealed`);
  return id;
}

function isSealed(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[SEALED] instanceof Uint8Array
  );
}

function readPath(record: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], record);
}

function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  if (tail === undefined) target[head] = value;
  else target[head] = { ...(target[head] as object | undefined), [tail]: value };
}

/**
 * JSON keeps strings, numbers, booleans, arrays and objects; a record may hold more (the
 * search manifest's tombstones are a Uint8Array). Those values are written as an object with
 * one tagged key and read back as what they were; a value JSON would silently change and no
 * tag can carry is refused, so that sealing never alters a record.
 */
const TAG = '\u0000fieldbook';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return { [TAG]: 'bytes', value: toBase64(raw) };
  if (raw instanceof Date) return { [TAG]: 'date', value: raw.getTime() };
  if (ArrayBuffer.isView(raw) || raw instanceof Map || raw instanceof Set || raw instanceof ArrayBuffer)
    throw new SealError(`a ${Object.prototype.toString.call(raw).slice(8, -1)} at "${key}" cannot be sealed`);
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { [TAG]: 'number', value: String(raw) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(TAG in value)) return value;
  const { [TAG]: kind, value: inner } = value as { [TAG]: string; value: unknown };
  if (kind === 'bytes') return fromBase64(inner as string);
  if (kind === 'date') return new Date(inner as number);
  if (kind === 'number') return Number(inner);
  throw new SealError(`a sealed value of unknown kind "${kind}"`);
}

/** The sealed payload: a 4-byte length, the JSON of the content, then the binary property's bytes. */
function pack(
  content: Record<string, unknown>,
  binary: Uint8Array,
  binaryName: string | undefined,
): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ content, binary: binaryName ?? null }, replacer));
  const out = new Uint8Array(4 + json.length + binary.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  out.set(binary, 4 + json.length);
  return out;
}

function unpack(bytes: Uint8Array): Record<string, unknown> {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const { content, binary } = JSON.parse(
    new TextDecoder().decode(bytes.subarray(4, 4 + length)),
    reviver,
  ) as {
    content: Record<string, unknown>;
    binary: string | null;
  };
  if (binary) content[binary] = bytes.slice(4 + length);
  return content;
}

// Dexie's range types (a const enum in its typings, so not importable as values).
const EQUAL = 1 as DBCoreRangeType;
const ANY = 3 as DBCoreRangeType;
const NEVER = 4 as DBCoreRangeType;

const blindRange = (
  range: DBCoreKeyRange,
  blind: (key: unknown) => unknown,
  what: string,
): DBCoreKeyRange => {
  if (range.type === ANY || range.type === NEVER) return range;
  if (range.type === EQUAL) return { ...range, lower: blind(range.lower), upper: blind(range.upper) };
  throw new Error(`${what} is blinded in a vault: it can be looked up by equality only`);
};

/** The middleware for `sealer`. */
export function sealingMiddleware(sealer: Sealer): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'fieldbook-sealing',
    // Below every Dexie middleware (their lowest is -1): they all see plain records.
    level: -10,
    create: (down) => ({
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        const shape = SEALED_TABLES[name];
        return shape ? sealedTable(table, name, shape, sealer) : table;
      },
    }),
  };
}

function sealedTable(table: DBCoreTable, name: string, shape: SealedShape, sealer: Sealer): DBCoreTable {
  const blindKey = (key: DataKey) => (value: unknown) =>
    typeof value === 'string' ? key.blind(value) : value;
  const isBlinded = (query: DBCoreQuery) =>
    query.index.isPrimaryKey
      ? !!shape.blindPrimaryKey
      : !!query.index.name && !!shape.blind?.includes(query.index.name);
  const translate = (query: DBCoreQuery, key: DataKey): DBCoreQuery =>
    isBlinded(query)
      ? { ...query, range: blindRange(query.range, blindKey(key), `${name}.${query.index.name ?? 'key'}`) }
      : query;
  const open = (key: DataKey) => (value: unknown) => sealer.open(name, shape, value, key);
  const keysOut = (key: DataKey, keys: unknown[]) => (shape.blindPrimaryKey ? keys.map(blindKey(key)) : keys);

  /**
   * Runs `work` with the key (or, with no vault, `clear`), turning a synchronous failure (the
   * vault is locked) into a rejection. Results are chained on the promise Dexie returns, never
   * awaited in an async function: Dexie's promises carry the transaction's zone, which a native
   * promise would lose for whatever the caller does next.
   */
  const withKey = <T>(clear: () => Promise<T>, work: (key: DataKey) => Promise<T>): Promise<T> => {
    try {
      const key = sealer.key();
      return key ? work(key) : clear();
    } catch (error) {
      return Dexie.Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    ...table,
    mutate: (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> =>
      withKey(
        () => table.mutate(req),
        (key) => {
          if (req.type === 'add' || req.type === 'put') {
            const values = req.values.map((v) => sealer.seal(name, shape, v as Record<string, unknown>, key));
            const sealedReq = {
              ...req,
              values,
              keys: req.keys && keysOut(key, req.keys),
              ...(req.type === 'put' && req.updates
                ? { updates: { ...req.updates, keys: keysOut(key, req.updates.keys) } }
                : {}),
            };
            // The caller gets back the keys it gave, not their blinded stand-ins.
            if (!shape.blindPrimaryKey) return table.mutate(sealedReq);
            const plainKeys = req.values.map((v) => (v as Record<string, unknown>).sha256);
            return table
              .mutate(sealedReq)
              .then((response) =>
                response.results
                  ? { ...response, results: plainKeys, lastResult: plainKeys[plainKeys.length - 1] }
                  : response,
              );
          }
          if (req.type === 'delete') return table.mutate({ ...req, keys: keysOut(key, req.keys) });
          // deleteRange: clearing a whole table needs no key; a partial range of blinded keys does.
          if (shape.blindPrimaryKey && req.range.type !== ANY)
            return table.mutate({ ...req, range: blindRange(req.range, blindKey(key), `${name} key`) });
          return table.mutate(req);
        },
      ),

    get: (req) =>
      withKey(
        () => table.get(req) as Promise<unknown>,
        (key) =>
          (
            table.get({
              ...req,
              key: shape.blindPrimaryKey ? blindKey(key)(req.key as unknown) : (req.key as unknown),
            }) as Promise<unknown>
          ).then((value) => (value === undefined ? undefined : open(key)(value))),
      ),

    getMany: (req) =>
      withKey(
        () => table.getMany(req),
        (key) =>
          table
            .getMany({ ...req, keys: keysOut(key, req.keys) })
            .then((values) => values.map((v: unknown) => (v === undefined ? undefined : open(key)(v)))),
      ),

    query: (req) =>
      withKey(
        () => table.query(req),
        (key) => {
          if (shape.blindPrimaryKey && !req.values)
            throw new Error(`${name}: keys are blinded in a vault; read the records instead`);
          return table
            .query({ ...req, query: translate(req.query, key) })
            .then((response) =>
              req.values ? { ...response, result: response.result.map(open(key)) } : response,
            );
        },
      ),

    openCursor: (req) =>
      withKey(
        () => table.openCursor(req),
        (key) =>
          table
            .openCursor({ ...req, query: translate(req.query, key) })
            // A key cursor (values: false) has no record to open.
            .then((cursor) => (cursor && req.values ? openingCursor(cursor, open(key)) : cursor)),
      ),

    count: (req) =>
      withKey(
        () => table.count(req),
        (key) => table.count({ ...req, query: translate(req.query, key) }),
      ),
  };
}

/**
 * A cursor whose `value` is the opened record (opened once per position). IndexedDB's cursor
 * is a native object: its accessors must be read on it, never through the wrapper; Dexie's own
 * methods (start, stop, continue…) are found on it through the prototype chain, as they change.
 */
function openingCursor(cursor: DBCoreCursor, open: (value: unknown) => unknown): DBCoreCursor {
  let at: unknown = undefined;
  let opened: unknown = undefined;
  let seen = false;
  return Object.create(cursor, {
    key: { get: () => cursor.key as unknown },
    primaryKey: { get: () => cursor.primaryKey as unknown },
    value: {
      get() {
        const raw: unknown = cursor.value;
        if (!seen || raw !== at) {
          at = raw;
          opened = open(raw);
          seen = true;
        }
        return opened;
      },
    },
  }) as DBCoreCursor;
}
