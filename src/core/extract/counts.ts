/**
 * Casualty figures in reporting, English and French: "at least 31 people have been killed",
 * "killed 15 troops and three civilians" (18), "dozens were wounded" (12, ACLED's convention),
 * "au moins 132 civils ont été tués". Each figure keeps the words it came from and their
 * place in the text, so that a researcher can check it against the passage.
 */

export type CountKind = 'fatalities' | 'injuries';

/**
 * How the report bounds the figure: "at least 31", "more than 30" (31 and up, as ACLED and
 * UCDP read it), "up to 40", "about 20", or plain.
 */
export type CountBound = 'exact' | 'atLeast' | 'moreThan' | 'atMost' | 'approx';

export interface CountCandidate {
  kind: CountKind;
  value: number;
  bound: CountBound;
  /** The words the figure was read from. */
  text: string;
  start: number;
  end: number;
}

// ACLED codes vague amounts with fixed numbers: dozens 12, tens 10, hundreds 100.
const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
  dozens: 12,
  tens: 10,
  hundreds: 100,
  scores: 20,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  cent: 100,
  dizaine: 10,
  dizaines: 12,
  vingtaine: 20,
  trentaine: 30,
  centaine: 100,
  centaines: 100,
  douzaine: 12,
  quinzaine: 15,
  quarantaine: 40,
  cinquantaine: 50,
  soixantaine: 60,
};

/** "une dizaine", "une quinzaine": the article is part of the amount, not the figure one. */
const COLLECTIVE =
  '(?:une\\s+)?(?:dizaines?|douzaines?|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaines?)';

const NUMBER = `(?:\\d{1,3}(?:[ ,.\\u202f]\\d{3})+|\\d+|${COLLECTIVE}|${Object.keys(WORDS).join('|')})`;
const QUALIFIER =
  '(?:at least|more than|over|nearly|almost|about|around|some|approximately|up to|as many as|at most|' +
  "au moins|plus de|près de|environ|quelque|jusqu[’']à)";
const KILLED =
  '(?:killed|dead|died|deaths|lost their lives|executed|massacred|tués?|tuées?|morts?|mortes?|décédés?|décès|exécutée?s?|massacrée?s?)';
const INJURED = '(?:wounded|injured|hurt|blessés?|blessées?)';
// Between a figure and its verb: a few words, commas, "including women and children" — but
// no other figure, which would be the one the verb is about ("March 5, around fifteen were killed").
const GAP = `(?:[\\s,]+(?!(?:${NUMBER}|${QUALIFIER})\\b)[\\p{L}'’-]+){0,7}?[\\s,]+(?:(?:were|was|have been|had been|are|ont été|a été|sont|ont)\\s+)?`;

// `\\b` is ASCII's: a word ending in an accented letter (« tué », « blessé ») ends where no letter follows.
const BEFORE = new RegExp(
  `\\b(${QUALIFIER}\\s+)?(${NUMBER})\\b${GAP}(${KILLED}|${INJURED})(?![\\p{L}])`,
  'giu',
);
// The verb first: "killing 42 soldiers", "a tué mercredi une quinzaine de combattants" (a weekday
// or an adverb may sit between), "le massacre de 132 civils", "avoir neutralisé 24 assaillants".
const AFTER = new RegExp(
  `\\b(killed|killing|kills|neutrali[sz]ed|neutrali[sz]ing|massacred|massacre of|wounded|wounding|injured|injuring|tuant|tué|tue|neutralisé|neutralisant|massacre de|blessant|blessé)\\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|also|reportedly|aussi|notamment)\\s+){0,2}(${QUALIFIER}\\s+)?(${NUMBER})\\b(?:\\s+[\\p{L}-]+)?((?:,?\\s+(?:and|et)\\s+(?:${NUMBER})\\s+[\\p{L}-]+)*)`,
  'giu',
);

/** A figure's own verb, which makes it a count of its own. */
const OWN_VERB = new RegExp(`(?<![\\p{L}])(?:${KILLED}|${INJURED})(?![\\p{L}])`, 'iu');
const ACTIVE_AUXILIARY = /(?<![\p{L}])(?:a|ont|avait|avaient|avoir)\s+$/iu;
const OBJECT_FIGURE = new RegExp(`^\\s+(?:${QUALIFIER}\\s+)?${NUMBER}(?![\\p{L}\\d])`, 'iu');

