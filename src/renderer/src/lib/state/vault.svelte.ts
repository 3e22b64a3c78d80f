/**
 * The vault, as the interface sees it: none, locked or unlocked; creating one (converting the
 * archive in place), unlocking, locking, changing the passphrase, and locking by itself after
 * a time without input.
 *
 * Locking drops the key and then reloads the page: the search index, the worker, every view
 * and every decrypted record in memory go with it, and the app starts again at the lock
 * screen. Before that, open editors save what they hold, so locking loses nothing.
 */
import {
  changePassphrase,
  createVault,
  unlockVault,
  type DataKey,
  type KdfCost,
  type VaultHeader,
} from '../crypto/vault';
import { openSealedArchive, readSealedArchive, sealArchive } from '../backup/sealed-archive';
import { writeFolderVaultHeader } from '../backup/sealed-folder';
import type { Archive } from '../data/archive';
import type { SnapshotFolder } from '../platform/types';

export type VaultStatus = 'none' | 'locked' | 'unlocked';

export const MIN_PASSPHRASE = 8;
export const LOCK_AFTER_CHOICES = [5, 15, 30, 60, 0] as const;
const LOCK_AFTER_KEY = 'fieldbook.lockAfterMinutes';
const DEFAULT_LOCK_AFTER = 15;

export interface VaultOptions {
  /** Starts the app again from the lock screen; a page reload by default. */
  restart?: () => void;
  storage?: Storage | undefined;
  now?: () => number;
  /** Argon2id's cost (the default: 64 MiB, 4 passes). */
  kdf?: Partial<KdfCost>;
}

