/**
 * One sealed document per shared record: what the team's server (and any change file) holds,
 * and all it holds. `{_id, v, k, c}`:
 *
 * - `_id` is an HMAC of the table and the record's id under the team key: the server cannot
 *   tell a source from a note, nor link a document to the record it holds.
 * - `c` is AES-256-GCM over the record, its stamps (who set each field, when), its conflicts
 *   and its author, signed by the author (Ed25519) inside the encryption. The document's id,
 *   key id and format version are bound in as additional data: a sealed body moved under
 *   another id does not open.
 * - The plaintext is padded to a bucket (powers of two from 512 bytes to 64 KiB, then
 *   multiples of 64 KiB), so that sizes say little about what a record holds.
 * - `k` names the team key it was sealed with: removing a member makes a new key for new
 *   writes, and the old ones still open what they sealed. Documents are named with the
 *   team's first key for the team's whole life (`naming`), so that a record keeps its one
 *   document across rotations.
 *
 * Opening checks everything before anything is merged; what fails comes back with its reason,
 * to be quarantined and shown, never merged.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, bytesToUtf8, concatBytes, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { fromBase64, toBase64 } from '../text/base64';
import { openBytes, sealBytes } from '../security/aead';
import { SYNC_TABLES, type FieldConflict, type Stamp, type SyncTable, type Versioned } from './merge';

export const ENVELOPE_VERSION = 1;

/** A team key: 32 random bytes, named so that documents say which key sealed them. */
export interface TeamKey {
  id: string;
  secret: Uint8Array;
}

/** A member's signing key pair (the secret stays on the member's machine). */
export interface Signer {
  member: string;
  secretKey: Uint8Array;
}

/** What every machine knows of a member: the key their revisions are checked against. */
export interface MemberKey {
  member: string;
  publicKey: Uint8Array;
}

export interface Envelope {
  _id: string;
  v: number;
  k: string;
  c: string;
}

export type OpenFailure =
  /** Sealed with a team key this machine does not hold. */
  | 'unknownKey'
  /** Not a document this format knows, or its bytes do not decrypt (tampered, truncated). */
  | 'damaged'
  /** Signed by no member this machine knows. */
  | 'unknownMember'
  /** The signature does not match: changed after it was signed, or not by its author. */
  | 'badSignature'
  /** Its content belongs to another document id: moved. */
  | 'misplaced';

export type Opened =
  | { ok: true; table: SyncTable; id: string; doc: Versioned; author: string }
  | { ok: false; id: string; reason: OpenFailure };

interface Payload {
  t: SyncTable;
  r: Record<string, unknown>;
  s: Record<string, Stamp>;
  x?: Record<string, FieldConflict>;
  a: string;
}

const subkey = (key: TeamKey, purpose: string) =>
  hkdf(sha256, key.secret, undefined, utf8ToBytes(`fieldbook team ${purpose} v1`), 32);
const cache = new WeakMap<Uint8Array, { enc: Uint8Array; mac: Uint8Array }>();
function keysOf(key: TeamKey) {
  let derived = cache.get(key.secret);
  if (!derived)
    cache.set(key.secret, (derived = { enc: subkey(key, 'encryption'), mac: subkey(key, 'document ids') }));
  return derived;
}

export function newTeamKey(): TeamKey {
  return { id: bytesToHex(randomBytes(8)), secret: randomBytes(32) };
}

export function newSigner(member: string): Signer & MemberKey {
  const { secretKey, publicKey } = ed25519.keygen();
  return { member, secretKey, publicKey };
}

/** The server's name for a record: the same on every machine of the team, opaque to the server. */
export function documentId(key: TeamKey, table: SyncTable, id: string): string {
  return bytesToHex(hmac(sha256, keysOf(key).mac, utf8ToBytes(`${table}\u0000${id}`)));
}

/**
 * The hash part of a revision id for content the team computed (a merge): the same on every
 * machine that computes the same merge of the same revisions, so that two machines merging
 * apart write one revision, not two; keyed, so that the server cannot test guesses of it.
 */
export function revisionHash(naming: TeamKey, ...parts: string[]): string {
  return bytesToHex(
    hmac(sha256, keysOf(naming).mac, utf8ToBytes(`revision\u0000${parts.join('\u0000')}`)),
  ).slice(0, 32);
}

/** The size a plaintext of `n` bytes is padded to. */
export function bucketOf(n: number): number {
  const STEP = 64 * 1024;
  if (n > STEP) return Math.ceil(n / STEP) * STEP;
  let size = 512;
  while (size < n) size *= 2;
  return size;
}

