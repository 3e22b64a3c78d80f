import { describe, expect, it } from 'vitest';
import {
  mergeRecords,
  stampChanges,
  TRASH_FIELD,
  type Stamp,
  type SyncTable,
  type Versioned,
} from '../../../src/core/sync/merge';
import { claim, incident, note } from '../factories';

const awa: Stamp = { by: 'awa', at: Date.UTC(2026, 9, 3, 9) };
const bakary: Stamp = { by: 'bakary', at: Date.UTC(2026, 9, 3, 11) };
const later: Stamp = { by: 'chloe', at: Date.UTC(2026, 9, 4, 8) };

type Json = Record<string, unknown>;
const json = (value: object): Json => JSON.parse(JSON.stringify(value)) as Json;

/** The base everyone shared, and one side's edit of it, stamped as the app stamps a save. */
function shared(record: object): Versioned {
  return stampChanges('incidents', undefined, json(record), { by: 'awa', at: 1 });
}
const edit = (table: SyncTable, base: Versioned, change: (r: Json) => void, by: Stamp): Versioned => {
  const next = structuredClone({ ...base.record, ...(base.conflicts ? { conflicts: base.conflicts } : {}) });
  change(next);
  return stampChanges(table, base, next, by);
};

/** Both ways round: every replica must reach the same record. */
function both(table: SyncTable, base: Versioned | undefined, a: Versioned, b: Versioned): Versioned {
  const ab = mergeRecords(table, base, a, b);
  expect(mergeRecords(table, base, b, a)).toEqual(ab);
  return ab;
}

const songho = incident({
  id: 'inc-songho',
  fatalities: { best: 31 },
  location: { name: 'Songho', admin1: 'Mopti', country: 'Mali' },
  tags: ['bus', 'market'],
  sourceIds: ['src-aj', 'src-rfi'],
  claims: [
    claim({ id: 'c-aj', sourceId: 'src-aj', fatalities: { best: 31 }, passageIds: ['p1'] }),
    claim({ id: 'c-rfi', sourceId: 'src-rfi', fatalities: { best: 32 }, passageIds: ['p2'], createdAt: 2 }),
  ],
});

describe('merging two offline edits of one incident', () => {
  it('keeps both when they changed different fields', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.perpetrator = 'JNIM (GSIM)'), awa);
    const b = edit('incidents', base, (r) => (r.fatalities = { low: 31, best: 31, high: 33 }), bakary);
    const merged = both('incidents', base, a, b);
    expect(merged.record.perpetrator).toBe('JNIM (GSIM)');
    expect(merged.record.fatalities).toEqual({ low: 31, best: 31, high: 33 });
    expect(merged.conflicts).toBeUndefined();
    expect(merged.stamps.perpetrator).toEqual(awa);
    expect(merged.stamps.fatalities).toEqual(bakary);
  });

  it('stores a conflict with both values, who and when, when both changed the same field', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.fatalities = { best: 31 }), awa);
    const a2 = edit('incidents', a, (r) => (r.perpetrator = 'Katiba Macina'), awa);
    const b = edit('incidents', base, (r) => (r.perpetrator = 'JNIM'), bakary);
    const b2 = edit('incidents', b, (r) => (r.perpetrator = 'Dozo militia'), bakary);
    const merged = both('incidents', base, a2, b2);
    expect(merged.conflicts?.perpetrator?.sides).toEqual([
      { ...awa, value: 'Katiba Macina' },
      { ...bakary, value: 'Dozo militia' },
    ]);
    // Shown meanwhile: the later value; nothing is lost.
    expect(merged.record.perpetrator).toBe('Dozo militia');
  });

  it('is no conflict when both set the same value', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.datePrecision = 'week'), awa);
    const b = edit('incidents', base, (r) => (r.datePrecision = 'week'), bakary);
    expect(both('incidents', base, a, b).conflicts).toBeUndefined();
  });

  it('merges tags and sources item by item', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.tags = ['bus', 'market', 'Bandiagara']), awa);
    const b = edit(
      'incidents',
      base,
      (r) => {
        r.tags = ['market'];
        r.sourceIds = ['src-aj', 'src-rfi', 'src-studio-tamani'];
      },
      bakary,
    );
    const merged = both('incidents', base, a, b);
    expect([...(merged.record.tags as string[])].sort()).toEqual(['Bandiagara', 'market']);
    expect(merged.record.sourceIds).toEqual(['src-aj', 'src-rfi', 'src-studio-tamani']);
    expect(merged.conflicts).toBeUndefined();
  });

  it('merges reports by id, field by field, and keeps a report removed on one side but edited on the other', () => {
    const base = shared(songho);
    const a = edit(
      'incidents',
      base,
      (r) => {
        const claims = r.claims as Json[];
        claims[0]!.fatalities = { best: 32 };
        claims[1]!.passageIds = ['p2', 'p3'];
      },
      awa,
    );
    const b = edit(
      'incidents',
      base,
      (r) => {
        const claims = r.claims as Json[];
        claims[0]!.quotes = { fatalities: 'at least 31 people were killed' };
        r.claims = [claims[0]];
      },
      bakary,
    );
    const merged = both('incidents', base, a, b);
    const claims = merged.record.claims as Json[];
    expect(claims.map((c) => c.id)).toEqual(['c-aj', 'c-rfi']);
    expect(claims[0]).toMatchObject({
      fatalities: { best: 32 },
      quotes: { fatalities: 'at least 31 people were killed' },
    });
    // Removed by one, edited by the other: kept, with the removal as a conflict to decide.
    expect(claims[1]).toMatchObject({ passageIds: ['p2', 'p3'] });
    expect(merged.conflicts?.['claims.c-rfi']?.sides.map((s) => s.by)).toEqual(['awa', 'bakary']);
    expect(merged.conflicts?.['claims.c-rfi']?.sides[1]).not.toHaveProperty('value');
  });

  it('drops a report removed on one side and left alone on the other', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.claims = (r.claims as Json[]).slice(0, 1)), awa);
    const b = edit('incidents', base, (r) => (r.description = 'A bus hit an explosive device.'), bakary);
    const merged = both('incidents', base, a, b);
    expect((merged.record.claims as Json[]).map((c) => c.id)).toEqual(['c-aj']);
    expect(merged.record.description).toBe('A bus hit an explosive device.');
    expect(merged.conflicts).toBeUndefined();
  });

  it('makes a move to the Trash racing an edit a conflict that keeps the edit in sight', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.deletedAt = awa.at), awa);
    const b = edit('incidents', base, (r) => (r.fatalities = { best: 34 }), bakary);
    const merged = both('incidents', base, a, b);
    expect(merged.record.deletedAt).toBeUndefined();
    expect(merged.record.fatalities).toEqual({ best: 34 });
    expect(merged.conflicts?.[TRASH_FIELD]?.sides).toEqual([
      { ...awa, value: { deletedAt: awa.at } },
      { ...bakary },
    ]);
  });

  it('moves to the Trash when the other side changed nothing', () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.deletedAt = awa.at), awa);
    const merged = both('incidents', base, a, base);
    expect(merged.record.deletedAt).toBe(awa.at);
    expect(merged.conflicts).toBeUndefined();
  });
});

