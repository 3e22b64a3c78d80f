/**
 * AES-256-GCM as every sealed thing here stores it: a fresh 96-bit IV, then the ciphertext and
 * its tag, with `context` bound in as additional data (the vault's records, the team's
 * documents, keys and member list).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, randomBytes } from '@noble/ciphers/utils.js';

const IV_BYTES = 12;

export function sealBytes(key: Uint8Array, plain: Uint8Array, context: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  return concatBytes(iv, gcm(key, iv, context).encrypt(plain));
}

/** The plaintext; throws when the bytes were altered, cut short, or sealed under another key or context. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, context: Uint8Array): Uint8Array {
  return gcm(key, sealed.subarray(0, IV_BYTES), context).decrypt(sealed.subarray(IV_BYTES));
}
