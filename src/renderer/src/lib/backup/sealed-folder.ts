/**
 * The snapshot folder of a vault: every file written is sealed with the vault's key, every
 * file read is opened with it, so that snapshots and the change journal stay as encrypted as
 * the database. The one exception is the vault's header (`vault.json`), kept in clear beside
 * the snapshots: a wiped database can then still be unlocked and restored.
 *
 * Original files, snapshot chunks and packs are stored under the hash of what they hold; in a
 * vault that name is blinded too, so the folder cannot be tested for a known document.
 * `storedName` says what a name becomes.
 * With no vault, files pass through as they are.
 */
import { isVaultHeader, type VaultHeader } from '../crypto/vault';
import type { Sealer } from '../data/sealing';
import type { SnapshotFolder } from '../platform/types';

export const VAULT_HEADER_NAME = 'vault.json';
const MAGIC = new TextEncoder().encode('FBSEALED1\n');
/** Names that end in a hash of their content: blinded in a vault. */
const HASHED = /^(original-|chunk-|pack-)(.+)$/;

const framed = (bytes: Uint8Array) => MAGIC.every((b, i) => bytes[i] === b);

export function sealedFolder(folder: SnapshotFolder, sealer: Sealer): SnapshotFolder {
  const storedName = (name: string) => {
    const key = sealer.key();
    const hashed = key && HASHED.exec(name);
    return hashed ? hashed[1]! + key.blind(hashed[2]!) : name;
  };
  const context = (stored: string) => ({ table: 'snapshot-folder', id: stored, schema: 1, field: 'file' });
  return {
    storedName,
    async write(name, bytes) {
      const key = name === VAULT_HEADER_NAME ? null : sealer.key();
      const stored = storedName(name);
      if (!key) return folder.write(stored, bytes);
      const sealed = key.seal(bytes, context(stored));
      const out = new Uint8Array(MAGIC.length + sealed.length);
      out.set(MAGIC);
      out.set(sealed, MAGIC.length);
      return folder.write(stored, out);
    },
    async read(name) {
      const stored = storedName(name);
      const bytes = await folder.read(stored);
      if (!bytes || !framed(bytes)) return bytes;
      const key = sealer.key();
      if (!key)
        throw new Error(`${name} in the snapshot folder is encrypted, and this archive is not a vault`);
      return key.open(bytes.subarray(MAGIC.length), context(stored));
    },
    list: () => folder.list(),
    remove: (name) => folder.remove(name),
  };
}

/** The vault header kept beside the snapshots, if there is one and it is sound. */
export async function folderVaultHeader(folder: SnapshotFolder): Promise<VaultHeader | undefined> {
  const bytes = await folder.read(VAULT_HEADER_NAME);
  if (!bytes) return undefined;
  const header: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!isVaultHeader(header))
    throw new Error(`${VAULT_HEADER_NAME} in the snapshot folder is not a vault header`);
  return header;
}

export async function writeFolderVaultHeader(folder: SnapshotFolder, header: VaultHeader): Promise<void> {
  await folder.write(VAULT_HEADER_NAME, new TextEncoder().encode(JSON.stringify(header)));
}