describe('resolving a conflict', () => {
  const conflicted = () => {
    const base = shared(songho);
    const a = edit('incidents', base, (r) => (r.target = 'Civilians (bus passengers)'), awa);
    const b = edit('incidents', base, (r) => (r.target = 'Traders'), bakary);
    return mergeRecords('incidents', base, a, b);
  };
  const resolve = (v: Versioned, value: string, by: Stamp) =>
    edit(
      'incidents',
      v,
      (r) => {
        r.target = value;
        delete (r.conflicts as Json).target;
      },
      by,
    );

  it('wins over a copy still holding the conflict, even when the value kept is the one shown', () => {
    const merged = conflicted();
    expect(merged.record.target).toBe('Traders');
    const kept = resolve(merged, 'Traders', later);
    const result = both('incidents', merged, kept, merged);
    expect(result.conflicts).toBeUndefined();
    expect(result.record.target).toBe('Traders');
    expect(result.stamps.target).toEqual(later);
  });

  it('converges when two machines resolve it the same way offline, and conflicts again when differently', () => {
    const merged = conflicted();
    const one = resolve(merged, 'Civilians (bus passengers)', later);
    const two = resolve(merged, 'Civilians (bus passengers)', { by: 'dramane', at: later.at + 5 });
    const same = both('incidents', merged, one, two);
    expect(same.conflicts).toBeUndefined();
    expect(same.record.target).toBe('Civilians (bus passengers)');
    // Merging the result with either side again changes nothing: no loop.
    expect(mergeRecords('incidents', one, same, one)).toEqual(same);

    const other = resolve(merged, 'Traders', { by: 'dramane', at: later.at + 5 });
    expect(both('incidents', merged, one, other).conflicts?.target?.sides.map((s) => s.value)).toEqual([
      'Civilians (bus passengers)',
      'Traders',
    ]);
  });
});

describe("merging a note's text", () => {
  const text = [
    'Songho, 3 Dec 2021. Bus hit near Bandiagara.',
    'RFI: 31 dead. Al Jazeera: 31.',
    'Check the convoy escort claim with MINUSMA.',
    'Ask Studio Tamani for the list of names.',
  ].join('\n');
  const base = stampChanges('notes', undefined, json(note({ id: 'n1', body: text })), { by: 'awa', at: 1 });
  const lines = (body: unknown) => String(body).split('\n');

  it('merges changes to different lines', () => {
    const a = edit(
      'notes',
      base,
      (r) => (r.body = String(r.body).replace('RFI: 31 dead', 'RFI : 32 morts')),
      awa,
    );
    const b = edit(
      'notes',
      base,
      (r) => (r.body = `${String(r.body)}\nFollow-up: l’armée confirme.`),
      bakary,
    );
    const merged = both('notes', base, a, b);
    expect(lines(merged.record.body)).toEqual([
      'Songho, 3 Dec 2021. Bus hit near Bandiagara.',
      'RFI : 32 morts. Al Jazeera: 31.',
      'Check the convoy escort claim with MINUSMA.',
      'Ask Studio Tamani for the list of names.',
      'Follow-up: l’armée confirme.',
    ]);
    expect(merged.conflicts).toBeUndefined();
  });

  it('holds both texts when both changed the same line', () => {
    const a = edit('notes', base, (r) => (r.body = String(r.body).replace('31 dead', '32 dead')), awa);
    const b = edit('notes', base, (r) => (r.body = String(r.body).replace('31 dead', '33 dead')), bakary);
    const merged = both('notes', base, a, b);
    expect(merged.conflicts?.body?.sides.map((s) => s.value)).toEqual([a.record.body, b.record.body]);
  });
});

describe('stamping a save', () => {
  it('stamps only what changed, down to a report field', () => {
    const base = shared(songho);
    const next = edit(
      'incidents',
      base,
      (r) => {
        (r.claims as Json[])[1]!.fatalities = { best: 30 };
        r.tags = ['bus'];
      },
      bakary,
    );
    const changed = Object.entries(next.stamps)
      .filter(([, s]) => s.by === 'bakary')
      .map(([k]) => k)
      .sort();
    expect(changed).toEqual(['claims.c-rfi.fatalities', 'tags']);
  });
});
