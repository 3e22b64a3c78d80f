import { describe, expect, it } from 'vitest';
import {
  changePassphrase,
  createVault,
  decryptText,
  encryptField,
  unlockVault,
  type FieldContext,
} from '../../../src/renderer/src/lib/crypto/vault';

// Small Argon2 parameters keep the tests fast; the app uses 64 MiB and 4 passes.
const FAST = { memorySize: 1024, iterations: 1 };
const field: FieldContext = { table: 'notes', id: 'n1', schema: 5, field: 'body' };
const secret = 'Source in Ménaka: meet at the water tower, Thursday.';

describe('vault keys', () => {
  it('encrypts a field so that only its key, for that same field, reads it back', async () => {
    const { key } = await createVault('correct horse battery staple', FAST);
    const sealed = await encryptField(key, secret, field);
    expect(new TextDecoder().decode(sealed)).not.toContain('Ménaka');
    expect(await decryptText(key, sealed, field)).toBe(secret);
    // Two encryptions of the same text differ (fresh IV).
    expect(await encryptField(key, secret, field)).not.toEqual(sealed);
  });

  it('refuses a field moved to another record, table or schema, or altered', async () => {
    const { key } = await createVault('correct horse battery staple', FAST);
    const sealed = await encryptField(key, secret, field);
    await expect(decryptText(key, sealed, { ...field, id: 'n2' })).rejects.toThrow();
    await expect(decryptText(key, sealed, { ...field, table: 'sources' })).rejects.toThrow();
    await expect(decryptText(key, sealed, { ...field, schema: 6 })).rejects.toThrow();
    const altered = sealed.slice();
    altered[20] = (altered[20] ?? 0) ^ 1;
    await expect(decryptText(key, altered, field)).rejects.toThrow();
  });

  it('unlocks with the passphrase, says so plainly for a wrong one, and keeps the data key unreadable', async () => {
    const { header, key } = await createVault('correct horse battery staple', FAST);
    const sealed = await encryptField(key, secret, field);
    expect(await unlockVault(header, 'wrong horse')).toEqual({ ok: false, error: 'wrongPassphrase' });
    const unlocked = await unlockVault(header, 'correct horse battery staple');
    if (!unlocked.ok) throw new Error('should unlock');
    expect(await decryptText(unlocked.key, sealed, field)).toBe(secret);
    expect(unlocked.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', unlocked.key)).rejects.toThrow();
    expect(JSON.stringify(header)).not.toContain('correct horse');
  });

  it('changes the passphrase by re-wrapping the key only: old data still reads', async () => {
    const { header, key } = await createVault('first passphrase', FAST);
    const sealed = await encryptField(key, secret, field);
    expect(await changePassphrase(header, 'not it', 'second passphrase')).toEqual({
      error: 'wrongPassphrase',
    });
    const changed = await changePassphrase(header, 'first passphrase', 'second passphrase');
    if ('error' in changed) throw new Error('should change');
    expect(changed.kdf.salt).not.toBe(header.kdf.salt);
    expect(await unlockVault(changed, 'first passphrase')).toEqual({ ok: false, error: 'wrongPassphrase' });
    const unlocked = await unlockVault(changed, 'second passphrase');
    if (!unlocked.ok) throw new Error('should unlock');
    expect(await decryptText(unlocked.key, sealed, field)).toBe(secret);
  });

  it('uses Argon2id with at least 64 MiB by default', async () => {
    const { header } = await createVault('correct horse battery staple');
    expect(header.kdf).toMatchObject({ name: 'argon2id', memorySize: 65536, iterations: 4, parallelism: 1 });
  }, 20_000);
});
