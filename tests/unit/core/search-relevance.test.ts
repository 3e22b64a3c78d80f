import { describe, expect, it } from 'vitest';
import { evaluateRelevance } from '../../fixtures/relevance/evaluate';
import { JUDGED_QUERIES } from '../../fixtures/relevance/queries';
import { RELEVANCE_DOCS } from '../../fixtures/relevance/corpus';

describe('relevance test set', () => {
  const report = evaluateRelevance();

  it('is the size the targets are measured on: ≥ 150 judged queries over ≥ 60 written texts', () => {
    expect(JUDGED_QUERIES.length).toBeGreaterThanOrEqual(150);
    expect(RELEVANCE_DOCS.length).toBeGreaterThanOrEqual(60);
    const written = new Set(RELEVANCE_DOCS.map((d) => d.id));
    for (const query of JUDGED_QUERIES)
      for (const id of query.relevant)
        expect(written.has(id) || id.startsWith('s-'), `${query.q}: ${id}`).toBe(true);
  });

  it('detects the language of every written text as the one it is written in', () => {
    expect(report.languages).toEqual([]);
  });

  it('finds, in the first ten, at least 95 % of what must be found in each language', () => {
    for (const [language, score] of Object.entries(report.byLanguage))
      expect(score.recall, language).toBeGreaterThanOrEqual(0.95);
  });

  it('has no kind of difficulty below 90 % recall', () => {
    for (const [kind, score] of Object.entries(report.byKind))
      expect(score.recall, kind).toBeGreaterThanOrEqual(0.9);
  });

  it('answers every judged query without an error', () => {
    expect(report.misses.filter((m) => m.error)).toEqual([]);
  });
});
