/**
 * Change files (`.fbsync`): the team's sealed documents with their revision histories, for a
 * team without a connection — carried on a USB stick, or sent when a connection appears.
 * Importing one writes its revisions as they are (`new_edits: false`), exactly as online
 * replication would: importing twice changes nothing, and a file relayed through several hands
 * builds the same replica as the original.
 *
 * A file is checked whole before anything of it is written: its form, its team, its checksum,
 * and every revision opened against the team's keys and members. A damaged, cut short or
 * tampered file is refused with the reason, and nothing of it is applied; an import stopped
 * midway completes when the same file is imported again.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/ciphers/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { isEnvelope, isRecordId, open, type Envelope, type MemberKey, type TeamKey } from './envelope';
import type { ReplicaDb } from './replica';
import { isTeamHeader, type TeamHeader } from './team';

export const CHANGE_FILE_FORMAT = 'fieldbook-changes';
export const CHANGE_FILE_VERSION = 1;

/** A leaf revision as stored: a sealed document, or the stub of a deletion, with its history. */
interface Revision {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions: { start: number; ids: string[] };
  v?: number;
  k?: string;
  c?: string;
}

export interface ChangeFile {
  format: typeof CHANGE_FILE_FORMAT;
  version: number;
  /** Which team the file is for (a keyed fingerprint: it says nothing to anyone else). */
  team: string;
  /**
   * The team's header as the writer knew it: what someone holding the team passphrase joins
   * from, and the member list (sealed) that the file's revisions are checked against.
   */
  header?: TeamHeader;
  created: string;
  revisions: Revision[];
  /** SHA-256 of the revisions as written (JSON). */
  sha256: string;
}

export type ChangeFileError =
  | { reason: 'damaged'; detail: string }
  | { reason: 'otherTeam' }
  | { reason: 'newerFormat'; version: number }
  | { reason: 'refusedRevision'; document: string; why: string };

export class ChangeFileRefused extends Error {
  constructor(readonly problem: ChangeFileError) {
    super(
      problem.reason === 'damaged'
        ? `This change file is damaged or cut short (${problem.detail}); nothing of it was imported.`
        : problem.reason === 'otherTeam'
          ? 'This change file belongs to another team; nothing of it was imported.'
          : problem.reason === 'newerFormat'
            ? `This change file was written by a newer Fieldbook (format ${problem.version}); nothing of it was imported.`
            : `A revision in this change file does not open (${problem.why}); nothing of it was imported.`,
    );
    this.name = 'ChangeFileRefused';
  }
}

/** The team's fingerprint: keyed with the key that names documents, so stable and opaque. */
export function teamFingerprint(naming: TeamKey): string {
  return bytesToHex(hmac(sha256, naming.secret, utf8ToBytes('fieldbook team fingerprint v1'))).slice(0, 32);
}

/**
 * Every leaf revision of the documents changed after `since` (all of them by default), as a
 * change file; with the team's header, someone holding the passphrase can join from it.
 */
export async function exportChanges(
  db: ReplicaDb,
  naming: TeamKey,
  options: { header?: TeamHeader; since?: number | string; now?: Date } = {},
): Promise<{ text: string; revisions: number; lastSeq: number | string }> {
  const revisions: Revision[] = [];
  let cursor = options.since ?? 0;
  for (;;) {
    const page = await db.changes({ since: cursor, style: 'all_docs', limit: 500 });
    for (const { id } of page.results) {
      if (!isRecordId(id)) continue;
      const leaves = (await db.get(id, { open_revs: 'all', revs: true })) as { ok?: Revision }[];
      for (const leaf of leaves) if (leaf.ok) revisions.push(leaf.ok);
    }
    if (page.results.length === 0) break;
    cursor = page.last_seq;
  }
  const body = JSON.stringify(revisions);
  const header = options.header ? `"header":${JSON.stringify(options.header)},` : '';
  const created = (options.now ?? new Date()).toISOString();
  const file = `{"format":"${CHANGE_FILE_FORMAT}","version":${CHANGE_FILE_VERSION},"team":"${teamFingerprint(naming)}",${header}"created":"${created}","sha256":"${bytesToHex(sha256(utf8ToBytes(body)))}","revisions":${body}}`;
  return { text: file, revisions: revisions.length, lastSeq: cursor };
}

