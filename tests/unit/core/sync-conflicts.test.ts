import { describe, expect, it } from 'vitest';
import { conflictsAfterEdit, settleConflict, sidesFor, valueAt } from '../../../src/core/sync/conflicts';
import type { Incident } from '../../../src/core/model/types';
import { claim, incident } from '../factories';

const awa = { by: 'awa', at: 10 };
const bakary = { by: 'bakary', at: 20 };

describe('settling a conflict', () => {
  it('writes the chosen value and drops that conflict only', () => {
    const record: Incident = incident({
      fatalities: { best: 32 },
      conflicts: {
        fatalities: {
          sides: [
            { ...awa, value: { best: 31 } },
            { ...bakary, value: { best: 32 } },
          ],
        },
        perpetrator: {
          sides: [
            { ...awa, value: 'JNIM' },
            { ...bakary, value: 'GSIM' },
          ],
        },
      },
    });
    const settled = settleConflict(record, 'fatalities', { best: 31 });
    expect(settled.fatalities).toEqual({ best: 31 });
    expect(Object.keys(settled.conflicts!)).toEqual(['perpetrator']);
    const both = settleConflict(settled, 'perpetrator', 'JNIM (GSIM)');
    expect(both.perpetrator).toBe('JNIM (GSIM)');
    expect('conflicts' in both).toBe(false);
  });

  it('moves a record to the Trash or out of it when the conflict is the Trash', () => {
    const trashed = incident({
      deletedAt: 5,
      conflicts: { trash: { sides: [{ ...awa, value: { deletedAt: 5 } }, { ...bakary }] } },
    });
    expect(valueAt(trashed, 'trash')).toEqual({ deletedAt: 5 });
    const kept = settleConflict(trashed, 'trash', undefined);
    expect(kept.deletedAt).toBeUndefined();
    expect(kept.conflicts).toBeUndefined();
    expect(settleConflict(kept, 'trash', { deletedAt: 5 }).deletedAt).toBe(5);
  });

  it('reaches a report’s field, and a report removed on one side and edited on the other', () => {
    const report = claim({ id: 'c1', fatalities: { best: 12 } });
    const record = incident({
      claims: [report],
      conflicts: {
        'claims.c1.fatalities': {
          sides: [
            { ...awa, value: { best: 10 } },
            { ...bakary, value: { best: 12 } },
          ],
        },
      },
    });
    expect(valueAt(record, 'claims.c1.fatalities')).toEqual({ best: 12 });
    expect(settleConflict(record, 'claims.c1.fatalities', { best: 10 }).claims![0]!.fatalities).toEqual({
      best: 10,
    });
    const removed = settleConflict(record, 'claims.c1', undefined);
    expect(removed.claims).toEqual([]);
  });

  it('is done by an edit of that field by hand, and by no edit of another', () => {
    const before = incident({
      perpetrator: 'GSIM',
      conflicts: {
        perpetrator: {
          sides: [
            { ...awa, value: 'JNIM' },
            { ...bakary, value: 'GSIM' },
          ],
        },
      },
    });
    expect(Object.keys(conflictsAfterEdit(before, { ...before, tags: ['bus'] }))).toEqual(['perpetrator']);
    expect(conflictsAfterEdit(before, { ...before, perpetrator: 'JNIM' })).toEqual({});
  });

  it('tells this member’s value from the others’, latest first', () => {
    const conflict = {
      sides: [
        { ...awa, value: 1 },
        { ...bakary, value: 2 },
        { by: 'chloe', at: 30, value: 3 },
      ],
    };
    const { mine, theirs } = sidesFor(conflict, 'bakary');
    expect(mine?.value).toBe(2);
    expect(theirs.map((s) => s.value)).toEqual([3, 1]);
    expect(sidesFor(conflict, undefined).mine).toBeUndefined();
  });
});
