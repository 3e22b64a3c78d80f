import { describe, expect, it } from 'vitest';
import { gcm } from '@noble/ciphers/aes.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import {
  bucketOf,
  documentId,
  newSigner,
  newTeamKey,
  open,
  seal,
  type Envelope,
  type MemberKey,
  type TeamKey,
} from '../../../src/core/sync/envelope';
import { stampChanges, type Versioned } from '../../../src/core/sync/merge';
import { incident, note } from '../factories';

const awa = newSigner('awa');
const bakary = newSigner('bakary');
const team = newTeamKey();
const keys = new Map([[team.id, team]]);
const members = new Map<string, MemberKey>([
  ['awa', awa],
  ['bakary', bakary],
]);

const versioned = (record: object, by = 'awa'): Versioned =>
  stampChanges('incidents', undefined, JSON.parse(JSON.stringify(record)) as Record<string, unknown>, {
    by,
    at: Date.UTC(2026, 9, 3),
  });

const songho = incident({
  id: 'inc-songho',
  perpetrator: 'JNIM',
  description: 'Un car a sauté sur un engin explosif près de Songho ; 31 morts selon RFI.',
});

const flip = (envelope: Envelope, at: number): Envelope => {
  const bytes = Uint8Array.from(atob(envelope.c), (c) => c.charCodeAt(0));
  bytes[at] = bytes[at]! ^ 1;
  return { ...envelope, c: btoa(String.fromCharCode(...bytes)) };
};

describe('sealed documents', () => {
  it('open to the record, its stamps and its author on another machine of the team', () => {
    const doc = versioned(songho);
    const opened = open(keys, members, JSON.parse(JSON.stringify(seal(team, awa, 'incidents', doc))));
    expect(opened).toEqual({ ok: true, table: 'incidents', id: 'inc-songho', doc, author: 'awa' });
  });

  it('show the server nothing of what they hold: no text, no id, no table', () => {
    const markers = Array.from({ length: 50 }, (_, i) => `marker-${i}-Tombouctou-${i * 7919}`);
    const envelopes = markers.map((marker, i) =>
      seal(team, awa, i % 2 ? 'notes' : 'incidents', versioned(note({ id: `note-${marker}`, body: marker }))),
    );
    const stored = JSON.stringify(envelopes);
    for (const marker of markers) expect(stored).not.toContain(marker);
    // Nothing but the four fields and base64 (where a short word can occur by chance: long ones only).
    for (const word of ['incidents', 'Tombouctou', '"body"', '"awa"', 'note-'])
      expect(stored).not.toContain(word);
    for (const envelope of envelopes) expect(Object.keys(envelope).sort()).toEqual(['_id', 'c', 'k', 'v']);
  });

  it('are named the same on every machine, differently per table, and opaquely', () => {
    const id = documentId(team, 'notes', 'n1');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(documentId({ id: team.id, secret: team.secret.slice() }, 'notes', 'n1')).toBe(id);
    expect(documentId(team, 'sources', 'n1')).not.toBe(id);
    expect(documentId(newTeamKey(), 'notes', 'n1')).not.toBe(id);
  });

  it('are padded to buckets, so that sizes say little', () => {
    const short = seal(team, awa, 'notes', versioned(note({ id: 'n1', body: 'Gao.' })));
    const longer = seal(team, awa, 'notes', versioned(note({ id: 'n2', body: 'Gao. '.repeat(40) })));
    expect(short.c.length).toBe(longer.c.length);
    expect([100, 512, 513, 70_000].map(bucketOf)).toEqual([512, 512, 1024, 131_072]);
  });

  it('refuse a changed byte, a body moved under another id, and an unknown key', () => {
    const envelope = seal(team, awa, 'incidents', versioned(songho));
    for (const at of [0, 12, 40, 200])
      expect(open(keys, members, flip(envelope, at))).toMatchObject({ ok: false, reason: 'damaged' });
    const other = seal(team, awa, 'incidents', versioned(incident({ id: 'inc-gao' })));
    expect(open(keys, members, { ...other, c: envelope.c })).toMatchObject({ ok: false, reason: 'damaged' });
    expect(open(keys, members, { ...envelope, c: envelope.c.slice(0, 100) })).toMatchObject({
      ok: false,
      reason: 'damaged',
    });
    expect(open(new Map(), members, envelope)).toMatchObject({ ok: false, reason: 'unknownKey' });
    expect(open(keys, members, { _id: 'x', v: 1 })).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('refuse a revision signed by no member, or by one member in the name of another', () => {
    const mallory = newSigner('mallory');
    expect(open(keys, members, seal(team, mallory, 'incidents', versioned(songho)))).toMatchObject({
      ok: false,
      reason: 'unknownMember',
    });
    const forged = seal(team, { member: 'awa', secretKey: bakary.secretKey }, 'incidents', versioned(songho));
    expect(open(keys, members, forged)).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('refuse a record a member sealed under another record’s id', () => {
    // What a member holding the team key could craft by hand: a valid seal and signature,
    // over the body of one incident, under the id of another.
    const enc = hkdf(sha256, team.secret, undefined, utf8ToBytes('fieldbook team encryption v1'), 32);
    const id = documentId(team, 'incidents', 'inc-gao');
    const body = JSON.stringify({ t: 'incidents', r: versioned(songho).record, s: {}, a: 'awa' });
    const g = btoa(
      String.fromCharCode(
        ...ed25519.sign(
          concatBytes(utf8ToBytes(`fieldbook-sync v1\n${id}\n`), utf8ToBytes(body)),
          awa.secretKey,
        ),
      ),
    );
    const inner = utf8ToBytes(JSON.stringify({ b: body, g }));
    const plain = new Uint8Array(bucketOf(inner.length + 4));
    new DataView(plain.buffer).setUint32(0, inner.length);
    plain.set(inner, 4);
    const iv = randomBytes(12);
    const c = concatBytes(iv, gcm(enc, iv, utf8ToBytes(`${id}|${team.id}|1`)).encrypt(plain));
    const crafted = { _id: id, v: 1, k: team.id, c: btoa(String.fromCharCode(...c)) };
    expect(open(keys, members, crafted)).toMatchObject({ ok: false, reason: 'misplaced' });
  });

  it('sealed with an older team key still open once a new key seals new writes', () => {
    const old = seal(team, awa, 'incidents', versioned(songho));
    const rotated: TeamKey = newTeamKey();
    const both = new Map([
      [team.id, team],
      [rotated.id, rotated],
    ]);
    // Named with the team's first key still: the record keeps its one document.
    const fresh = seal(rotated, bakary, 'incidents', versioned(songho, 'bakary'), team);
    expect(open(both, members, old, team).ok).toBe(true);
    expect(open(both, members, fresh, team)).toMatchObject({ ok: true, author: 'bakary' });
    expect(fresh._id).toBe(old._id);
    expect(fresh.k).not.toBe(old.k);
  });
});
