/**
 * This archive's side of team work: its membership (the `team` table, sealed in a vault), the
 * replica that holds the team's sealed documents (PouchDB, beside the archive), and the link
 * between them.
 *
 * - Every write committed in this window to a shared table (the journal's middleware sees it
 *   as it commits) is published to the replica: a new revision sealed under the team key.
 *   Writes made in another window are published by that window.
 * - What arrives in the replica (a change file, later a server) is merged there (see
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
import { mergeHeaders, sessionOf, type TeamState } from '../../../../core/sync/team';
import { fromBase64, toBase64 } from '../../../../core/text/base64';
import { changeOf } from './changes';
import type { FieldbookDb, TeamRecord } from './db';
import { guardWrite } from './errors';
import type { Journal } from './journal';

export { ChangeFileRefused };

/** Opens (or creates) the replica's database by name. */
export type ReplicaOpener = (name: string) => ReplicaDb & { destroy(): Promise<unknown> };

const TEAM_ID = 'team';

function recordOf(state: TeamState, replica: string, joinedAt: number): TeamRecord {
  return {
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
  readonly #replica: Replica;
  #record: TeamRecord;
  #state: TeamState;
  #stop: () => void = () => undefined;
  /** The publishing of the writes committed so far, in commit order. */
  #published: Promise<void> = Promise.resolve();

  private constructor(db: FieldbookDb, record: TeamRecord, open: ReplicaOpener) {
    this.#db = db;
    this.#record = record;
    this.#state = stateOf(record);
    this.#replicaDb = open(record.replica);
    this.#replica = new Replica(this.#replicaDb, sessionOf(this.#state), {
      apply: (table, id, value) => this.#apply(table, id, value),
    });
  }

  /** The team this archive has joined, if any, linked and publishing. */
  static async load(
    db: FieldbookDb,
    journal: Journal,
    open: ReplicaOpener,
    onError: (error: unknown) => void,
  ): Promise<TeamLink | undefined> {
    const record = await db.team.get(TEAM_ID);
    if (!record) return undefined;
    const link = new TeamLink(db, record, open);
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
    open: ReplicaOpener,
    state: TeamState,
    onError: (error: unknown) => void,
    now: () => number = Date.now,
  ): Promise<TeamLink> {
    if (await db.team.get(TEAM_ID)) throw new Error('This archive already belongs to a team');
    const record = recordOf(state, `fieldbook-team-${state.header.team}`, now());
    await guardWrite(() => db.team.put(record));
    const link = new TeamLink(db, record, open);
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

  /** Member names by id, for "set by …". */
  get names(): ReadonlyMap<string, string> {
    return new Map(this.#state.members.map((m) => [m.member, m.name]));
  }

  #follow(journal: Journal, onError: (error: unknown) => void): void {
    this.#stop = journal.subscribe((ops) => {
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

  async #apply(table: SyncTable, id: string, value: Record<string, unknown> | undefined): Promise<void> {
    const target = this.#db.table(table);
    await guardWrite(async () => {
      if (value === undefined) await target.delete(id);
      else await target.put(value);
    });
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
        for (const record of records) {
          if (record) await this.#replica.publish(table, record);
          progress.done++;
        }
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

  async #adopt(state: TeamState): Promise<void> {
    if (state === this.#state) return;
    const record = recordOf(state, this.#record.replica, this.#record.joinedAt);
    await guardWrite(() => this.#db.team.put(record));
    this.#record = record;
    this.#state = state;
    this.#replica.useSession(sessionOf(state));
  }

  close(): void {
    this.#stop();
  }
}