function isRevision(value: unknown): value is Revision {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Revision>;
  const history = r._revisions;
  return (
    typeof r._id === 'string' &&
    isRecordId(r._id) &&
    typeof r._rev === 'string' &&
    /^\d+-[0-9a-f]+$/.test(r._rev) &&
    typeof history === 'object' &&
    history !== null &&
    Number.isInteger(history.start) &&
    Array.isArray(history.ids) &&
    history.ids.length > 0 &&
    history.ids.every((id) => typeof id === 'string') &&
    `${history.start}-${history.ids[0]}` === r._rev
  );
}

/**
 * Reads a change file and checks its form and checksum (not yet its team: someone joining
 * from it has no team to check against). Throws ChangeFileRefused when it cannot be trusted.
 */
export function readChangeFile(text: string): ChangeFile {
  let file: ChangeFile;
  try {
    file = JSON.parse(text) as ChangeFile;
  } catch (error) {
    throw new ChangeFileRefused({
      reason: 'damaged',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (typeof file !== 'object' || file === null || file.format !== CHANGE_FILE_FORMAT)
    throw new ChangeFileRefused({ reason: 'damaged', detail: 'not a Fieldbook change file' });
  if (typeof file.version !== 'number' || file.version > CHANGE_FILE_VERSION)
    throw new ChangeFileRefused({ reason: 'newerFormat', version: Number(file.version) });
  if (!Array.isArray(file.revisions))
    throw new ChangeFileRefused({ reason: 'damaged', detail: 'no list of revisions' });
  if (bytesToHex(sha256(utf8ToBytes(JSON.stringify(file.revisions)))) !== file.sha256)
    throw new ChangeFileRefused({ reason: 'damaged', detail: 'its checksum does not match' });
  if (file.header !== undefined && !isTeamHeader(file.header))
    throw new ChangeFileRefused({ reason: 'damaged', detail: 'its team header is malformed' });
  for (const revision of file.revisions)
    if (!isRevision(revision))
      throw new ChangeFileRefused({ reason: 'damaged', detail: 'a revision is malformed' });
  return file;
}

/**
 * Writes a change file's revisions into the replica as they are, once every one of them opens
 * under the team's keys and members. Throws ChangeFileRefused (nothing written) otherwise.
 */
export async function applyChangeFile(
  db: ReplicaDb,
  file: ChangeFile,
  team: { keys: ReadonlyMap<string, TeamKey>; members: ReadonlyMap<string, MemberKey>; naming: TeamKey },
): Promise<{ revisions: number }> {
  if (file.team !== teamFingerprint(team.naming)) throw new ChangeFileRefused({ reason: 'otherTeam' });
  for (const revision of file.revisions) {
    if (revision._deleted) continue;
    const envelope: Envelope | undefined = isEnvelope(revision)
      ? { _id: revision._id, v: revision.v, k: revision.k, c: revision.c }
      : undefined;
    const opened = open(team.keys, team.members, envelope, team.naming);
    if (!opened.ok)
      throw new ChangeFileRefused({ reason: 'refusedRevision', document: revision._id, why: opened.reason });
  }
  if (file.revisions.length) await db.bulkDocs(file.revisions, { new_edits: false });
  return { revisions: file.revisions.length };
}

/** Checks a change file whole, then writes its revisions into the replica (see applyChangeFile). */
export function importChanges(
  db: ReplicaDb,
  text: string,
  team: { keys: ReadonlyMap<string, TeamKey>; members: ReadonlyMap<string, MemberKey>; naming: TeamKey },
): Promise<{ revisions: number }> {
  return Promise.resolve().then(() => applyChangeFile(db, readChangeFile(text), team));
}
