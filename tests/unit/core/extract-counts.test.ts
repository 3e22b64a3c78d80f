import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCounts } from '../../../src/core/extract/counts';
import { BUS_ATTACK } from '../../fixtures/articles';

const pick = (text: string) => extractCounts(text).map(({ kind, value, bound }) => ({ kind, value, bound }));

describe('extractCounts', () => {
  it('reads the figures the way a reader does, in English', () => {
    expect(pick('At least 31 people have been killed on 3 December in central Mali.')).toEqual([
      { kind: 'fatalities', value: 31, bound: 'atLeast' },
    ]);
    expect(pick('Gunmen killed 15 troops and three civilians near Tessit.')).toEqual([
      { kind: 'fatalities', value: 18, bound: 'exact' },
    ]);
    expect(pick('Dozens were wounded when the market was shelled.')).toEqual([
      { kind: 'injuries', value: 12, bound: 'approx' },
    ]);
    expect(
      pick(
        'an attack in which more than 30 civilians, including women and children, were killed and many others injured',
      ),
    ).toEqual([{ kind: 'fatalities', value: 30, bound: 'moreThan' }]);
    expect(pick('The ambush left up to 40 soldiers dead.')).toEqual([
      { kind: 'fatalities', value: 40, bound: 'atMost' },
    ]);
  });

  it('reads them in French', () => {
    expect(pick('Au moins 132 civils ont été tués dans le centre du Mali.')).toEqual([
      { kind: 'fatalities', value: 132, bound: 'atLeast' },
    ]);
    expect(pick('Une dizaine de soldats ont été blessés.')).toEqual([
      { kind: 'injuries', value: 10, bound: 'approx' },
    ]);
    expect(pick('Au moins 20 habitants des villages voisins ont été tués.')).toEqual([
      { kind: 'fatalities', value: 20, bound: 'atLeast' },
    ]);
  });

  it('counts the victims, not the subject of an active verb', () => {
    expect(pick('Un casque bleu a été tué et trois autres blessés.')).toEqual([
      { kind: 'fatalities', value: 1, bound: 'exact' },
      { kind: 'injuries', value: 3, bound: 'exact' },
    ]);
    expect(pick('Un engin explosif improvisé a tué trois civils près de Bankass.')).toEqual([
      { kind: 'fatalities', value: 3, bound: 'exact' },
    ]);
    expect(pick('Three gunmen killed two herders.')).toEqual([
      { kind: 'fatalities', value: 2, bound: 'exact' },
    ]);
  });

  it('adds figures given together, and reads collective amounts', () => {
    expect(pick('At least 15 soldiers and three civilians were killed on Wednesday.')).toEqual([
      { kind: 'fatalities', value: 18, bound: 'atLeast' },
    ]);
    expect(pick('Une frappe a tué mercredi une quinzaine de combattants.')).toEqual([
      { kind: 'fatalities', value: 15, bound: 'approx' },
    ]);
    expect(pick('faisant au moins 10 morts et une soixantaine de blessés')).toEqual([
      { kind: 'fatalities', value: 10, bound: 'atLeast' },
      { kind: 'injuries', value: 60, bound: 'approx' },
    ]);
    expect(pick('More than 20 civilians were killed.')).toEqual([
      { kind: 'fatalities', value: 20, bound: 'moreThan' },
    ]);
  });

  it('keeps where each figure was read, for the researcher to check', () => {
    const text = 'Witnesses said that at least 31 people have been killed.';
    const [count] = extractCounts(text);
    expect(text.slice(count!.start, count!.end)).toBe('at least 31 people have been killed');
  });

  it('does not take years or unrelated numbers for casualties', () => {
    expect(pick('In 2021, two military coups in 16 months saw France halt joint operations.')).toEqual([]);
    expect(pick('Since 2012 the conflict has killed thousands.')).toEqual([]);
  });

  it('finds the figures of the sample bus attack article', () => {
    const text = readFileSync(BUS_ATTACK, 'utf8');
    const values = pick(text)
      .filter((c) => c.kind === 'fatalities')
      .map((c) => `${c.bound} ${c.value}`);
    expect(values).toEqual(expect.arrayContaining(['atLeast 31', 'moreThan 30']));
  });
});
