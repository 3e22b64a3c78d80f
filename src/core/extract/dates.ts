/**
 * Dates in reporting, English and French, with chrono-node, resolved against the day the
 * source was published: "on 3 December", "on Wednesday", "le 5 mars", "du 18 au 19 juin 2022",
 * "fin mars". A report tells what happened before it was published, so:
 *
 * - a weekday alone is the last such day on or before publication, as it is in news;
 * - a day and month without a year ("March 7") is the last such day on or before publication;
 * - a weekday given with a day ("Monday, March 7") must agree with it: when the year of
 *   publication does not, the last year before it in which they agree is taken (and said);
 *   when none does within a calendar cycle, the date is proposed and the disagreement said;
 * - nothing after publication is proposed, nor, for an undated source, anything after today.
 *
 * An undated source has nothing to read "on Wednesday" or "yesterday" against: such words are
 * returned apart, as unplaced, for the form to say so, and never resolved against today. A day
 * and month with no year in an undated source are placed in the last year up to today in which
 * they fit, and marked as an assumed year.
 *
 * Spans with no day, month or weekday named ("for several weeks") are not proposed.
 */
import * as chrono from 'chrono-node';
import { DAY_MS, isIsoDate, isoDay } from '../model/fields';

export type DatePrecision = 'day' | 'month' | 'year';

/** Why a proposed date needs a second look. */
export type DateNote =
  /** The year is not in the text: it is the last one up to today (undated source). */
  | 'yearAssumed'
  /** The weekday named did not fit the day in the year of publication: an earlier year was taken. */
  | 'yearFromWeekday'
  /** The weekday named fits the day in no year near publication. */
  | 'weekdayDisagrees';

export interface DateCandidate {
  /** ISO date (YYYY-MM-DD) of the day, or of the first day of a range (the 1st for a month). */
  date: string;
  /** Last day of a range ("du 18 au 19 juin"). */
  until?: string;
  precision: DatePrecision;
  note?: DateNote;
  text: string;
  start: number;
  end: number;
}

/** Words that name a day only against another day ("on Wednesday", "hier"). */
export interface UnplacedDate {
  text: string;
  start: number;
  end: number;
}

export interface DateReading {
  dates: DateCandidate[];
  /** Relative dates of an undated source: they cannot be placed without its date. */
  unplaced: UnplacedDate[];
}

export interface DateOptions {
  /** ISO date the source was published. */
  publishedAt?: string | undefined;
  /** `en` or `fr`. */
  language: string;
  /** ISO date of today, the latest date an undated source can tell of (default: the clock's). */
  today?: string;
}

/**
 * Words that pin a date down: a figure, a month, a weekday, today or yesterday. "For several
 * weeks" and "the past few days" have none and are not dates of an event.
 */
const ANCHORED =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|déc|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|today|yesterday|aujourd|hier)/iu;

/** A month or a year in the words: a day given in full, not against another ("yesterday", "on Monday"). */
const WRITTEN_DAY =
  /\d{4}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|déc)/iu;

const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const unaccent = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** chrono's French, with « fin mars », « début juin », « mi-août », which it lacks. */
const french = chrono.fr.casual.clone();
french.parsers.push({
  pattern: () =>
    /(?<![\p{L}])(?:fin|début|debut|mi-?)\s*(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)(?:\s+(\d{4}))?(?![\p{L}])/iu,
  extract: (_context, match) => {
    const month = FRENCH_MONTHS.findIndex((m) => unaccent(m) === unaccent(match[1] ?? '')) + 1;
    return match[2] ? { month, year: Number(match[2]) } : { month };
  },
});

const dayTime = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
const withYear = (date: Date, year: number) =>
  new Date(Date.UTC(year, date.getUTCMonth(), date.getUTCDate(), 12));

