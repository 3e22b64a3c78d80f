/**
 * Team work as the interface sees it: whether this archive belongs to a team, its members,
 * sharing the archive when one is created or joined (with progress, and Cancel), and change
 * files out and in. PouchDB is loaded only once there is a team: an archive that never joins
 * one never runs it.
 */
import type { Archive } from '../data/archive';
import type {
  ImportReport,
  remoteHeader,
  ReplicaDatabases,
  ShareProgress,
  SyncProgress,
  TeamLink,
} from '../data/team';
import type { createTeam, Member, TeamState } from '../../../../core/sync/team';
import type { SyncTable } from '../../../../core/sync/merge';
import type { SettleReport } from '../../../../core/sync/replica';
import { settleConflict } from '../../../../core/sync/conflicts';
import { resolveIncident } from '../../../../core/incidents/resolve';
import type { Incident } from '../../../../core/model/types';
import { guardWrite } from '../data/errors';

export type TeamStatus = 'loading' | 'none' | 'member';

export type JoinOutcome =
  { ok: true; applied: number } | { ok: false; error: 'wrongPassphrase' | 'noTeam' | 'reload' };

/** The page may not connect to a server: not HTTPS, or (web build) not in the policy it was served with. */
export class ServerNotAllowed extends Error {
  override readonly name = 'ServerNotAllowed';
  constructor(
    readonly address: string,
    readonly reason: 'insecure' | 'notServed',
  ) {
    super(
      reason === 'insecure'
        ? `${address} is not an HTTPS address`
        : `the page was served without ${address} in its security policy`,
    );
  }
}

export interface TeamViewOptions {
  onError: (error: unknown) => void;
  /** The host's say on connecting to a server (see Platform.allowSyncServer). */
  allowServer: (address: string) => Promise<'ready' | 'reload' | 'refused'>;
  /** Loads the page again (to carry a new security policy). */
  reload?: () => void;
  modules?: () => Promise<Loaded>;
}

interface Loaded {
  TeamLink: typeof TeamLink;
  remoteHeader: typeof remoteHeader;
  dbs: ReplicaDatabases;
}

async function loadModules(): Promise<Loaded> {
  const [{ TeamLink, remoteHeader }, { replicaDatabases }] = await Promise.all([
    import('../data/team'),
    import('../data/replica-db'),
  ]);
  return { TeamLink, remoteHeader, dbs: replicaDatabases };
}

export class TeamView {
  status = $state<TeamStatus>('loading');
  members = $state.raw<Member[]>([]);
  /** Sharing the archive with the team, while it runs. */
  sharing = $state.raw<ShareProgress | undefined>();
  /** The team's server, once one is set. */
  server = $state('');
  /** An exchange with the server, while it runs. */
  syncing = $state.raw<SyncProgress | undefined>();
  #sync: AbortController | undefined;
  #link: TeamLink | undefined;
  #archive: Archive;
  #onError: (error: unknown) => void;
  #modules: () => Promise<Loaded>;
  #allowServer: TeamViewOptions['allowServer'];
  #reload: () => void;
  #share: AbortController | undefined;

  constructor(archive: Archive, options: TeamViewOptions) {
    this.#archive = archive;
    this.#onError = options.onError;
    this.#modules = options.modules ?? loadModules;
    this.#allowServer = options.allowServer;
    this.#reload = options.reload ?? (() => location.reload());
  }

  /** 'ready' to connect to `url`; throws when the page may not; 'reload' when it must load again first. */
  async #mayConnect(url: string): Promise<'ready' | 'reload'> {
    const { syncServerOrigin } = await import('../../../../core/security/csp');
    const outcome = await this.#allowServer(url);
    if (outcome === 'refused')
      throw new ServerNotAllowed(url, syncServerOrigin(url) ? 'notServed' : 'insecure');
    return outcome;
  }

  /** Reads whether this archive belongs to a team, and links it if so. */
  async load(): Promise<void> {
    if (!(await this.#archive.db.team.count())) {
      this.status = 'none';
      return;
    }
    const { TeamLink, dbs } = await this.#modules();
    this.#link = await TeamLink.load(this.#archive.db, this.#archive.journal, dbs, this.#onError);
    this.#refresh();
  }

  #refresh(): void {
    this.status = this.#link ? 'member' : 'none';
    this.members = this.#link ? [...this.#link.state.members] : [];
    this.server = this.#link?.server ?? '';
  }

  /** This machine's member id (undefined outside a team). */
  get me(): string | undefined {
    return this.#link?.member;
  }

  /** A member's name, by id. */
  nameOf(member: string): string | undefined {
    return this.members.find((m) => m.member === member)?.name;
  }

  async #begin(state: TeamState, server?: string): Promise<void> {
    const { TeamLink, dbs } = await this.#modules();
    this.#link = await TeamLink.begin(this.#archive.db, this.#archive.journal, dbs, state, this.#onError, {
      ...(server ? { server } : {}),
    });
    this.#refresh();
  }

  /** A new team with this archive in it (`options` only to make the key derivation cheaper in tests). */
  async create(passphrase: string, name: string, options?: Parameters<typeof createTeam>[2]): Promise<void> {
    const { createTeam } = await import('../../../../core/sync/team');
    await this.#begin(await createTeam(passphrase, name, options));
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

  /** Joins the team whose database is at `url`, then exchanges everything with it. */
  async joinFromServer(url: string, passphrase: string, name: string): Promise<JoinOutcome> {
    if ((await this.#mayConnect(url)) === 'reload') {
      this.#reload();
      return { ok: false, error: 'reload' };
    }
    const { remoteHeader, dbs } = await this.#modules();
    const { joinTeam } = await import('../../../../core/sync/team');
    // Reading the header creates nothing at a mistyped address.
    const held = await remoteHeader(dbs.remote(url, { create: false }));
    if (!held) return { ok: false, error: 'noTeam' };
    const joined = await joinTeam(held.header, passphrase, name);
    if (!joined.ok)
      return { ok: false, error: joined.error === 'wrongPassphrase' ? 'wrongPassphrase' : 'noTeam' };
    await this.#begin(joined.state, url);
    await this.shareAll();
    const report = await this.sync(url);
    return { ok: true, applied: report?.applied ?? 0 };
  }

  /**
   * One exchange with the team's server (the one set, or `url`, which becomes the one set).
   * Undefined when one is already running.
   */
  async sync(url = this.server): Promise<(SettleReport & { sent: number; received: number }) | undefined> {
    if (!this.#link) throw new Error('This archive belongs to no team');
    if (this.#sync) return undefined;
    if ((await this.#mayConnect(url)) === 'reload') {
      await this.#link.setServer(url);
      this.#refresh();
      this.#reload();
      return undefined;
    }
    const controller = new AbortController();
    this.#sync = controller;
    this.syncing = { phase: 'receiving', written: 0 };
    try {
      return await this.#link.syncWith(url, {
        signal: controller.signal,
        onProgress: (p) => (this.syncing = p),
      });
    } finally {
      this.#sync = undefined;
      this.syncing = undefined;
      this.#refresh();
    }
  }

  cancelSync(): void {
    this.#sync?.abort(new DOMException('The exchange with the server was cancelled', 'AbortError'));
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
