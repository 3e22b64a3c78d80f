/**
 * Reading lists as sources: RIS, BibTeX and CSL-JSON (what Zotero, Mendeley and EndNote
 * export), parsed by Citation.js into CSL items. The input type is always forced, so that
 * Citation.js never treats a line as a URL or DOI to fetch.
 */
import { Cite, type CslItem, type CslName } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { isIsoDate } from '../model/fields';
import type { ImportFailure } from './failure';

export type CitationDialect = 'ris' | 'bibtex' | 'csl-json';

export interface Citation {
  title: string;
  authors: string[];
  /** ISO date when the item gives a full date; a year or month alone is kept in `year`. */
  publishedAt?: string;
  year?: string;
  container: string;
  publisher: string;
  url: string;
  doi: string;
  abstract: string;
  keywords: string[];
  language: string;
  type: string;
}

const FORCE_TYPE: Record<Exclude<CitationDialect, 'csl-json'>, string> = {
  ris: '@ris/file',
  bibtex: '@biblatex/text',
};

function nameOf(name: CslName): string {
  if (name.literal) return name.literal;
  return [name.given, name.family].filter(Boolean).join(' ');
}

function dateOf(item: CslItem): { publishedAt?: string; year?: string } {
  const parts = item.issued?.['date-parts']?.[0]?.map(Number) ?? [];
  const [year, month, day] = parts;
  if (!year || Number.isNaN(year)) return {};
  const pad = (n: number) => String(n).padStart(2, '0');
  const full = month && day ? `${year}-${pad(month)}-${pad(day)}` : '';
  return isIsoDate(full) ? { publishedAt: full, year: String(year) } : { year: String(year) };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function toCitation(item: CslItem): Citation {
  const people = item.author ?? item.reporter ?? item.editor ?? [];
  const keywords = text(item.keyword)
    .split(/[,;]/)
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    title: text(item.title),
    authors: people.map(nameOf).filter(Boolean),
    ...dateOf(item),
    container: text(item['container-title']),
    publisher: text(item.publisher),
    url: /^https?:\/\//i.test(text(item.URL)) ? text(item.URL) : '',
    doi: text(item.DOI),
    abstract: text(item.abstract),
    keywords,
    language: text(item.language).toLowerCase().slice(0, 2),
    type: text(item.type),
  };
}

export function parseCitations(input: string, dialect: CitationDialect): Citation[] | ImportFailure {
  let items: CslItem[];
  try {
    if (dialect === 'csl-json') {
      const parsed: unknown = JSON.parse(input);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      items = new Cite(list, { forceType: '@csl/list+object' }).data;
    } else {
      items = new Cite(input, { forceType: FORCE_TYPE[dialect] }).data;
    }
  } catch (error) {
    return { code: 'noCitations', detail: error instanceof Error ? error.message : String(error) };
  }
  const citations = items.map(toCitation).filter((c) => c.title || c.abstract);
  return citations.length ? citations : { code: 'noCitations' };
}

/** The reference as one line, the way a bibliography shows it. */
export function referenceLine(c: Citation): string {
  return [
    c.authors.join(', '),
    c.year ? `(${c.year})` : '',
    c.title,
    c.container,
    c.publisher,
    c.doi ? `doi:${c.doi}` : '',
    c.url,
  ]
    .filter(Boolean)
    .join('. ');
}
