/**
 * A passphrase made into 32 key bytes through Argon2id (hash-wasm): the vault's key and the
 * team's both come from here, so that both normalize the passphrase the same way (NFC: « é »
 * typed as one character or as e and an accent is the same passphrase).
 */
import { argon2id } from 'hash-wasm';
import { fromBase64 } from '../text/base64';

export interface Argon2Params {
  /** KiB. */
  memorySize: number;
  iterations: number;
  parallelism: number;
  /** Base64. */
  salt: string;
}

export function passphraseBytes(passphrase: string, kdf: Argon2Params): Promise<Uint8Array> {
  return argon2id({
    password: passphrase.normalize('NFC'),
    salt: fromBase64(kdf.salt),
    memorySize: kdf.memorySize,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}
