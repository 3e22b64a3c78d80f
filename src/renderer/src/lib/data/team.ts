/**
 * This archive's side of team work: its membership (the `team` table, sealed in a vault), the
 * replica that holds the team's sealed documents (PouchDB, beside the archive), and the link
 * between them.
 *
 * - Every write committed in this window to a shared table (the journal's middleware sees it
 *   as it commits) is published to the replica: a new revision sealed under the team key.
 *   Writes made in another window are published by that window.
 * - What arrives in the replica (a change file, or the team's server) is merged there (see
 *   core/sync/replica.ts) and written into the archive like any other write; publishing it
 *   again finds nothing new and writes nothing.
 * - The replica holds sealed documents only: its database's name and content tell nothing of
 *   the archive to anyone without the team key.
 */
import { SYNC_TABLES, type SyncTable } from '../../../../core/sync/merge';
import { Replica, type ReplicaDb, type SettleReport } from '../../../../core/sync/replica';
import {
  applyChangeFile,
  exportChanges,
  readChangeFile,
  ChangeFileRefused,
} from '../../../../core/sync/change-file';
import {
  isTeamHeader,
  membersOf,
  mergeHeaders,
  sessionOf,
  TEAM_HEADER_DOC,
  type TeamHeader,
  type TeamState,
} from '../../../../core/sync/team';
import { fromBase64, toBase64 } from '../../../../core/text/base64';
import { changeOf } from './changes';
import type { FieldbookDb, TeamRecord } from './db';
import { guardWrite } from './errors';
import type { Journal } from './journal';

export { ChangeFileRefused };

/** The databases team work runs on: PouchDB in the app, in memory in the tests. */
export interface ReplicaDatabases {
  /** This machine's replica, by name (created when missing). */
  open(name: string): ReplicaDb & { destroy(): Promise<unknown> };
  /** The team's database on a server, by its address; created there if missing, unless `create` is false. */
  remote(url: string, options?: { create?: boolean }): ReplicaDb;
  /** One pass of CouchDB replication, from one database to the other; rejects on a failure. */
  replicate(
    from: ReplicaDb,
    to: ReplicaDb,
    options: { signal?: AbortSignal; onProgress?: (written: number) => void },
  ): Promise<{ written: number }>;
}

/** The server holds another team's database: nothing was sent to it, nothing taken from it. */
export class OtherTeamOnServer extends Error {
  override readonly name = 'OtherTeamOnServer';
  constructor() {
    super('this server address holds another team’s database; nothing was sent or received');
  }
}

export interface SyncProgress {
  phase: 'sending' | 'receiving' | 'merging';
  written: number;
}

const isNotFound = (error: unknown) => (error as { status?: number } | null)?.status === 404;

