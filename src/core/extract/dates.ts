/**
 * Dates in reporting, English and French, with chrono-node, resolved against the day the
 * source was published: "on 3 December", "on Wednesday", "le 5 mars", "du 18 au 19 juin 2022".
 * A weekday alone means the last such day on or before publication, as it does in news. Dates
 * after publication, and spans with no day, month or weekday named ("for several weeks"),
 * are not proposed.
 */
import * as chrono from 'chrono-node';
import { DAY_MS, isoDay } from '../model/fields';

export type DatePrecision = 'day' | 'month' | 'year';

export interface DateCandidate {
  /** ISO date (YYYY-MM-DD) of the day, or of the first day of a range. */
  date: string;
  /** Last day of a range ("du 18 au 19 juin"). */
  until?: string;
  precision: DatePrecision;
  text: string;
  start: number;
  end: number;
}

/**
 * Words that pin a date down: a figure, a month, a weekday, today or yesterday. "For several
 * weeks" and "the past few days" have none and are not dates of an event.
 */
const ANCHORED =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|déc|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|today|yesterday|aujourd|hier)/iu;

export function extractDates(
  text: string,
  publishedAt: string | undefined,
  language: string,
): DateCandidate[] {
  const reference = publishedAt ? new Date(`${publishedAt}T12:00:00Z`) : new Date();
  const parser = language === 'fr' ? chrono.fr : chrono.en;
  const results = parser.parse(text, { instant: reference, timezone: 0 });
  const found: DateCandidate[] = [];
  for (const r of results) {
    const certain = (part: Parameters<typeof r.start.isCertain>[0]) => r.start.isCertain(part);
    // Times of day alone ("at 10 am", "this morning") say nothing about which day.
    if (!certain('day') && !certain('weekday') && !certain('month')) continue;
    if (!ANCHORED.test(r.text)) continue;
    let start = r.start.date();
    if (!certain('day') && certain('weekday') && start.getTime() > reference.getTime()) {
      start = new Date(start.getTime() - 7 * DAY_MS);
    }
    const precision: DatePrecision =
      certain('day') || certain('weekday') ? 'day' : certain('month') ? 'month' : 'year';
    // chrono keeps a comma or stop that follows the date ("on Friday,"); the words end before it.
    const words = r.text.replace(/[\s,.;:]+$/u, '');
    const candidate: DateCandidate = {
      date: isoDay(start),
      precision,
      text: words,
      start: r.index,
      end: r.index + words.length,
    };
    if (r.end) candidate.until = isoDay(r.end.date());
    // A report tells what happened before it was published.
    if (publishedAt && candidate.date > publishedAt) continue;
    found.push(candidate);
  }
  return found;
}
