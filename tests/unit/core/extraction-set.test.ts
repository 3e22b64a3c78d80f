import { describe, expect, it } from 'vitest';
import { FIELDS, LABELLED, read, scoreReadings } from '../../fixtures/extraction/score';

describe('the labelled extraction set', () => {
  it('holds at least 40 passages, in English and in French, dated and undated', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(40);
    expect(LABELLED.filter((p) => p.language === 'en').length).toBeGreaterThanOrEqual(20);
    expect(LABELLED.filter((p) => p.language === 'fr').length).toBeGreaterThanOrEqual(20);
    expect(LABELLED.filter((p) => p.publishedAt === null).length).toBeGreaterThanOrEqual(6);
  });

  it('is read right on at least 90 % of every field, in each language', () => {
    const { accuracy, misses } = scoreReadings();
    const below = Object.entries(accuracy).flatMap(([language, fields]) =>
      FIELDS.filter((f) => fields[f][0] < 0.9 * fields[f][1]).map(
        (f) => `${language} ${f}: ${fields[f][0]}/${fields[f][1]}`,
      ),
    );
    expect(below, JSON.stringify(misses, null, 1)).toEqual([]);
  });

  it('never proposes a date after publication, nor after today for an undated passage', () => {
    for (const passage of LABELLED) {
      const reading = read(passage);
      for (const d of [reading.date, ...reading.candidates.dates]) {
        if (!d) continue;
        expect(d.date <= (passage.publishedAt ?? '2026-12-01'), passage.id).toBe(true);
      }
    }
  });
});
