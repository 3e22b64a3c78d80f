import { describe, expect, it } from 'vitest';
import { extractDates, publishedDateIn, readDates } from '../../../src/core/extract/dates';

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

describe('dates of an undated source, and days that must agree', () => {
  const today = '2026-12-01';

  it('never reads "on Wednesday" or "yesterday" of an undated source against today, and says which words it left', () => {
    const text = 'Gunmen stormed the village on Wednesday; two aid workers were kidnapped yesterday.';
    const read = readDates(text, { language: 'en', today });
    expect(read.dates).toEqual([]);
    expect(read.unplaced.map((u) => u.text)).toEqual(['on Wednesday', 'yesterday']);
    expect(
      readDates('Deux humanitaires ont été enlevés hier.', { language: 'fr', today }).unplaced,
    ).toHaveLength(1);
  });

  it('places a day and month of an undated source in the last year up to today where its weekday fits, and says the year is assumed', () => {
    const [found] = readDates('on Monday, March 7, killing at least eight soldiers', {
      language: 'en',
      today,
    }).dates;
    // 7 March was a Monday in 2022; 2027 is in the future.
    expect(found).toMatchObject({ date: '2022-03-07', precision: 'day', note: 'yearAssumed' });
  });

  it('takes the last year before publication in which weekday and day agree', () => {
    // Published Friday 10 March 2023: 7 March 2023 was a Tuesday; it was a Monday in 2022.
    const [found] = extractDates('Lundi 7 mars, des jihadistes ont tendu une embuscade.', '2023-03-10', 'fr');
    expect(found).toMatchObject({ date: '2022-03-07', note: 'yearFromWeekday' });
  });

  it('says when a weekday and a full date disagree', () => {
    const [found] = extractDates('on Tuesday, 7 March 2022', '2022-03-10', 'en');
    expect(found).toMatchObject({ date: '2022-03-07', note: 'weekdayDisagrees' });
  });

  it('reads a day without a year as the last one before publication, never after it', () => {
    expect(extractDates('The attack on 7 March killed 12.', '2022-03-05', 'en')[0]?.date).toBe('2021-03-07');
    for (const d of extractDates('on 28 December and on Friday', '2022-01-02', 'en'))
      expect(d.date <= '2022-01-02').toBe(true);
  });

  it('reads « fin mars » as March', () => {
    expect(extractDates('à Moura fin mars, selon HRW', '2022-04-05', 'fr')[0]).toMatchObject({
      date: '2022-03-01',
      precision: 'month',
    });
  });

  it('finds the published date a page prints, in English and in French, and a wire dateline', () => {
    const at = (text: string, language = 'en') => publishedDateIn(text, { language, today })?.date;
    expect(at('Skip to content\nPublished 12 March 2022\nGunmen attacked...')).toBe('2022-03-12');
    expect(at('Updated: 3 December 2021 14:02 GMT\nAt least 31...')).toBe('2021-12-03');
    expect(at('Accueil > Afrique\nPublié le 21 juin 2022 à 18h04\nPlus de 20 civils...', 'fr')).toBe(
      '2022-06-21',
    );
    expect(at('Mis à jour le 5 mars 2023\nL’armée...', 'fr')).toBe('2023-03-05');
    expect(at('BAMAKO, Dec 8, 2021 (Reuters) - At least 31 people...')).toBe('2021-12-08');
    expect(at('GAO (Mali), 8 août 2022 (AFP) - Quatre civils...', 'fr')).toBe('2022-08-08');
    expect(at('Gunmen attacked a bus in central Mali on Friday.')).toBeUndefined();
  });
});
