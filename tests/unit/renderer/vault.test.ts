import { describe, expect, it } from 'vitest';
import {
  changePassphrase,
  createVault,
  unlockVault,
  VaultLockedError,
  type FieldContext,
} from '../../../src/renderer/src/lib/crypto/vault';

// Small Argon2 parameters keep the tests fast; the app uses 64 MiB and 4 passes.
const FAST = { memorySize: 1024, iterations: 1 };
const field: FieldContext = { table: 'notes', id: 'n1', schema: 5, field: 'body' };
const secret = 'Source in Ménaka: meet at the water tower, Thursday.';

describe('vault keys', () => {
  it('encrypts a field so that only its key, for that same field, reads it back', async () => {
    const { key } = await createVault('correct horse battery staple', FAST);
    const sealed = key.seal(secret, field);
    expect(new TextDecoder().decode(sealed)).not.toContain('Ménaka');
    expect(key.openText(sealed, field)).toBe(secret);
    // Two encryptions of the same text differ (fresh IV).
    expect(key.seal(secret, field)).not.toEqual(sealed);
  });

  it('refuses a field moved to another record, table or schema, or altered', async () => {
    const { key } = await createVault('correct horse battery staple', FAST);
    const sealed = key.seal(secret, field);
    expect(() => key.openText(sealed, { ...field, id: 'n2' })).toThrow(/does not open/);
    expect(() => key.openText(sealed, { ...field, table: 'sources' })).toThrow(/does not open/);
    expect(() => key.openText(sealed, { ...field, schema: 6 })).toThrow(/does not open/);
    const altered = sealed.slice();
    altered[20] = (altered[20] ?? 0) ^ 1;
    expect(() => key.openText(altered, field)).toThrow(/does not open/);
  });

  it('unlocks with the passphrase and says so plainly for a wrong one', async () => {
    const { header, key } = await createVault('correct horse battery staple', FAST);
    const sealed = key.seal(secret, field);
    expect(await unlockVault(header, 'wrong horse')).toEqual({ ok: false, error: 'wrongPassphrase' });
    const unlocked = await unlockVault(header, 'correct horse battery staple');
    if (!unlocked.ok) throw new Error('should unlock');
    expect(unlocked.key.openText(sealed, field)).toBe(secret);
    expect(JSON.stringify(header)).not.toContain('correct horse');
  });

  it('changes the passphrase by re-wrapping the key only: old data still reads', async () => {
    const { header, key } = await createVault('first passphrase', FAST);
    const sealed = key.seal(secret, field);
    expect(await changePassphrase(header, 'not it', 'second passphrase')).toEqual({
      error: 'wrongPassphrase',
    });
    const changed = await changePassphrase(header, 'first passphrase', 'second passphrase');
    if ('error' in changed) throw new Error('should change');
    expect(changed.kdf.salt).not.toBe(header.kdf.salt);
    expect(await unlockVault(changed, 'first passphrase')).toEqual({ ok: false, error: 'wrongPassphrase' });
    const unlocked = await unlockVault(changed, 'second passphrase');
    if (!unlocked.ok) throw new Error('should unlock');
    expect(unlocked.key.openText(sealed, field)).toBe(secret);
  });

  it('forgets the key when locked: nothing opens or seals until the passphrase is given again', async () => {
    const { key } = await createVault('correct horse battery staple', FAST);
    const sealed = key.seal(secret, field);
    key.wipe();
    expect(key.wiped).toBe(true);
    expect(() => key.openText(sealed, field)).toThrow(VaultLockedError);
    expect(() => key.seal(secret, field)).toThrow(VaultLockedError);
  });

  it('blinds a value with the key: equal for equal values, different across vaults', async () => {
    const a = await createVault('first', FAST);
    const b = await createVault('second', FAST);
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(a.key.blind(hash)).toBe(a.key.blind(hash));
    expect(a.key.blind(hash)).not.toBe(hash);
    expect(a.key.blind(hash)).not.toBe(b.key.blind(hash));
  });

  it('uses Argon2id with at least 64 MiB by default', async () => {
    const { header } = await createVault('correct horse battery staple');
    expect(header.kdf).toMatchObject({ name: 'argon2id', memorySize: 65536, iterations: 4, parallelism: 1 });
  }, 20_000);
});
