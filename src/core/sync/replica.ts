/**
 * The team replica: a CouchDB-protocol database (PouchDB in the app, CouchDB 3 on the team's
 * server) holding sealed documents only, one per shared record, and the rules that turn its
 * revisions into records of the archive.
 *
 * - A save here becomes a revision whose parent is the revision this machine last saw, never
 *   the newest one it has not read: an edit made on top of changes not yet merged makes a
 *   conflict to merge, not a silent overwrite.
 * - `settle()` reads what changed in the replica (replication, a change file, a save) and, for
 *   each document with several live revisions, merges them (see merge.ts) against their
 *   latest common revision. The merged revision is written first, then the losing revisions
 *   are removed: a crash in between leaves a conflict to merge again, never a loss. Two
 *   machines merging the same revisions write equal content; when those meet, nothing new is
 *   written (no merge loop).
 * - Every revision is opened and checked before it is merged (see envelope.ts); one that
 *   fails is quarantined — kept aside, reported, never merged.
 * - Each machine keeps, beside the replica, base copies: the sealed bodies of the revisions it
 *   saw last (local documents, never replicated), because the server compacts old bodies.
 */
import { bytesToHex, randomBytes } from '@noble/ciphers/utils.js';
import { canonical, mergeRecords, same, stampChanges, type SyncTable, type Versioned } from './merge';
import {
  documentId,
  isRecordId,
  open,
  revisionHash,
  seal,
  type Envelope,
  type MemberKey,
  type OpenFailure,
  type Signer,
  type TeamKey,
} from './envelope';

type Json = Record<string, unknown>;

/** What the replica needs of a CouchDB-protocol database (PouchDB's API). */
export interface ReplicaDb {
  get(id: string, options?: object): Promise<unknown>;
  put(doc: object): Promise<{ rev: string }>;
  bulkDocs(docs: object[], options?: { new_edits?: boolean }): Promise<unknown[]>;
  changes(options: { since: number | string; style?: 'all_docs'; limit?: number }): Promise<{
    results: { id: string; seq: number | string }[];
    last_seq: number | string;
  }>;
}

export interface TeamSession {
  /** Every team key this machine holds, by id; `current` seals new writes. */
  keys: ReadonlyMap<string, TeamKey>;
  current: TeamKey;
  /** The team's first key, which names documents for the team's whole life. */
  naming: TeamKey;
  signer: Signer;
  members: ReadonlyMap<string, MemberKey>;
  now?: () => number;
}

/** The archive side: where merged records go (undefined: deleted for good on the team). */
export interface ArchiveSide {
  apply(table: SyncTable, id: string, record: Json | undefined): Promise<void>;
  /** Several at once, in one write if the archive can (each as `apply` would). */
  applyMany?(items: readonly { table: SyncTable; id: string; record: Json | undefined }[]): Promise<void>;
}

/** What settling one page of changes writes once its documents are merged. */
interface Batch {
  applies: { table: SyncTable; id: string; record: Json | undefined }[];
  copies: BaseCopy[];
  seen: [string, string, Versioned][];
}

export interface Quarantined {
  document: string;
  rev: string;
  reason: OpenFailure;
}

export interface SettleReport {
  /** Records written into the archive. */
  applied: number;
  /** Documents whose revisions were merged. */
  merged: number;
  /** Records that hold a conflict after the merge. */
  conflicted: { table: SyncTable; id: string; fields: string[] }[];
  quarantined: Quarantined[];
}

interface Leaf {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions?: { start: number; ids: string[] };
}

/** The base copy of one document: the revision last seen here, its ancestry and recent bodies. */
interface BaseCopy {
  _id: string;
  _rev?: string;
  table: SyncTable;
  id: string;
  rev: string;
  /** Revision ids from the newest back (as `n-hash`). */
  ancestry: string[];
  /** Sealed bodies of recent revisions seen here, by revision. */
  bodies: Record<string, Envelope>;
  deleted?: boolean;
}

const BODIES_KEPT = 8;
const SEEN_KEPT = 2_000;
const ANCESTRY_KEPT = 100;
const CHECKPOINT = '_local/fieldbook-settled';
const baseName = (docId: string) => `_local/base-${docId}`;

/** A revision's position in its document's history: the `n` of `n-hash`. */
const position = (rev: string) => Number(rev.split('-')[0]);

