/**
 * A `.fieldbook` file exported from a vault stays encrypted: the vault's header in clear (so
 * the passphrase can open it on another machine), then the whole archive file sealed with the
 * vault's key. Layout: `FBVAULT1\n`, a 4-byte length, the header as JSON, the sealed bytes.
 */
import { isVaultHeader, type DataKey, type VaultHeader } from '../crypto/vault';

const MAGIC = new TextEncoder().encode('FBVAULT1\n');
const CONTEXT = { table: 'archive-file', id: 'archive', schema: 1, field: 'file' };

export interface SealedArchive {
  header: VaultHeader;
  sealed: Uint8Array;
}

export function sealArchive(plain: Uint8Array, header: VaultHeader, key: DataKey): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const sealed = key.seal(plain, CONTEXT);
  const out = new Uint8Array(MAGIC.length + 4 + headerBytes.length + sealed.length);
  out.set(MAGIC);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length);
  out.set(headerBytes, MAGIC.length + 4);
  out.set(sealed, MAGIC.length + 4 + headerBytes.length);
  return out;
}

/** The header and sealed bytes of an encrypted archive; undefined for any other file. */
export function readSealedArchive(bytes: Uint8Array): SealedArchive | undefined {
  if (bytes.length < MAGIC.length + 4 || !MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length);
  const start = MAGIC.length + 4;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + length)));
  } catch {
    header = undefined;
  }
  if (!isVaultHeader(header)) throw new Error('the encrypted archive’s header is damaged');
  return { header, sealed: bytes.subarray(start + length) };
}

/** The archive file inside; throws `SealError` when `key` is not the one it was sealed with. */
export function openSealedArchive(archive: SealedArchive, key: DataKey): Uint8Array {
  return key.open(archive.sealed, CONTEXT);
}
