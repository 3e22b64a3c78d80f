import { describe, expect, it } from 'vitest';
import { validateIncident, validateNote, validateSource } from '../../../src/core/model/validate';
import { isIsoDate, parseTags } from '../../../src/core/model/fields';
import { ACLED_EVENT_TYPES, isSubEventOf } from '../../../src/core/model/acled';
import { incidentForm, sourceForm } from '../factories';

describe('validateSource', () => {
  it('accepts a complete source and normalises its tags', () => {
    const result = validateSource(
      sourceForm({
        tags: 'Mali, mopti;  Mali , bus attack',
        publishedAt: '2021-12-08',
        url: 'https://example.org/a',
      }),
      { origin: { kind: 'manual' } },
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.tags).toEqual(['Mali', 'mopti', 'bus attack']);
      expect(result.value.publishedAt).toBe('2021-12-08');
    }
  });

  it('names each field that is wrong', () => {
    const result = validateSource(
      sourceForm({ title: '  ', url: 'javascript:alert(1)', publishedAt: '2021-13-01' }),
      {
        origin: { kind: 'manual' },
      },
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        title: 'validation.titleRequired',
        url: 'validation.urlInvalid',
        publishedAt: 'validation.dateInvalid',
      },
    });
  });
});

describe('validateNote', () => {
  it('keeps the passage a note is about, only with its source', () => {
    expect(validateNote(' On the figures ', 's1', 'p1')).toEqual({
      ok: true,
      value: { body: 'On the figures', sourceId: 's1', passageId: 'p1' },
    });
    expect(validateNote('Free-standing', undefined, 'p1')).toEqual({
      ok: true,
      value: { body: 'Free-standing' },
    });
  });

  it('refuses an empty note and keeps the source link of a note on a source', () => {
    expect(validateNote('   ', undefined)).toEqual({ ok: false, errors: { body: 'validation.noteEmpty' } });
    expect(validateNote(' Check the figures ', 's1')).toEqual({
      ok: true,
      value: { body: 'Check the figures', sourceId: 's1' },
    });
  });
});

describe('validateIncident', () => {
  it('builds an incident with fatalities as low/best/high', () => {
    const result = validateIncident(
      incidentForm({
        fatalitiesLow: '30',
        fatalitiesBest: '31',
        fatalitiesHigh: '33',
        latitude: '14.35',
        longitude: '-3.61',
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.fatalities).toEqual({ low: 30, best: 31, high: 33 });
      expect(result.value.location).toMatchObject({ latitude: 14.35, longitude: -3.61 });
    }
  });

  it('refuses estimates out of order, non-counts and half a coordinate', () => {
    const result = validateIncident(
      incidentForm({
        fatalitiesLow: '40',
        fatalitiesBest: '31',
        fatalitiesHigh: '20',
        injured: 'many',
        latitude: '14',
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({
        fatalitiesLow: 'validation.lowAboveBest',
        fatalitiesHigh: 'validation.highBelowBest',
        injured: 'validation.countInvalid',
        longitude: 'validation.coordinatesPair',
      });
    }
  });

  it('requires a date, a place and an ACLED event type, and a sub-type of that type', () => {
    const result = validateIncident(
      incidentForm({ date: '', location: '', eventType: 'Riots', subEventType: 'Attack' }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({
        date: 'validation.dateRequired',
        location: 'validation.locationRequired',
        subEventType: 'validation.subEventTypeMismatch',
      });
    }
    const noType = validateIncident(incidentForm({ eventType: 'Massacre' }));
    expect(noType.ok ? undefined : noType.errors.eventType).toBe('validation.eventTypeRequired');
  });
});

describe('fields', () => {
  it('recognises only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('03/12/2021')).toBe(false);
  });

  it('splits tags on commas and semicolons without repeats', () => {
    expect(parseTags('JNIM; jnim, , Mopti')).toEqual(['JNIM', 'Mopti']);
  });
});

describe('ACLED taxonomy', () => {
  it('has the six event types with their sub-types', () => {
    expect(Object.keys(ACLED_EVENT_TYPES)).toEqual([
      'Battles',
      'Explosions/Remote violence',
      'Violence against civilians',
      'Protests',
      'Riots',
      'Strategic developments',
    ]);
    expect(isSubEventOf('Explosions/Remote violence', 'Remote explosive/landmine/IED')).toBe(true);
    expect(isSubEventOf('Battles', 'Attack')).toBe(false);
  });
});