export function readDates(text: string, options: DateOptions): DateReading {
  const { publishedAt, language } = options;
  const today = options.today ?? isoDay(new Date());
  /** The latest day the text can tell of. */
  const latest = publishedAt ?? today;
  const reference = new Date(dayTime(latest));
  const parser = language === 'fr' ? french : chrono.en.casual;
  const results = parser.parse(text, { instant: reference, timezone: 0 });
  const dates: DateCandidate[] = [];
  const unplaced: UnplacedDate[] = [];
  for (const r of results) {
    const certain = (part: Parameters<typeof r.start.isCertain>[0]) => r.start.isCertain(part);
    // Times of day alone ("at 10 am", "this morning") say nothing about which day.
    if (!certain('day') && !certain('weekday') && !certain('month')) continue;
    if (!ANCHORED.test(r.text)) continue;
    // chrono keeps a comma or stop that follows the date ("on Friday,"); the words end before it.
    const words = r.text.replace(/[\s,.;:]+$/u, '');
    const span = { text: words, start: r.index, end: r.index + words.length };
    const hasDay = certain('day');
    const hasYear = certain('year');
    // Without a month or a year written, a day is only ever named against another day.
    if (!publishedAt && !WRITTEN_DAY.test(words)) {
      // "on Wednesday", "today", "hier": against what day?
      unplaced.push(span);
      continue;
    }
    let start = r.start.date();
    let note: DateNote | undefined;
    if (!hasDay && !certain('month') && certain('weekday')) {
      if (start.getTime() > reference.getTime()) start = new Date(start.getTime() - 7 * DAY_MS);
    } else if (!hasYear) {
      // The last such day on or before the latest day the text can tell of.
      let year = reference.getUTCFullYear();
      if (withYear(start, year).getTime() > reference.getTime()) year--;
      start = withYear(start, year);
      if (!publishedAt) note = 'yearAssumed';
      const weekday = r.start.get('weekday');
      if (hasDay && certain('weekday') && weekday !== null && start.getUTCDay() !== weekday) {
        // "Monday, March 7": the last year, before publication, in which March 7 is a Monday.
        const fits = Array.from({ length: 12 }, (_, i) => withYear(start, year - i)).find(
          (d) => d.getUTCDay() === weekday && d.getUTCDate() === start.getUTCDate(),
        );
        if (fits) {
          start = fits;
          note = publishedAt ? 'yearFromWeekday' : 'yearAssumed';
        } else note = 'weekdayDisagrees';
      }
    } else if (hasDay && certain('weekday')) {
      const weekday = r.start.get('weekday');
      if (weekday !== null && start.getUTCDay() !== weekday) note = 'weekdayDisagrees';
    }
    const precision: DatePrecision =
      hasDay || (certain('weekday') && !certain('month')) ? 'day' : certain('month') ? 'month' : 'year';
    const iso = isoDay(start);
    const candidate: DateCandidate = {
      date: precision === 'month' ? `${iso.slice(0, 7)}-01` : iso,
      precision,
      ...span,
    };
    if (note) candidate.note = note;
    if (r.end) {
      const shift = start.getTime() - r.start.date().getTime();
      candidate.until = isoDay(new Date(r.end.date().getTime() + shift));
    }
    if (candidate.date > latest) continue;
    dates.push(candidate);
  }
  return { dates, unplaced };
}

/** The dates `readDates` proposes, without the unplaced words. */
export function extractDates(
  text: string,
  publishedAt: string | undefined,
  language: string,
  today?: string,
): DateCandidate[] {
  return readDates(text, { publishedAt, language, ...(today ? { today } : {}) }).dates;
}

// Datelines and bylines: "Published 12 March 2022", « Publié le 21 juin 2022 à 18h04 »,
// "Updated: 3 December 2021", "BAMAKO, Dec 8 (Reuters) -", « GAO (Mali), 8 août (AFP) - ».
const PUBLISHED_LINE =
  /^[ \t]*(?:published|posted|first published|updated|last updated|date|publié|publie|mis en ligne|mis à jour|mise à jour)(?![\p{L}])[ \t]*(?:on|le|:)?[ \t]*\n?[ \t]*([^\n]{4,60})$/imu;
/** A date stamp as files saved by tools write it: "date 2021-12-08", "Published: 2022-06-21". */
const ISO_STAMP =
  /^[ \t]*(?:date|published|posted|updated|publié(?: le)?|mis à jour(?: le)?)?[ \t:]*(\d{4}-\d{2}-\d{2})(?![\d])/imu;
const WIRE_DATELINE =
  /^[ \t]*\p{Lu}[\p{Lu}\p{M} '’.-]{1,40}(?:\s*\([^)\n]{1,30}\))?,[ \t]*([^\n()]{3,30}?)[ \t]*\((?:Reuters|AFP|AP|Xinhua|APA|Anadolu|AA|UPI|dpa)\)[ \t]*[-–—]/mu;

export interface PublishedDate {
  date: string;
  /** The words it was read from, and where. */
  text: string;
  start: number;
  end: number;
}

/**
 * The date a page says it was published, for a source whose file carries none: a "Published …"
 * or « publié le … » line, or a wire dateline. A dateline without a year ("Aug 8 (Reuters)")
 * takes the last such day up to today.
 */
export function publishedDateIn(
  text: string,
  options: { language: string; today?: string },
): PublishedDate | undefined {
  const head = text.slice(0, 4000);
  const stamp = ISO_STAMP.exec(head.slice(0, 200));
  if (stamp?.[1] && isIsoDate(stamp[1]))
    return { date: stamp[1], text: stamp[0], start: stamp.index, end: stamp.index + stamp[0].length };
  for (const pattern of [PUBLISHED_LINE, WIRE_DATELINE]) {
    const match = pattern.exec(head);
    const words = match?.[1];
    if (!match || !words) continue;
    for (const language of [options.language, options.language === 'fr' ? 'en' : 'fr']) {
      const found = readDates(words, {
        language,
        ...(options.today ? { today: options.today } : {}),
      }).dates.find((d) => d.precision === 'day');
      if (found)
        return { date: found.date, text: match[0], start: match.index, end: match.index + match[0].length };
    }
  }
  return undefined;
}
