/**
 * The vault's keys. A passphrase becomes a key-encryption key through Argon2id (hash-wasm;
 * 64 MiB, 4 passes: 0.44 s median here, `npm run bench:kdf`); that key wraps, with AES-KW, a
 * random 256-bit data key; the data key encrypts content with AES-256-GCM, each field bound
 * to its table, record id and schema version as additional data, so that a field cannot be
 * moved to another record or another version unnoticed.
 *
 * Changing the passphrase re-wraps the data key and touches no record. A wrong passphrase
 * fails the AES-KW integrity check and reveals nothing. The unwrapped data key is not
 * extractable: no script can read its bytes.
 */
import { argon2id } from 'hash-wasm';

export interface KdfParams {
  name: 'argon2id';
  /** KiB. */
  memorySize: number;
  iterations: number;
  parallelism: number;
  salt: string;
}

/** What is stored in clear about a vault: enough to unlock it with the passphrase, no more. */
export interface VaultHeader {
  version: 1;
  kdf: KdfParams;
  /** The data key, wrapped with AES-KW under the passphrase's key (base64). */
  wrappedKey: string;
}

export interface KdfCost {
  memorySize: number;
  iterations: number;
  parallelism: number;
}

export const DEFAULT_KDF: KdfCost = { memorySize: 64 * 1024, iterations: 4, parallelism: 1 };

/** Where a field lives: bound into its encryption, checked on decryption. */
export interface FieldContext {
  table: string;
  id: string;
  schema: number;
  field: string;
}

export type UnlockResult = { ok: true; key: CryptoKey } | { ok: false; error: 'wrongPassphrase' };

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const IV_BYTES = 12;

async function keyEncryptionKey(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  const raw = await argon2id({
    password: passphrase.normalize('NFC'),
    salt: fromBase64(kdf.salt),
    memorySize: kdf.memorySize,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-KW', false, [
    'wrapKey',
    'unwrapKey',
  ]);
}

async function wrap(dataKey: CryptoKey, passphrase: string, kdf: KdfParams): Promise<VaultHeader> {
  const kek = await keyEncryptionKey(passphrase, kdf);
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, kek, 'AES-KW'));
  return { version: 1, kdf, wrappedKey: toBase64(wrapped) };
}

const newKdf = (params: Partial<KdfCost> = {}): KdfParams => ({
  name: 'argon2id',
  ...DEFAULT_KDF,
  ...params,
  salt: toBase64(crypto.getRandomValues(new Uint8Array(16))),
});

/** A new vault: a random data key, wrapped under the passphrase. */
export async function createVault(
  passphrase: string,
  params: Partial<KdfCost> = {},
): Promise<{ header: VaultHeader; key: CryptoKey }> {
  const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const header = await wrap(extractable, passphrase, newKdf(params));
  // Work from here on with a key whose bytes cannot be read back.
  const unlocked = await unlockVault(header, passphrase);
  if (!unlocked.ok) throw new Error('a new vault could not be opened with its own passphrase');
  return { header, key: unlocked.key };
}

export async function unlockVault(header: VaultHeader, passphrase: string): Promise<UnlockResult> {
  const kek = await keyEncryptionKey(passphrase, header.kdf);
  try {
    const key = await crypto.subtle.unwrapKey(
      'raw',
      fromBase64(header.wrappedKey),
      kek,
      'AES-KW',
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    return { ok: true, key };
  } catch {
    // AES-KW's integrity check failed: the passphrase is not this vault's.
    return { ok: false, error: 'wrongPassphrase' };
  }
}

/** A new header for a new passphrase; the data key, and so every record, stays as it is. */
export async function changePassphrase(
  header: VaultHeader,
  oldPassphrase: string,
  newPassphrase: string,
): Promise<VaultHeader | { error: 'wrongPassphrase' }> {
  const kek = await keyEncryptionKey(oldPassphrase, header.kdf);
  let dataKey: CryptoKey;
  try {
    // Extractable only for the moment it takes to wrap it again.
    dataKey = await crypto.subtle.unwrapKey(
      'raw',
      fromBase64(header.wrappedKey),
      kek,
      'AES-KW',
      { name: 'AES-GCM', length: 256 },
      true,
      ['encrypt', 'decrypt'],
    );
  } catch {
    return { error: 'wrongPassphrase' };
  }
  const { memorySize, iterations, parallelism } = header.kdf;
  return wrap(dataKey, newPassphrase, newKdf({ memorySize, iterations, parallelism }));
}

const additionalData = (context: FieldContext) =>
  new TextEncoder().encode(`fieldbook/${context.schema}/${context.table}/${context.id}/${context.field}`);

/** Encrypts one field: a fresh 96-bit IV, then the AES-GCM ciphertext and tag. */
export async function encryptField(
  key: CryptoKey,
  plaintext: string | Uint8Array,
  context: FieldContext,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext;
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(context) },
    key,
    data as Uint8Array<ArrayBuffer>,
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return out;
}

/** Decrypts one field; throws when the bytes were altered or belong to another field. */
export async function decryptField(
  key: CryptoKey,
  sealed: Uint8Array,
  context: FieldContext,
): Promise<Uint8Array> {
  const bytes = sealed.slice();
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: additionalData(context) },
    key,
    bytes.subarray(IV_BYTES),
  );
  return new Uint8Array(plain);
}

export async function decryptText(
  key: CryptoKey,
  sealed: Uint8Array,
  context: FieldContext,
): Promise<string> {
  return new TextDecoder().decode(await decryptField(key, sealed, context));
}
