/**
 * A team: its keys, wrapped under the team passphrase, and its members, sealed under the team
 * key. The header is what the team shares in the open (a document on the server, the first
 * part of a change file): enough for someone holding the passphrase to join, nothing for
 * anyone else — no name, no count of records.
 *
 * - The passphrase becomes a key through Argon2id (hash-wasm; 64 MiB, 4 passes, the vault's
 *   cost), which opens each team key (AES-256-GCM, the key's id bound in). A wrong passphrase
 *   fails the integrity check and reveals nothing.
 * - Each member has an Ed25519 signing key made on their machine; the member list (names and
 *   public keys) is sealed under the team's newest key. Joining adds oneself to it. Two people
 *   joining apart give two lists, merged by member.
 * - The first key names documents for the team's whole life; the newest seals new writes.
 */
import { bytesToUtf8, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { openBytes, sealBytes } from '../security/aead';
import { passphraseBytes } from '../security/passphrase';
import { fromBase64, toBase64 } from '../text/base64';
import { newSigner, newTeamKey, type MemberKey, type Signer, type TeamKey } from './envelope';
import type { TeamSession } from './replica';

export const TEAM_FORMAT = 'fieldbook-team';

/** The id of the team's header in the team's database on a server. */
export const TEAM_HEADER_DOC = 'fieldbook-team';

export interface TeamKdf {
  name: 'argon2id';
  /** KiB. */
  memorySize: number;
  iterations: number;
  parallelism: number;
  salt: string;
}

export interface TeamHeader {
  format: typeof TEAM_FORMAT;
  version: 1;
  /** A random name for the team, the same on every machine. */
  team: string;
  kdf: TeamKdf;
  /** Every team key, sealed under the passphrase, oldest first. */
  keys: { id: string; sealed: string }[];
  /** The member list, sealed under the newest team key. */
  members: string;
}

export interface Member {
  member: string;
  name: string;
  /** Base64 of the Ed25519 public key. */
  publicKey: string;
  joined: number;
}

export const TEAM_KDF = { memorySize: 64 * 1024, iterations: 4, parallelism: 1 };

/** A random name (for a team or a member), from base64's letters and digits. */
const randomName = (): string => toBase64(randomBytes(12)).replace(/[+/=]/g, '');

const sealWith = (key: Uint8Array, bytes: Uint8Array, context: string): string =>
  toBase64(sealBytes(key, bytes, utf8ToBytes(context)));

/** Null when the bytes do not open under `key` (wrong key, or changed). */
function openWith(key: Uint8Array, text: string, context: string): Uint8Array | null {
  try {
    return openBytes(key, fromBase64(text), utf8ToBytes(context));
  } catch {
    return null;
  }
}

const membersContext = (team: string) => `fieldbook team ${team} members`;
const keyContext = (team: string, id: string) => `fieldbook team ${team} key ${id}`;

function sealMembers(header: Pick<TeamHeader, 'team'>, key: TeamKey, members: readonly Member[]): string {
  const sorted = [...members].sort((a, b) => a.member.localeCompare(b.member));
  return sealWith(
    key.secret,
    utf8ToBytes(JSON.stringify({ key: key.id, members: sorted })),
    membersContext(header.team),
  );
}

/** What a member's machine keeps of the team (sealed in its own archive): keys, list, its signer. */
export interface TeamState {
  header: TeamHeader;
  keys: TeamKey[];
  members: Member[];
  signer: Signer & MemberKey;
}

/** The session the replica works with. */
export function sessionOf(state: TeamState, now?: () => number): TeamSession {
  return {
    keys: new Map(state.keys.map((k) => [k.id, k])),
    current: state.keys.at(-1)!,
    naming: state.keys[0]!,
    signer: state.signer,
    members: new Map(
      state.members.map((m) => [m.member, { member: m.member, publicKey: fromBase64(m.publicKey) }]),
    ),
    ...(now ? { now } : {}),
  };
}

const newMember = (name: string, signer: MemberKey, joined: number): Member => ({
  member: signer.member,
  name,
  publicKey: toBase64(signer.publicKey),
  joined,
});

/** A new team: a random team key under the passphrase, and its creator as first member. */
export async function createTeam(
  passphrase: string,
  name: string,
  options: { kdf?: Partial<typeof TEAM_KDF>; now?: number } = {},
): Promise<TeamState> {
  const kdf: TeamKdf = { name: 'argon2id', ...TEAM_KDF, ...options.kdf, salt: toBase64(randomBytes(16)) };
  const team = randomName();
  const key = newTeamKey();
  const signer = newSigner(randomName());
  const wrapping = await passphraseBytes(passphrase, kdf);
  const members = [newMember(name, signer, options.now ?? Date.now())];
  const header: TeamHeader = {
    format: TEAM_FORMAT,
    version: 1,
    team,
    kdf,
    keys: [{ id: key.id, sealed: sealWith(wrapping, key.secret, keyContext(team, key.id)) }],
    members: sealMembers({ team }, key, members),
  };
  return { header, keys: [key], members, signer };
}

export type JoinResult = { ok: true; state: TeamState } | { ok: false; error: 'wrongPassphrase' | 'damaged' };

/** A header read from outside (the server, a file) is checked before its cost is paid. */
export function isTeamHeader(value: unknown): value is TeamHeader {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Partial<TeamHeader>;
  const kdf = h.kdf;
  return (
    h.format === TEAM_FORMAT &&
    h.version === 1 &&
    typeof h.team === 'string' &&
    typeof h.members === 'string' &&
    Array.isArray(h.keys) &&
    h.keys.length > 0 &&
    h.keys.every((k) => typeof k?.id === 'string' && typeof k.sealed === 'string') &&
    typeof kdf === 'object' &&
    kdf !== null &&
    kdf.name === 'argon2id' &&
    typeof kdf.salt === 'string' &&
    // Bounded, so that a crafted header cannot ask for gigabytes or hours.
    [kdf.memorySize, kdf.iterations, kdf.parallelism].every(
      (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0,
    ) &&
    kdf.memorySize <= 1024 * 1024 &&
    kdf.iterations <= 64 &&
    kdf.parallelism <= 16
  );
}

/** Opens a team's keys and member list with its passphrase; `name` joins the list (when given). */
export async function joinTeam(
  header: unknown,
  passphrase: string,
  name: string,
  options: { now?: number } = {},
): Promise<JoinResult> {
  if (!isTeamHeader(header)) return { ok: false, error: 'damaged' };
  const wrapping = await passphraseBytes(passphrase, header.kdf);
  const keys: TeamKey[] = [];
  for (const { id, sealed } of header.keys) {
    const secret = openWith(wrapping, sealed, keyContext(header.team, id));
    if (!secret) return { ok: false, error: 'wrongPassphrase' };
    keys.push({ id, secret });
  }
  const members = membersOf(header, keys);
  if (!members) return { ok: false, error: 'damaged' };
  const signer = newSigner(randomName());
  const joined = [...members, newMember(name, signer, options.now ?? Date.now())];
  const newest = keys.at(-1)!;
  return {
    ok: true,
    state: {
      header: { ...header, members: sealMembers(header, newest, joined) },
      keys,
      members: joined,
      signer,
    },
  };
}

/** The member list a header holds, or null when it does not open under the team's keys. */
export function membersOf(header: TeamHeader, keys: readonly TeamKey[]): Member[] | null {
  for (const key of [...keys].reverse()) {
    const bytes = openWith(key.secret, header.members, membersContext(header.team));
    if (!bytes) continue;
    try {
      const list = JSON.parse(bytesToUtf8(bytes)) as { members: Member[] };
      return Array.isArray(list.members) ? list.members : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Two versions of a team's header (two members joined apart): every member of both. */
export function mergeHeaders(state: TeamState, other: TeamHeader): TeamState {
  const theirs = membersOf(other, state.keys);
  if (!theirs) return state;
  const byId = new Map(state.members.map((m) => [m.member, m]));
  for (const m of theirs) if (!byId.has(m.member)) byId.set(m.member, m);
  const members = [...byId.values()];
  if (members.length === state.members.length) return state;
  return {
    ...state,
    members,
    header: { ...state.header, members: sealMembers(state.header, state.keys.at(-1)!, members) },
  };
}
