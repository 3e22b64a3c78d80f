/**
 * Plain-text and Markdown files as sources. The text is normalised (BOM dropped, line endings
 * unified, Unicode NFC, NUL and bidi controls removed). A first line `date YYYY-MM-DD` sets the
 * published date and is taken out of the text; without one, the date the page prints is read
 * ("Published 12 March 2022", « Publié le … », a wire dateline). The title is a Markdown file's
 * first heading; otherwise the page's headline, past its menus and banners (`pickHeadline`),
 * cut at a word boundary when it is long, and said to be guessed.
 */
import { publishedDateIn } from '../extract/dates';
import { isIsoDate } from '../model/fields';
import type { IsoDate } from '../model/types';
import { pickHeadline } from './headline';

export interface ParsedText {
  title: string;
  /** The title was picked from the text rather than given by it (a heading). */
  titleGuessed: boolean;
  text: string;
  publishedAt?: IsoDate;
}

export const TITLE_MAX = 160;

// Bidi embeddings, overrides and isolates can disguise text (CVE-2021-42574); NUL breaks storage.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be removed
const UNSAFE_CONTROLS = /[\u0000\u202A-\u202E\u2066-\u2069]/g;

export function normalizeText(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(UNSAFE_CONTROLS, '');
}

const DATE_LINE = /^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)[ \t]*/i;

/** Cuts a line to at most `max` characters, at a word boundary where there is one. */
export function shortenTitle(line: string, max = TITLE_MAX): string {
  const clean = line.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** The file name without its folder and extension, as a last-resort title. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return (
    base
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || base
  );
}

function firstMarkdownHeading(text: string): string | undefined {
  const atx = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(text);
  const setext = /^(?! {0,3}[#>*+-])(\S.*)\n {0,3}(=+|-+)[ \t]*$/m.exec(text);
  if (atx && setext) return atx.index < setext.index ? atx[1] : setext[1];
  return atx?.[1] ?? setext?.[1];
}

export function parseTextFile(name: string, raw: string, format: 'text' | 'markdown'): ParsedText {
  let text = normalizeText(raw);
  let publishedAt: IsoDate | undefined;
  const dateLine = DATE_LINE.exec(text);
  if (dateLine?.[1] && isIsoDate(dateLine[1])) {
    publishedAt = dateLine[1];
    text = text.slice(dateLine[0].length);
  }
  text = text.replace(/^\s*\n/, '').trimEnd();
  const heading = format === 'markdown' ? firstMarkdownHeading(text) : undefined;
  const headline = heading ? { title: shortenTitle(heading), guessed: false } : pickHeadline(text);
  const title = headline.title || titleFromFileName(name);
  publishedAt ??= publishedDateIn(text, { language: 'en' })?.date;
  return {
    title,
    titleGuessed: headline.guessed || !headline.title,
    text,
    ...(publishedAt ? { publishedAt } : {}),
  };
}