/** A figure joined to the one a verb follows: "at least 15 soldiers and [three civilians were killed]". */
const JOINED = new RegExp(
  `\\b(${QUALIFIER}\\s+)?(${NUMBER})\\s+[\\p{L}-]+(?:\\s+[\\p{L}-]+)?\\s+(?:and|et)\\s+$`,
  'iu',
);

/** Amounts that are estimates by their very words: "dozens", "une dizaine". */
const VAGUE =
  /^(?:une\s+)?(dozens?|tens|hundreds|scores|dizaines?|douzaines?|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaines?)$/iu;

function numberOf(word: string): number | undefined {
  const digits = word.replace(/[ ,.\u202f]/g, '');
  if (/^\d+$/.test(digits)) return Number(digits);
  return WORDS[word.toLowerCase().replace(/^une\s+/u, '')];
}

function boundOf(qualifier: string | undefined): CountBound {
  const q = (qualifier ?? '').trim().toLowerCase();
  if (!q) return 'exact';
  if (/^(at least|au moins)$/.test(q)) return 'atLeast';
  if (/^(more than|over|plus de)$/.test(q)) return 'moreThan';
  if (/^(up to|as many as|at most|jusqu.à)$/.test(q)) return 'atMost';
  return 'approx';
}

const kindOf = (verb: string): CountKind =>
  new RegExp(`^${INJURED}$`, 'iu').test(verb) || /^(wound|injur|bless)/i.test(verb)
    ? 'injuries'
    : 'fatalities';

/** Years and times are not casualties: "in 2021 ... killed", "at 10 ... died". */
const looksLikeYear = (value: number, word: string) => /^\d{4}$/.test(word) && value >= 1900 && value <= 2100;

export function extractCounts(text: string): CountCandidate[] {
  const found: CountCandidate[] = [];
  for (const m of text.matchAll(BEFORE)) {
    const [whole, qualifier, word = '', verb = ''] = m;
    let value = numberOf(word);
    if (value === undefined || looksLikeYear(value, word)) continue;
    // The figure is the subject of an active verb, the ones who killed: « un engin explosif a
    // tué trois civils », "three gunmen killed two herders".
    const end = m.index + whole.length;
    if (
      ACTIVE_AUXILIARY.test(whole.slice(0, whole.length - verb.length)) ||
      OBJECT_FIGURE.test(text.slice(end, end + 40))
    )
      continue;
    let start = m.index;
    let bound = VAGUE.test(word) ? 'approx' : boundOf(qualifier);
    // "At least 15 soldiers and three civilians were killed": 18, at least.
    const joined = JOINED.exec(text.slice(Math.max(0, start - 80), start));
    const other = joined ? numberOf(joined[2] ?? '') : undefined;
    // …but not "10 dead and sixty wounded": a figure that has its own verb is counted by itself.
    const ownVerb = joined && OWN_VERB.test(joined[0]);
    if (joined && !ownVerb && other !== undefined && !looksLikeYear(other, joined[2] ?? '')) {
      value += other;
      start -= joined[0].length;
      if (joined[1]) bound = boundOf(joined[1]);
    }
    found.push({
      kind: kindOf(verb),
      value,
      bound,
      text: text.slice(start, m.index + whole.length),
      start,
      end: m.index + whole.length,
    });
  }
  for (const m of text.matchAll(AFTER)) {
    const [whole, verb = '', qualifier, word = '', rest = ''] = m;
    const first = numberOf(word);
    if (first === undefined || looksLikeYear(first, word)) continue;
    let value = first;
    for (const more of rest.matchAll(new RegExp(`(?:and|et)\\s+(${NUMBER})`, 'giu')))
      value += numberOf(more[1] ?? '') ?? 0;
    const start = m.index;
    // A figure already read the other way round is not counted twice.
    if (found.some((f) => f.start < start + whole.length && start < f.end)) continue;
    found.push({
      kind: kindOf(verb),
      value,
      bound: VAGUE.test(word) ? 'approx' : boundOf(qualifier),
      text: whole,
      start,
      end: start + whole.length,
    });
  }
  return found.sort((a, b) => a.start - b.start);
}
