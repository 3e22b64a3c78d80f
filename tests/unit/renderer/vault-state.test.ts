import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../../src/renderer/src/lib/data/archive';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { folderVaultHeader, sealedFolder } from '../../../src/renderer/src/lib/backup/sealed-folder';
import { VaultState, type VaultOptions } from '../../../src/renderer/src/lib/state/vault.svelte';
import type { SnapshotFolder } from '../../../src/renderer/src/lib/platform/types';
import { sourceDraft } from '../factories';
import { memoryFolder } from '../memory-folder';

const FAST = { memorySize: 1024, iterations: 1 };

let name: string;
let db: FieldbookDb;
let archive: Archive;
let folder: SnapshotFolder;

beforeEach(() => {
  name = `vault-state-${Math.random()}`;
  db = openDatabase(name);
  archive = openArchive(db);
  folder = sealedFolder(memoryFolder(), archive.sealer);
});
afterEach(async () => {
  db.close();
  await openDatabase(name).delete();
});

/** A vault state for the test's archive and folder: no vault yet, a fast key derivation. */
const newVault = (options: VaultOptions = {}) =>
  new VaultState(archive, folder, undefined, { kdf: FAST, restart: vi.fn(), storage: undefined, ...options });

/** The app started again on the same database and folder, as after a lock. */
async function restarted(disk: SnapshotFolder, options = {}) {
  db.close();
  db = openDatabase(name);
  archive = openArchive(db);
  const again = sealedFolder(disk, archive.sealer);
  const header = (await archive.vault.header()) ?? (await folderVaultHeader(again));
  return new VaultState(archive, again, header, { kdf: FAST, storage: undefined, ...options });
}

describe('VaultState', () => {
  it('creates a vault, locks (restarting the app), refuses a wrong passphrase and unlocks with the right one', async () => {
    const disk = memoryFolder();
    folder = sealedFolder(disk, archive.sealer);
    const restart = vi.fn();
    const vault = newVault({ restart });
    expect(vault.status).toBe('none');
    await archive.sources.create(sourceDraft({ title: 'Ménaka informant' }));
    const afterSeal = vi.fn(() => Promise.resolve());
    await vault.create('correct horse battery staple', afterSeal);
    expect(vault.status).toBe('unlocked');
    expect(afterSeal).toHaveBeenCalledOnce();

    await vault.lock();
    expect(restart).toHaveBeenCalledOnce();
    await expect(archive.sources.listLive()).rejects.toThrow(/locked/);

    const next = await restarted(disk);
    expect(next.status).toBe('locked');
    expect(await next.unlock('wrong horse')).toBe('wrongPassphrase');
    expect(next.status).toBe('locked');
    expect(await next.unlock('correct horse battery staple')).toBe('unlocked');
    expect((await archive.sources.listLive()).map((s) => s.title)).toEqual(['Ménaka informant']);
  });

  it('lets editors save before the key goes, and stays unlocked if they cannot', async () => {
    const restart = vi.fn();
    const vault = newVault({ restart });
    await vault.create('correct horse battery staple', () => Promise.resolve());
    const stop = vault.beforeLock(() => Promise.reject(new Error('disk full')));
    await expect(vault.lock()).rejects.toThrow('disk full');
    expect(vault.status).toBe('unlocked');
    expect(restart).not.toHaveBeenCalled();

    stop();
    const saved: string[] = [];
    vault.beforeLock(async () => {
      await archive.notes.create({ body: 'half-written note' });
      saved.push('note');
    });
    await vault.lock();
    expect(saved).toEqual(['note']);
    expect(restart).toHaveBeenCalledOnce();
  });

  it('locks by itself after the chosen time without input, and not before', async () => {
    // Only the idle clock's interval is faked: IndexedDB's own timers stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let now = 0;
      const restart = vi.fn();
      const vault = newVault({ restart, now: () => now });
      await vault.create('correct horse battery staple', () => Promise.resolve());
      vault.setLockAfter(5);
      vault.watchIdle((e) => {
        throw e;
      }, 1_000);
      now = 4 * 60_000;
      vault.touch();
      now = 8 * 60_000;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(vault.status).toBe('unlocked');
      now = 9 * 60_000 + 1;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(vault.status).toBe('locked');
      expect(restart).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('changes the passphrase everywhere the header is kept; the old one no longer opens', async () => {
    const disk = memoryFolder();
    folder = sealedFolder(disk, archive.sealer);
    const vault = newVault();
    await vault.create('first passphrase', () => Promise.resolve());
    await archive.notes.create({ body: 'kept across the change' });
    expect(await vault.changePassphrase('not it', 'second passphrase')).toBe('wrongPassphrase');
    expect(await vault.changePassphrase('first passphrase', 'second passphrase')).toBe('changed');
    expect(await archive.vault.header()).toEqual(await folderVaultHeader(disk));

    const next = await restarted(disk);
    expect(await next.unlock('first passphrase')).toBe('wrongPassphrase');
    expect(await next.unlock('second passphrase')).toBe('unlocked');
    expect((await archive.notes.listLive()).map((n) => n.body)).toEqual(['kept across the change']);
  });

  it('unlocks from the header beside the snapshots when the database was wiped', async () => {
    const disk = memoryFolder();
    folder = sealedFolder(disk, archive.sealer);
    const vault = newVault();
    await vault.create('correct horse battery staple', () => Promise.resolve());
    db.close();
    await openDatabase(name).delete();

    const next = await restarted(disk);
    expect(next.status).toBe('locked');
    expect(await next.unlock('correct horse battery staple')).toBe('unlocked');
    expect(await archive.vault.header()).toEqual(await folderVaultHeader(disk));
  });

  it('seals exported archive files, and opens them with this vault’s key or their own passphrase', async () => {
    const plain = new TextEncoder().encode('PK… an archive mentioning Ménaka');
    const vault = newVault();
    expect(vault.sealFile(plain)).toBe(plain);
    expect(await vault.openFile(plain)).toEqual({ ok: true, plain });
    await vault.create('first passphrase', () => Promise.resolve());
    const sealed = vault.sealFile(plain);
    expect(new TextDecoder('latin1').decode(sealed)).not.toContain('Ménaka');
    expect(await vault.openFile(sealed)).toEqual({ ok: true, plain });

    // Another archive, another vault: the file's own passphrase is asked for, and checked.
    const otherDb = openDatabase(`${name}-other`);
    const other = openArchive(otherDb);
    const elsewhere = new VaultState(other, sealedFolder(memoryFolder(), other.sealer), undefined, {
      kdf: FAST,
      restart: vi.fn(),
      storage: undefined,
    });
    expect(await elsewhere.openFile(sealed)).toEqual({ ok: false, need: 'passphrase' });
    expect(await elsewhere.openFile(sealed, 'wrong')).toEqual({ ok: false, need: 'wrongPassphrase' });
    const opened = await elsewhere.openFile(sealed, 'first passphrase');
    expect(opened.ok && opened.plain).toEqual(plain);
    otherDb.close();
    await openDatabase(`${name}-other`).delete();
  });
});