/** The history a revision is written with (`new_edits: false`): itself, then its ancestry. */
const historyOf = (rev: string, ancestry: readonly string[]) => ({
  start: position(rev),
  ids: [rev, ...ancestry].map((r) => r.split('-')[1]!),
});

const ancestryOf = (leaf: Leaf): string[] =>
  leaf._revisions
    ? leaf._revisions.ids.map((hash, i) => `${leaf._revisions!.start - i}-${hash}`)
    : [leaf._rev];

const randomHex = (bytes: number) => bytesToHex(randomBytes(bytes));

const isNotFound = (error: unknown) => (error as { status?: number } | null)?.status === 404;

const stripped = (envelope: Envelope): Envelope => ({
  _id: envelope._id,
  v: envelope.v,
  k: envelope.k,
  c: envelope.c,
});

export class Replica {
  #db: ReplicaDb;
  #team: TeamSession;
  #archive: ArchiveSide;
  /** One settle or save at a time: each reads and writes the same base copies. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: ReplicaDb, team: TeamSession, archive: ArchiveSide) {
    this.#db = db;
    this.#team = team;
    this.#archive = archive;
  }

  /** The team as it now is (a member joined, a key added): used from the next save or settle on. */
  useSession(team: TeamSession): void {
    void this.#serial(() => {
      this.#team = team;
      return Promise.resolve();
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #base(docId: string): Promise<BaseCopy | undefined> {
    try {
      return (await this.#db.get(baseName(docId))) as BaseCopy;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #opened(envelope: Envelope | undefined): Versioned | undefined {
    if (!envelope) return undefined;
    const opened = open(this.#team.keys, this.#team.members, envelope, this.#team.naming);
    return opened.ok ? opened.doc : undefined;
  }

  /**
   * The content of the revision last seen here of each document, as opened: kept for the
   * documents saved again and again (an incident being edited), so that a save does not open
   * and check its own previous revision each time.
   */
  #seen = new Map<string, { rev: string; doc: Versioned }>();

  #see(docId: string, rev: string, doc: Versioned): void {
    this.#seen.delete(docId);
    this.#seen.set(docId, { rev, doc });
    if (this.#seen.size > SEEN_KEPT) this.#seen.delete(this.#seen.keys().next().value!);
  }

  /** The base copy's current content: from what was seen here, else opened from its body. */
  #baseContent(docId: string, base: BaseCopy | undefined): Versioned | undefined {
    if (!base) return undefined;
    const seen = this.#seen.get(docId);
    if (seen?.rev === base.rev) return seen.doc;
    return this.#opened(base.bodies[base.rev]);
  }

  /** A base copy updated with a new revision seen here (written by the caller). */
  #remembered(
    copy: Omit<BaseCopy, '_id' | '_rev' | 'bodies'>,
    docId: string,
    old: BaseCopy | undefined,
    envelope?: Envelope,
  ): BaseCopy {
    const bodies = { ...(old?.bodies ?? {}) };
    if (envelope) bodies[copy.rev] = stripped(envelope);
    const kept = Object.keys(bodies)
      .sort((a, b) => position(b) - position(a))
      .slice(0, BODIES_KEPT);
    return {
      ...copy,
      _id: baseName(docId),
      ...(old?._rev ? { _rev: old._rev } : {}),
      ancestry: copy.ancestry.slice(0, ANCESTRY_KEPT),
      bodies: Object.fromEntries(kept.map((rev) => [rev, bodies[rev]!])),
    };
  }

  async #remember(
    copy: Omit<BaseCopy, '_id' | '_rev' | 'bodies'>,
    docId: string,
    envelope?: Envelope,
  ): Promise<void> {
    await this.#db.put(this.#remembered(copy, docId, await this.#base(docId), envelope));
  }

  /**
   * A save in this archive: the record as it now is (its unresolved conflicts in its
   * `conflicts` field). Fields that changed since the last revision seen here are stamped
   * with this member and now, sealed, and written as that revision's child.
   */
  publish(table: SyncTable, record: Json): Promise<void> {
    return this.publishMany(table, [record]);
  }

