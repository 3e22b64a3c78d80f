import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../src/core/sync/envelope';
import { stampChanges } from '../../../src/core/sync/merge';
import { createTeam, joinTeam, mergeHeaders, membersOf, sessionOf } from '../../../src/core/sync/team';
import { note } from '../factories';

const PASSPHRASE = 'sable rouge de Tombouctou 1987';
// A cheap key derivation for the tests that do not measure it.
const quick = { kdf: { memorySize: 1024, iterations: 1 } };

const aNote = (body: string) =>
  stampChanges(
    'notes',
    undefined,
    JSON.parse(JSON.stringify(note({ id: 'n1', body }))) as Record<string, unknown>,
    {
      by: 'x',
      at: 1,
    },
  );

describe('a team', () => {
  it('is joined with its passphrase, and its members open each other’s documents', async () => {
    const awa = await createTeam(PASSPHRASE, 'Awa Traoré');
    expect(awa.header.kdf).toMatchObject({ name: 'argon2id', memorySize: 65536, iterations: 4 });
    const joined = await joinTeam(JSON.parse(JSON.stringify(awa.header)), PASSPHRASE, 'Bakary Diallo');
    if (!joined.ok) throw new Error(joined.error);
    const bakary = joined.state;
    expect(bakary.members.map((m) => m.name)).toEqual(['Awa Traoré', 'Bakary Diallo']);
    expect(bakary.keys.map((k) => k.id)).toEqual(awa.keys.map((k) => k.id));
    // Awa reads the list Bakary's join wrote, and then accepts his revisions.
    const awaNow = mergeHeaders(awa, bakary.header);
    const fromBakary = seal(sessionOf(bakary).current, bakary.signer, 'notes', aNote('Appeler la MINUSMA.'));
    expect(open(sessionOf(awa).keys, sessionOf(awa).members, fromBakary)).toMatchObject({
      ok: false,
      reason: 'unknownMember',
    });
    expect(open(sessionOf(awaNow).keys, sessionOf(awaNow).members, fromBakary)).toMatchObject({
      ok: true,
      author: bakary.signer.member,
    });
  });

  it('says nothing in its header to someone without the passphrase', async () => {
    const awa = await createTeam(PASSPHRASE, 'Awa Traoré', quick);
    const joined = await joinTeam(awa.header, PASSPHRASE, 'Bakary Diallo');
    if (!joined.ok) throw new Error(joined.error);
    const text = JSON.stringify(joined.state.header);
    for (const word of ['Awa', 'Traoré', 'Bakary', 'Diallo', 'publicKey']) expect(text).not.toContain(word);
    expect(await joinTeam(awa.header, 'sable rouge de Tombouctou 1988', 'Eve')).toEqual({
      ok: false,
      error: 'wrongPassphrase',
    });
  });

  it('keeps every member when two join apart', async () => {
    const awa = await createTeam(PASSPHRASE, 'Awa', quick);
    const [b, c] = await Promise.all([
      joinTeam(awa.header, PASSPHRASE, 'Bakary'),
      joinTeam(awa.header, PASSPHRASE, 'Chloé'),
    ]);
    if (!b.ok || !c.ok) throw new Error('join failed');
    const merged = mergeHeaders(mergeHeaders(awa, b.state.header), c.state.header);
    expect(merged.members.map((m) => m.name).sort()).toEqual(['Awa', 'Bakary', 'Chloé']);
    expect(
      membersOf(merged.header, merged.keys)
        ?.map((m) => m.name)
        .sort(),
    ).toEqual(['Awa', 'Bakary', 'Chloé']);
  });

  it('refuses a header whose member list was changed', async () => {
    const awa = await createTeam(PASSPHRASE, 'Awa', quick);
    const members = awa.header.members;
    const changed = {
      ...awa.header,
      members: `${members.slice(0, 20)}${members[20] === 'A' ? 'B' : 'A'}${members.slice(21)}`,
    };
    expect(await joinTeam(changed, PASSPHRASE, 'Bakary')).toEqual({ ok: false, error: 'damaged' });
  });
});