const additionalData = (id: string, keyId: string) => utf8ToBytes(`${id}|${keyId}|${ENVELOPE_VERSION}`);
const signedBytes = (id: string, body: Uint8Array) =>
  concatBytes(utf8ToBytes(`fieldbook-sync v${ENVELOPE_VERSION}\n${id}\n`), body);

/**
 * Seals a record of `table` (its stamps and conflicts with it) for the team, signed by
 * `signer`. `doc.record.id` is the record's id in the archive.
 */
export function seal(
  key: TeamKey,
  signer: Signer,
  table: SyncTable,
  doc: Versioned,
  naming: TeamKey = key,
): Envelope {
  const id = documentId(naming, table, String(doc.record.id));
  const payload: Payload = {
    t: table,
    r: doc.record,
    s: doc.stamps,
    ...(doc.conflicts ? { x: doc.conflicts } : {}),
    a: signer.member,
  };
  const body = utf8ToBytes(JSON.stringify(payload));
  const signature = ed25519.sign(signedBytes(id, body), signer.secretKey);
  // The body travels as the very string signed: parsing and writing it again could reorder it.
  const inner = utf8ToBytes(JSON.stringify({ b: bytesToUtf8(body), g: toBase64(signature) }));
  const plain = new Uint8Array(bucketOf(inner.length + 4));
  new DataView(plain.buffer).setUint32(0, inner.length);
  plain.set(inner, 4);
  const sealed = sealBytes(keysOf(key).enc, plain, additionalData(id, key.id));
  return { _id: id, v: ENVELOPE_VERSION, k: key.id, c: toBase64(sealed) };
}

/** Whether a value has an envelope's shape (a document from the server or a file may not). */
/** A record's document, by its id (the team's header and local documents are not records). */
export const isRecordId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<Envelope>;
  return (
    typeof e._id === 'string' &&
    isRecordId(e._id) &&
    typeof e.v === 'number' &&
    typeof e.k === 'string' &&
    typeof e.c === 'string'
  );
}

/**
 * Opens a document: decrypts, checks its signature against the team's members, and its place
 * (named with `naming`, the team's first key; by default the key that sealed it).
 */
export function open(
  keys: ReadonlyMap<string, TeamKey>,
  members: ReadonlyMap<string, MemberKey>,
  envelope: unknown,
  naming?: TeamKey,
): Opened {
  const id = typeof (envelope as { _id?: unknown })?._id === 'string' ? (envelope as Envelope)._id : '';
  const fail = (reason: OpenFailure): Opened => ({ ok: false, id, reason });
  if (!isEnvelope(envelope) || envelope.v !== ENVELOPE_VERSION) return fail('damaged');
  const key = keys.get(envelope.k);
  if (!key) return fail('unknownKey');
  let inner: { b: string; g: string };
  try {
    const plain = openBytes(keysOf(key).enc, fromBase64(envelope.c), additionalData(envelope._id, key.id));
    const length = new DataView(plain.buffer, plain.byteOffset).getUint32(0);
    if (length > plain.length - 4) return fail('damaged');
    inner = JSON.parse(bytesToUtf8(plain.subarray(4, 4 + length))) as { b: string; g: string };
  } catch {
    // A wrong tag, bad base64 or bad JSON: all mean the bytes are not what was sealed.
    return fail('damaged');
  }
  if (typeof inner?.b !== 'string' || typeof inner.g !== 'string') return fail('damaged');
  let payload: Payload;
  try {
    payload = JSON.parse(inner.b) as Payload;
  } catch {
    return fail('damaged');
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    !(SYNC_TABLES as readonly string[]).includes(payload.t) ||
    typeof payload.r !== 'object' ||
    payload.r === null ||
    typeof payload.r.id !== 'string' ||
    typeof payload.s !== 'object' ||
    payload.s === null ||
    typeof payload.a !== 'string'
  )
    return fail('damaged');
  const member = members.get(payload.a);
  if (!member) return fail('unknownMember');
  let valid = false;
  try {
    valid = ed25519.verify(
      fromBase64(inner.g),
      signedBytes(envelope._id, utf8ToBytes(inner.b)),
      member.publicKey,
    );
  } catch {
    valid = false;
  }
  if (!valid) return fail('badSignature');
  if (documentId(naming ?? key, payload.t, payload.r.id) !== envelope._id) return fail('misplaced');
  return {
    ok: true,
    table: payload.t,
    id: payload.r.id,
    doc: { record: payload.r, stamps: payload.s, ...(payload.x ? { conflicts: payload.x } : {}) },
    author: payload.a,
  };
}
