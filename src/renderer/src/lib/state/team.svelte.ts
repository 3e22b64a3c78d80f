/**
 * Team work as the interface sees it: whether this archive belongs to a team, its members,
 * sharing the archive when one is created or joined (with progress, and Cancel), and change
 * files out and in. PouchDB is loaded only once there is a team: an archive that never joins
 * one never runs it.
 */
import type { Archive } from '../data/archive';
import type { ImportReport, ReplicaOpener, ShareProgress, TeamLink } from '../data/team';
import type { Member, TeamState } from '../../../../core/sync/team';
import type { SyncTable } from '../../../../core/sync/merge';
import { settleConflict } from '../../../../core/sync/conflicts';
import { resolveIncident } from '../../../../core/incidents/resolve';
import type { Incident } from '../../../../core/model/types';
import { guardWrite } from '../data/errors';

export type TeamStatus = 'loading' | 'none' | 'member';

export type JoinOutcome = { ok: true; applied: number } | { ok: false; error: 'wrongPassphrase' | 'noTeam' };

interface Loaded {
  TeamLink: typeof TeamLink;
  open: ReplicaOpener;
}

async function loadModules(): Promise<Loaded> {
  const [{ TeamLink }, { openReplicaDb }] = await Promise.all([
    import('../data/team'),
    import('../data/replica-db'),
  ]);
  return { TeamLink, open: openReplicaDb };
}

export class TeamView {
  status = $state<TeamStatus>('loading');
  members = $state.raw<Member[]>([]);
  /** Sharing the archive with the team, while it runs. */
  sharing = $state.raw<ShareProgress | undefined>();
  #link: TeamLink | undefined;
  #archive: Archive;
  #onError: (error: unknown) => void;
  #modules: () => Promise<Loaded>;
  #share: AbortController | undefined;

  constructor(
    archive: Archive,
    onError: (error: unknown) => void,
    modules: () => Promise<Loaded> = loadModules,
  ) {
    this.#archive = archive;
    this.#onError = onError;
    this.#modules = modules;
  }

  /** Reads whether this archive belongs to a team, and links it if so. */
  async load(): Promise<void> {
    if (!(await this.#archive.db.team.count())) {
      this.status = 'none';
      return;
    }
    const { TeamLink, open } = await this.#modules();
    this.#link = await TeamLink.load(this.#archive.db, this.#archive.journal, open, this.#onError);
    this.#refresh();
  }

  #refresh(): void {
    this.status = this.#link ? 'member' : 'none';
    this.members = this.#link ? [...this.#link.state.members] : [];
  }

  /** This machine's member id (undefined outside a team). */
  get me(): string | undefined {
    return this.#link?.member;
  }

  /** A member's name, by id. */
  nameOf(member: string): string | undefined {
    return this.members.find((m) => m.member === member)?.name;
  }

  async #begin(state: TeamState): Promise<void> {
    const { TeamLink, open } = await this.#modules();
    this.#link = await TeamLink.begin(this.#archive.db, this.#archive.journal, open, state, this.#onError);
    this.#refresh();
  }

  async create(passphrase: string, name: string): Promise<void> {
    const { createTeam } = await import('../../../../core/sync/team');
    await this.#begin(await createTeam(passphrase, name));
    await this.shareAll();
  }

  /** Joins the team a change file was written for, and takes in its changes. */
  async join(fileText: string, passphrase: string, name: string): Promise<JoinOutcome> {
    const [{ readChangeFile }, { joinTeam }] = await Promise.all([
      import('../../../../core/sync/change-file'),
      import('../../../../core/sync/team'),
    ]);
    const file = readChangeFile(fileText);
    if (!file.header) return { ok: false, error: 'noTeam' };
    const joined = await joinTeam(file.header, passphrase, name);
    if (!joined.ok)
      return { ok: false, error: joined.error === 'wrongPassphrase' ? 'wrongPassphrase' : 'noTeam' };
    await this.#begin(joined.state);
    await this.shareAll();
    const report = await this.#link!.importChanges(fileText);
    this.#refresh();
    return { ok: true, applied: report.applied };
  }

  /** Publishes every record (what was there before the team, or after a Cancel). */
  async shareAll(): Promise<ShareProgress | undefined> {
    if (!this.#link || this.#share) return undefined;
    const controller = new AbortController();
    this.#share = controller;
    try {
      const done = await this.#link.shareAll((p) => (this.sharing = p), controller.signal);
      return controller.signal.aborted ? done : undefined;
    } finally {
      this.#share = undefined;
      this.sharing = undefined;
    }
  }

  cancelSharing(): void {
    this.#share?.abort();
  }

  async exportChanges(): Promise<{ text: string; revisions: number }> {
    if (!this.#link) throw new Error('This archive belongs to no team');
    return this.#link.exportChanges();
  }

  async importChanges(text: string): Promise<ImportReport> {
    if (!this.#link) throw new Error('This archive belongs to no team');
    const report = await this.#link.importChanges(text);
    this.#refresh();
    return report;
  }

  /** Settles one conflict of a record on `value`; an incident's reports are resolved again. */
  async settle(table: SyncTable, id: string, path: string, value: unknown): Promise<void> {
    const { db } = this.#archive;
    const target = db.table(table);
    await guardWrite(() =>
      db.transaction('rw', target, async () => {
        const record = (await target.get(id)) as Record<string, unknown> | undefined;
        if (!record) throw new Error(`No record with id ${id}`);
        let settled = { ...settleConflict(record, path, value), updatedAt: Date.now() };
        if (table === 'incidents' && path.startsWith('claims.'))
          settled = resolveIncident(settled as unknown as Incident);
        await target.put(settled);
      }),
    );
  }

  close(): void {
    this.#link?.close();
  }
}
