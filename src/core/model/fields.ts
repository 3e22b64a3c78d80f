/**
 * Small parsers shared by every form and import: tags, ISO dates, counts and coordinates.
 * Each returns undefined (or an empty value) for blank input and null for input it rejects,
 * so callers can tell "not given" from "given wrongly".
 */
import type { IsoDate } from './types';

/** Splits a comma- or semicolon-separated list of tags, trimming and dropping repeats (case-insensitive). */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.split(/[,;]/)) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    const key = tag.toLocaleLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  }
  return tags;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The start of an ISO date (UTC), in milliseconds since the epoch. */
export const dayTime = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** The ISO date (UTC) of an instant. */
export const isoDay = (at: number | Date): string => new Date(at).toISOString().slice(0, 10);

/** Days between two ISO dates. */
export const daysApart = (a: string, b: string): number => Math.abs(dayTime(a) - dayTime(b)) / DAY_MS;

/** True for a real calendar date written YYYY-MM-DD (2023-02-30 is rejected). */
export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A non-negative whole number; undefined when blank, null when not a count. */
export function parseCount(input: string): number | undefined | null {
  const text = input.trim();
  if (text === '') return undefined;
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

/** A decimal number within [min, max]; undefined when blank, null when not such a number. */
export function parseBounded(input: string, min: number, max: number): number | undefined | null {
  const text = input.trim().replace(',', '.');
  if (text === '') return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}