/** The team's header as the server holds it, if it holds one (and its revision, to replace it). */
export async function remoteHeader(
  remote: ReplicaDb,
): Promise<{ header: TeamHeader; rev: string } | undefined> {
  let doc: { _rev?: string; header?: unknown };
  try {
    doc = (await remote.get(TEAM_HEADER_DOC)) as typeof doc;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (!isTeamHeader(doc.header) || typeof doc._rev !== 'string')
    throw new Error('the team’s header on this server is damaged');
  return { header: doc.header, rev: doc._rev };
}

const TEAM_ID = 'team';

function recordOf(state: TeamState, replica: string, joinedAt: number, server?: string): TeamRecord {
  return {
    ...(server ? { server } : {}),
    id: TEAM_ID,
    header: state.header,
    keys: state.keys.map((k) => ({ id: k.id, secret: toBase64(k.secret) })),
    members: state.members,
    signer: {
      member: state.signer.member,
      secretKey: toBase64(state.signer.secretKey),
      publicKey: toBase64(state.signer.publicKey),
    },
    replica,
    joinedAt,
  };
}

function stateOf(record: TeamRecord): TeamState {
  return {
    header: record.header,
    keys: record.keys.map((k) => ({ id: k.id, secret: fromBase64(k.secret) })),
    members: record.members,
    signer: {
      member: record.signer.member,
      secretKey: fromBase64(record.signer.secretKey),
      publicKey: fromBase64(record.signer.publicKey),
    },
  };
}

export interface ShareProgress {
  done: number;
  total: number;
}

export interface ImportReport extends SettleReport {
  revisions: number;
}

/** The team this archive belongs to, live: publishing its writes, taking in the team's. */
export class TeamLink {
  readonly #db: FieldbookDb;
  readonly #replicaDb: ReplicaDb & { destroy(): Promise<unknown> };
  readonly #dbs: ReplicaDatabases;
  readonly #replica: Replica;
  #record: TeamRecord;
  #state: TeamState;
  #stop: () => void = () => undefined;
  /** The publishing of the writes committed so far, in commit order. */
  #published: Promise<void> = Promise.resolve();

  private constructor(db: FieldbookDb, record: TeamRecord, dbs: ReplicaDatabases) {
    this.#db = db;
    this.#dbs = dbs;
    this.#record = record;
    this.#state = stateOf(record);
    this.#replicaDb = dbs.open(record.replica);
    this.#replica = new Replica(this.#replicaDb, sessionOf(this.#state), {
      apply: (table, id, value) => this.#apply(table, id, value),
      applyMany: (items) => this.#applyMany(items),
    });
  }

  /** The team this archive has joined, if any, linked and publishing. */
  static async load(
    db: FieldbookDb,
    journal: Journal,
    dbs: ReplicaDatabases,
    onError: (error: unknown) => void,
  ): Promise<TeamLink | undefined> {
    const record = await db.team.get(TEAM_ID);
    if (!record) return undefined;
    const link = new TeamLink(db, record, dbs);
    link.#follow(journal, onError);
    return link;
  }

  /**
   * Makes this archive a member of the team `state` describes (created here, or joined):
   * saved first, then linked. The records already here are not shared until `shareAll`.
   */
  static async begin(
    db: FieldbookDb,
    journal: Journal,
    dbs: ReplicaDatabases,
    state: TeamState,
    onError: (error: unknown) => void,
    options: { server?: string; now?: () => number } = {},
  ): Promise<TeamLink> {
    if (await db.team.get(TEAM_ID)) throw new Error('This archive already belongs to a team');
    const record = recordOf(
      state,
      `fieldbook-team-${state.header.team}`,
      (options.now ?? Date.now)(),
      options.server,
    );
    await guardWrite(() => db.team.put(record));
    const link = new TeamLink(db, record, dbs);
    link.#follow(journal, onError);
    return link;
  }

  get state(): TeamState {
    return this.#state;
  }

  /** This machine's member id (to tell "mine" from "theirs" in a conflict). */
  get member(): string {
    return this.#state.signer.member;
  }

  /** The team's server, once one is set. */
  get server(): string | undefined {
    return this.#record.server;
  }

  /** Member names by id, for "set by …". */
  get names(): ReadonlyMap<string, string> {
    return new Map(this.#state.members.map((m) => [m.member, m.name]));
  }

  #follow(journal: Journal, onError: (error: unknown) => void): void {
    this.#stop = journal.subscribe((ops, transaction) => {
      // What the team sent, written here: already the team's, nothing to publish.
      if (this.#own.has(transaction)) return;
      const change = changeOf(ops);
      const work: (() => Promise<void>)[] = [];
      for (const table of SYNC_TABLES) {
        const part = change[table];
        if (!part) continue;
        for (const record of part.put) work.push(() => this.#replica.publish(table, record));
        for (const id of part.deleted) work.push(() => this.#replica.publishDeletion(table, id));
      }
      if (!work.length) return;
      this.#published = this.#published
        .then(async () => {
          for (const step of work) await step();
        })
        .catch(onError);
    });
  }

  /** Resolves once every write committed so far is in the replica. */
  published(): Promise<void> {
    return this.#published;
  }

  /** The transactions that wrote what the team sent (native ones, as the journal reports them). */
  readonly #own = new WeakSet<object>();

  /** Records from the team, a page at a time, in one transaction: one commit for the views and the index. */
  async #applyMany(
    items: readonly { table: SyncTable; id: string; record: Record<string, unknown> | undefined }[],
  ): Promise<void> {
    const tables = [...new Set(items.map((i) => i.table))].map((t) => this.#db.table(t));
    await guardWrite(() =>
      this.#db.transaction('rw', tables, async (tx) => {
        this.#own.add(tx.idbtrans);
        for (const table of tables) {
          const mine = items.filter((i) => i.table === table.name);
          const puts = mine.filter((i) => i.record !== undefined).map((i) => i.record!);
          const gone = mine.filter((i) => i.record === undefined).map((i) => i.id);
          if (puts.length) await table.bulkPut(puts);
          if (gone.length) await table.bulkDelete(gone);
        }
      }),
    );
  }

  async #apply(table: SyncTable, id: string, value: Record<string, unknown> | undefined): Promise<void> {
    const target = this.#db.table(table);
    await guardWrite(() =>
      this.#db.transaction('rw', target, async (tx) => {
        this.#own.add(tx.idbtrans);
        if (value === undefined) await target.delete(id);
        else await target.put(value);
      }),
    );
  }

  /**
   * Publishes every shared record of the archive (on creating or joining a team), table by
   * table; stops between records when `signal` aborts (what is published stays published).
   */
  async shareAll(onProgress: (p: ShareProgress) => void, signal?: AbortSignal): Promise<ShareProgress> {
    const counts = await Promise.all(SYNC_TABLES.map((t) => this.#db.table(t).count()));
    const progress = { done: 0, total: counts.reduce((a, b) => a + b, 0) };
    onProgress({ ...progress });
    for (const table of SYNC_TABLES) {
      const keys = (await this.#db.table(table).toCollection().primaryKeys()) as string[];
      for (let at = 0; at < keys.length; at += 100) {
        if (signal?.aborted) return progress;
        const records = (await this.#db.table(table).bulkGet(keys.slice(at, at + 100))) as (
          Record<string, unknown> | undefined
        )[];
        await this.#replica.publishMany(
          table,
          records.filter((r): r is Record<string, unknown> => r !== undefined),
        );
        progress.done += records.length;
        onProgress({ ...progress });
      }
    }
    return progress;
  }

  /** Everything this machine holds of the team, as a change file anyone of the team can import. */
  async exportChanges(): Promise<{ text: string; revisions: number }> {
    await this.#published;
    const { text, revisions } = await exportChanges(this.#replicaDb, this.#state.keys[0]!, {
      header: this.#state.header,
    });
    return { text, revisions };
  }

  /**
   * Takes in a change file: checked whole (nothing of a refused file is written), its members
   * added to the list, its revisions written to the replica, then merged into the archive.
   */
  async importChanges(text: string): Promise<ImportReport> {
    const file = readChangeFile(text);
    if (file.header) await this.#adopt(mergeHeaders(this.#state, file.header));
    const { revisions } = await applyChangeFile(this.#replicaDb, file, sessionOf(this.#state));
    await this.#published;
    return { revisions, ...(await this.#replica.settle()) };
  }

  /**
   * One exchange with the team's server: the team's header (members joined elsewhere come in,
   * this machine's list goes out), then the team's revisions in, merged into the archive, and
   * this machine's out. A pass cut short (connection lost, Cancel) keeps what was
   * transferred: the next one continues from there.
   */
  async syncWith(
    url: string,
    options: { signal?: AbortSignal; onProgress?: (p: SyncProgress) => void } = {},
  ): Promise<SettleReport & { sent: number; received: number }> {
    const remote = this.#dbs.remote(url);
    await this.#exchangeHeader(remote);
    await this.setServer(url);
    await this.#published;
    const { signal, onProgress } = options;
    // In first, merged, then out: the merges go to the team in the same exchange, and what
    // came in is not sent back to be compared (after a first sync, that was every document).
    const received = await this.#dbs.replicate(remote, this.#replicaDb, {
      ...(signal ? { signal } : {}),
      onProgress: (written) => onProgress?.({ phase: 'receiving', written }),
    });
    onProgress?.({ phase: 'merging', written: received.written });
    const settled = await this.#replica.settle();
    const sent = await this.#dbs.replicate(this.#replicaDb, remote, {
      ...(signal ? { signal } : {}),
      onProgress: (written) => onProgress?.({ phase: 'sending', written }),
    });
    return { sent: sent.written, received: received.written, ...settled };
  }

  async #exchangeHeader(remote: ReplicaDb): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const held = await remoteHeader(remote);
      if (held && held.header.team !== this.#state.header.team) throw new OtherTeamOnServer();
      if (held) await this.#adopt(mergeHeaders(this.#state, held.header));
      // Written only when the server's list lacks someone: equal lists are left alone, so
      // that two machines do not rewrite the header in turn at every pass.
      const theirs = held ? (membersOf(held.header, this.#state.keys) ?? []) : [];
      const known = new Set(theirs.map((m) => m.member));
      if (held && this.#state.members.every((m) => known.has(m.member))) return;
      try {
        await remote.put({
          _id: TEAM_HEADER_DOC,
          ...(held ? { _rev: held.rev } : {}),
          header: this.#state.header,
        });
        return;
      } catch (error) {
        // Someone wrote the header meanwhile: read theirs, merge, and try again.
        if ((error as { status?: number }).status !== 409 || attempt >= 3) throw error;
      }
    }
  }

  /** Keeps `url` as the team's server (without exchanging with it yet). */
  async setServer(url: string): Promise<void> {
    if (this.#record.server !== url) await this.#save({ ...this.#record, server: url });
  }

  async #save(record: TeamRecord): Promise<void> {
    await guardWrite(() => this.#db.team.put(record));
    this.#record = record;
  }

  async #adopt(state: TeamState): Promise<void> {
    if (state === this.#state) return;
    const record = recordOf(state, this.#record.replica, this.#record.joinedAt, this.#record.server);
    await guardWrite(() => this.#db.team.put(record));
    this.#record = record;
    this.#state = state;
    this.#replica.useSession(sessionOf(state));
  }

  close(): void {
    this.#stop();
  }
}
