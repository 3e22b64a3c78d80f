import { describe, expect, it } from 'vitest';
import { extractDates } from '../../../src/core/extract/dates';

const dates = (text: string, published: string, language = 'en') =>
  extractDates(text, published, language).map(({ date, until, precision, text: words }) => ({
    date,
    precision,
    words,
    ...(until ? { until } : {}),
  }));

describe('extractDates', () => {
  it('resolves dates against the day the source was published', () => {
    expect(dates('At least 31 people have been killed on 3 December in central Mali.', '2021-12-08')).toEqual(
      [{ date: '2021-12-03', precision: 'day', words: 'on 3 December' }],
    );
  });

  it('takes a weekday alone as the last one before publication', () => {
    // Published on Wednesday 8 December 2021.
    expect(dates('The council on Monday condemned Friday’s attack.', '2021-12-08')).toEqual([
      { date: '2021-12-06', precision: 'day', words: 'on Monday' },
      { date: '2021-12-03', precision: 'day', words: 'Friday' },
    ]);
  });

  it('reads French dates and ranges', () => {
    expect(dates('Les attaques du 18 au 19 juin 2022 ont fait 132 morts.', '2022-06-21', 'fr')).toEqual([
      { date: '2022-06-18', until: '2022-06-19', precision: 'day', words: '18 au 19 juin 2022' },
    ]);
    expect(dates('L’attaque a eu lieu le 5 mars près de Mondoro.', '2022-03-09', 'fr')[0]).toMatchObject({
      date: '2022-03-05',
    });
  });

  it('ends the words of a date before the punctuation that follows it', () => {
    const text = 'Gunmen attacked a bus on Friday, in the Mopti region.';
    const [found] = extractDates(text, '2021-12-08', 'en');
    expect(found).toMatchObject({ date: '2021-12-03', text: 'on Friday' });
    expect(text.slice(found!.start, found!.end)).toBe('on Friday');
  });

  it('keeps where each date was read', () => {
    const text = 'Gunmen struck on Wednesday night.';
    const [found] = extractDates(text, '2022-03-10', 'en');
    expect(text.slice(found!.start, found!.end)).toBe(found!.text);
    expect(found!.date).toBe('2022-03-09');
  });
});