  /**
   * Several saves of one table at once (sharing an archive with the team): each as `publish`
   * does it, the revisions written in one batch, then their base copies in another.
   */
  publishMany(table: SyncTable, records: readonly Json[]): Promise<void> {
    return this.#serial(async () => {
      const { current, signer } = this.#team;
      const revisions: object[] = [];
      const copies: BaseCopy[] = [];
      const seen: [string, string, Versioned][] = [];
      for (const record of records) {
        const id = String(record.id);
        const sealedId = documentId(this.#team.naming, table, id);
        const base = await this.#base(sealedId);
        const before = this.#baseContent(sealedId, base);
        const next = stampChanges(table, before, record, { by: signer.member, at: this.#now() });
        if (before && same(next.record, before.record) && same(next.conflicts ?? {}, before.conflicts ?? {}))
          continue;
        const envelope = seal(current, signer, table, next, this.#team.naming);
        const ancestry = base?.ancestry ?? [];
        const rev = `${ancestry.length ? position(ancestry[0]!) + 1 : 1}-${randomHex(16)}`;
        // The new revision's parent is the one last seen here, whatever the replica holds since.
        revisions.push({ ...envelope, _rev: rev, _revisions: historyOf(rev, ancestry) });
        copies.push(
          this.#remembered({ table, id, rev, ancestry: [rev, ...ancestry] }, sealedId, base, envelope),
        );
        seen.push([sealedId, rev, next]);
      }
      if (!revisions.length) return;
      await this.#db.bulkDocs(revisions, { new_edits: false });
      // Only once the revisions are stored do the base copies say so (one by one: not every
      // adapter writes local documents in a batch).
      for (const copy of copies) await this.#db.put(copy);
      for (const [docId, rev, doc] of seen) this.#see(docId, rev, doc);
    });
  }

  /** A record deleted for good here: the team's copies go too (an edit elsewhere brings it back). */
  publishDeletion(table: SyncTable, id: string): Promise<void> {
    return this.#serial(async () => {
      const docId = documentId(this.#team.naming, table, id);
      const base = await this.#base(docId);
      if (!base || base.deleted) return;
      const rev = `${position(base.rev) + 1}-${randomHex(16)}`;
      await this.#db.bulkDocs(
        [
          {
            _id: docId,
            _rev: rev,
            _deleted: true,
            _revisions: historyOf(rev, base.ancestry),
          },
        ],
        { new_edits: false },
      );
      await this.#remember({ table, id, rev, ancestry: [rev, ...base.ancestry], deleted: true }, docId);
    });
  }

  #now(): number {
    return (this.#team.now ?? Date.now)();
  }