export class VaultState {
  #archive: Archive;
  #folder: SnapshotFolder;
  #header: VaultHeader | undefined;
  #status = $state<VaultStatus>('none');
  #lockAfter = $state<number>(DEFAULT_LOCK_AFTER);
  #restart: () => void;
  #storage: Storage | undefined;
  #now: () => number;
  #kdf: Partial<KdfCost>;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, never watched
  #beforeLock = new Set<() => Promise<void>>();
  #lastActivity = 0;
  #idleTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    archive: Archive,
    folder: SnapshotFolder,
    header: VaultHeader | undefined,
    options: VaultOptions = {},
  ) {
    this.#archive = archive;
    this.#folder = folder;
    this.#header = header;
    this.#restart = options.restart ?? (() => location.reload());
    this.#storage = options.storage ?? globalThis.localStorage;
    this.#now = options.now ?? Date.now;
    this.#kdf = options.kdf ?? {};
    this.#lastActivity = this.#now();
    const stored = this.#storage?.getItem(LOCK_AFTER_KEY);
    if (stored != null && (LOCK_AFTER_CHOICES as readonly number[]).includes(Number(stored)))
      this.#lockAfter = Number(stored);
    if (header) {
      archive.sealer.lock();
      this.#status = 'locked';
    }
  }

  get status(): VaultStatus {
    return this.#status;
  }

  /** Minutes without input before the vault locks itself; 0 for never. */
  get lockAfterMinutes(): number {
    return this.#lockAfter;
  }

  setLockAfter(minutes: number): void {
    this.#lockAfter = minutes;
    this.#storage?.setItem(LOCK_AFTER_KEY, String(minutes));
  }

  /**
   * Makes this archive a vault. Every record is rewritten sealed in one transaction; then the
   * header is put beside the snapshots and `afterSeal` (which replaces the clear snapshots with
   * a sealed one) runs.
   */
  async create(passphrase: string, afterSeal: () => Promise<void>): Promise<void> {
    if (this.#status !== 'none') throw new Error('this archive is already a vault');
    const { header, key } = await createVault(passphrase, this.#kdf);
    await this.adopt(header, key, afterSeal);
  }

  /**
   * Makes this archive a vault under an existing header and key (those of an encrypted
   * archive file about to be restored here), as `create` does.
   */
  async adopt(header: VaultHeader, key: DataKey, afterSeal: () => Promise<void>): Promise<void> {
    if (this.#status !== 'none') throw new Error('this archive is already a vault');
    // The rewrite is not new work: the snapshot taken after it holds it all.
    this.#archive.journal.suspend(true);
    try {
      await this.#archive.vault.seal(header, key);
    } finally {
      this.#archive.journal.suspend(false);
    }
    this.#header = header;
    this.#status = 'unlocked';
    await writeFolderVaultHeader(this.#folder, header);
    await afterSeal();
  }

  /** Opens the vault with its passphrase; says so when it is the wrong one. */
  async unlock(passphrase: string): Promise<'unlocked' | 'wrongPassphrase'> {
    if (!this.#header) throw new Error('this archive is not a vault');
    const result = await unlockVault(this.#header, passphrase);
    if (!result.ok) return 'wrongPassphrase';
    this.#archive.sealer.unlock(result.key);
    // A header found only beside the snapshots (the database was wiped) goes back in the archive.
    if (!(await this.#archive.vault.header())) await this.#archive.vault.saveHeader(this.#header);
    this.#status = 'unlocked';
    this.#lastActivity = this.#now();
    return 'unlocked';
  }

  /** Re-wraps the key under a new passphrase; no record is touched. */
  async changePassphrase(current: string, next: string): Promise<'changed' | 'wrongPassphrase'> {
    if (!this.#header) throw new Error('this archive is not a vault');
    const changed = await changePassphrase(this.#header, current, next);
    if ('error' in changed) return 'wrongPassphrase';
    await this.#archive.vault.saveHeader(changed);
    await writeFolderVaultHeader(this.#folder, changed);
    this.#header = changed;
    return 'changed';
  }

  /** An exported archive file as it must leave a vault: sealed. Outside a vault, as it is. */
  sealFile(plain: Uint8Array): Uint8Array {
    const key = this.#archive.sealer.key();
    if (!key || !this.#header) return plain;
    return sealArchive(plain, this.#header, key);
  }

  /**
   * An archive file as it can be restored: a plain one as it is; an encrypted one opened with
   * this vault's key when it was sealed with it, or else with `passphrase` (its own header's).
   * Says which is missing or wrong; `key` is the file's key when it took a passphrase.
   */
  async openFile(
    bytes: Uint8Array,
    passphrase?: string,
  ): Promise<
    | { ok: true; plain: Uint8Array; sealed?: { header: VaultHeader; key: DataKey } }
    | { ok: false; need: 'passphrase' | 'wrongPassphrase' }
  > {
    const sealed = readSealedArchive(bytes);
    if (!sealed) return { ok: true, plain: bytes };
    const current = this.#archive.sealer.state === 'unlocked' ? this.#archive.sealer.key() : null;
    if (current) {
      try {
        return { ok: true, plain: openSealedArchive(sealed, current) };
      } catch {
        // Sealed by another vault: its own passphrase opens it.
      }
    }
    if (passphrase === undefined) return { ok: false, need: 'passphrase' };
    const unlocked = await unlockVault(sealed.header, passphrase);
    if (!unlocked.ok) return { ok: false, need: 'wrongPassphrase' };
    return {
      ok: true,
      plain: openSealedArchive(sealed, unlocked.key),
      sealed: { header: sealed.header, key: unlocked.key },
    };
  }

  /** Work that must run before the key goes (an editor saving its text); returns its removal. */
  beforeLock(work: () => Promise<void>): () => void {
    this.#beforeLock.add(work);
    return () => this.#beforeLock.delete(work);
  }

  /**
   * Locks: what editors hold is saved, then the key is dropped and the app starts again at the
   * lock screen. A failure to save is reported, and the vault stays unlocked so that nothing
   * is lost.
   */
  async lock(): Promise<void> {
    if (this.#status !== 'unlocked') return;
    for (const work of [...this.#beforeLock]) await work();
    this.stopIdleWatch();
    this.#archive.sealer.lock();
    this.#status = 'locked';
    this.#restart();
  }

  /** Input seen: the idle clock starts again. */
  touch(): void {
    this.#lastActivity = this.#now();
  }

  /** Checks, every few seconds, whether the vault has been idle long enough to lock. */
  watchIdle(onError: (error: unknown) => void, everyMs = 5_000): void {
    this.stopIdleWatch();
    this.#idleTimer = setInterval(() => {
      if (this.#status !== 'unlocked' || this.#lockAfter === 0) return;
      if (this.#now() - this.#lastActivity >= this.#lockAfter * 60_000) this.lock().catch(onError);
    }, everyMs);
  }

  stopIdleWatch(): void {
    clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