  /** Merges and applies everything that changed in the replica since the last call. */
  settle(): Promise<SettleReport> {
    return this.#serial(async () => {
      const report: SettleReport = { applied: 0, merged: 0, conflicted: [], quarantined: [] };
      let since: number | string = 0;
      let checkpoint: { _id: string; _rev?: string; seq: number | string } | undefined;
      try {
        checkpoint = (await this.#db.get(CHECKPOINT)) as typeof checkpoint;
        since = checkpoint!.seq;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      for (;;) {
        const page = await this.#db.changes({ since, style: 'all_docs', limit: 200 });
        const batch: Batch = { applies: [], copies: [], seen: [] };
        for (const { id } of page.results) if (isRecordId(id)) await this.#settleOne(id, report, batch);
        await this.#write(batch);
        if (page.results.length === 0) break;
        since = page.last_seq;
        const saved = await this.#db.put({
          _id: CHECKPOINT,
          ...(checkpoint?._rev ? { _rev: checkpoint._rev } : {}),
          seq: since,
        });
        checkpoint = { _id: CHECKPOINT, _rev: saved.rev, seq: since };
      }
      return report;
    });
  }

  /**
   * A page's records into the archive, then their base copies: a crash in between applies
   * them again next time (the same records), never skips one.
   */
  async #write(batch: Batch): Promise<void> {
    if (!batch.applies.length) return;
    if (this.#archive.applyMany) await this.#archive.applyMany(batch.applies);
    else for (const a of batch.applies) await this.#archive.apply(a.table, a.id, a.record);
    for (const copy of batch.copies) await this.#db.put(copy);
    for (const [docId, rev, doc] of batch.seen) this.#see(docId, rev, doc);
  }

  async #settleOne(docId: string, report: SettleReport, batch: Batch): Promise<void> {
    const leaves = (
      (await this.#db.get(docId, { open_revs: 'all', revs: true })) as { ok?: Leaf & Envelope }[]
    )
      .map((r) => r.ok)
      .filter((leaf): leaf is Leaf & Envelope => leaf !== undefined);
    const base = await this.#base(docId);
    // Nothing new: the one revision is the one this machine wrote or took in last.
    if (leaves.length === 1 && !leaves[0]!._deleted && base && !base.deleted && base.rev === leaves[0]!._rev)
      return;
    const live: { leaf: Leaf & Envelope; doc: Versioned; table: SyncTable; id: string }[] = [];
    for (const leaf of leaves) {
      if (leaf._deleted) continue;
      const opened = open(this.#team.keys, this.#team.members, leaf, this.#team.naming);
      if (!opened.ok) {
        report.quarantined.push({ document: docId, rev: leaf._rev, reason: opened.reason });
        continue;
      }
      live.push({ leaf, doc: opened.doc, table: opened.table, id: opened.id });
    }
    if (live.length === 0) {
      // Deleted for good on the team (or nothing this machine can open).
      if (
        base &&
        !base.deleted &&
        leaves.some((l) => l._deleted) &&
        report.quarantined.every((q) => q.document !== docId)
      ) {
        const tomb = leaves.find((l) => l._deleted)!;
        batch.applies.push({ table: base.table, id: base.id, record: undefined });
        report.applied++;
        batch.copies.push(
          this.#remembered(
            { ...base, rev: tomb._rev, ancestry: ancestryOf(tomb), deleted: true },
            docId,
            base,
          ),
        );
      }
      return;
    }
    // PouchDB's winner is the same on every replica: the highest revision, then the greatest id.
    live.sort((x, y) => {
      return position(y.leaf._rev) - position(x.leaf._rev) || (x.leaf._rev < y.leaf._rev ? 1 : -1);
    });
    const winner = live[0]!;
    const { table, id } = winner;
    let merged = winner.doc;
    let ancestry = ancestryOf(winner.leaf);
    for (const other of live.slice(1)) {
      // The latest revision both descend from whose content is still to be had: replication
      // carries the bodies of leaves only, so an older common one may be all there is — an
      // older base can make a conflict of a change one side made, never lose one.
      const theirs = new Set(ancestryOf(other.leaf));
      let common: Versioned | undefined;
      for (const rev of ancestry) {
        if (!theirs.has(rev)) continue;
        common = await this.#body(docId, rev, base);
        if (common) break;
      }
      merged = mergeRecords(table, common, merged, other.doc);
    }
    let rev = winner.leaf._rev;
    let envelope: Envelope = winner.leaf;
    if (live.length > 1) {
      report.merged++;
      // Equal content (another machine merged the same revisions): nothing new to write.
      if (!same(merged, winner.doc)) {
        envelope = seal(this.#team.current, this.#team.signer, table, merged, this.#team.naming);
        // Named by what it merges and what it holds: a machine merging the same revisions the
        // same way writes this very revision, and the two meet as one.
        const hash = revisionHash(
          this.#team.naming,
          ...live.map((l) => l.leaf._rev).sort(),
          canonical(merged),
        );
        rev = `${position(winner.leaf._rev) + 1}-${hash}`;
        await this.#db.bulkDocs(
          [
            {
              ...envelope,
              _rev: rev,
              _revisions: historyOf(rev, ancestry),
            },
          ],
          { new_edits: false },
        );
        ancestry = [rev, ...ancestry];
      }
      // Only once the merged revision is stored are the others removed.
      await this.#db.bulkDocs(live.slice(1).map((o) => ({ _id: docId, _rev: o.leaf._rev, _deleted: true })));
    }
    if (base?.rev !== rev) {
      const record = merged.conflicts ? { ...merged.record, conflicts: merged.conflicts } : merged.record;
      batch.applies.push({ table, id, record });
      report.applied++;
      batch.copies.push(this.#remembered({ table, id, rev, ancestry }, docId, base, envelope));
      batch.seen.push([docId, rev, merged]);
    }
    if (merged.conflicts) report.conflicted.push({ table, id, fields: Object.keys(merged.conflicts) });
  }

  /** A revision's content: from the base copies kept here, else from the replica if it still has it. */
  async #body(docId: string, rev: string, base: BaseCopy | undefined): Promise<Versioned | undefined> {
    const kept = this.#opened(base?.bodies[rev]);
    if (kept) return kept;
    try {
      return this.#opened((await this.#db.get(docId, { rev })) as Envelope);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
