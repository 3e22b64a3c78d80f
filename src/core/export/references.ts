/**
 * Sources as references for Zotero and other reference managers: RIS, BibTeX (in BibLaTeX's
 * fields, which Zotero reads) and CSL-JSON, written by Citation.js from one CSL item per source.
 *
 * - The type follows where the source came from: a PDF is a report; a page with an outlet is a
 *   newspaper article, without one a web page; anything else a document.
 * - The outlet is the article's publication (`container-title`); for a report or a document it
 *   is the publisher. The import date is the date accessed; tags are keywords.
 * - An author written "Family, Given" becomes a person; any other name is kept as written
 *   (an agency, a newsroom, a name in an order Fieldbook cannot know).
 * - In RIS a newspaper article is written as a magazine article (MGZN): Citation.js writes and
 *   reads RIS's newspaper type (NEWS) without its authors or its full date, and a reference
 *   manager would lose both. Values are kept on one line each (see `unwrapRis`).
 */
import { Cite, type CslItem, type CslName } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { SourceSummary } from '../model/types';

export const REFERENCE_FORMATS = ['ris', 'bibtex', 'csl-json'] as const;
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number];

const dateParts = (iso: string) => [iso.split('-').map(Number)];

function namesOf(author: string): CslName[] {
  return author
    .split(/\s*(?:;|\s&\s|\band\b|\bet\b)\s*/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const [family, given, ...rest] = name.split(/\s*,\s*/);
      return family && given && rest.length === 0 ? { family, given } : { literal: name };
    });
}

/** The CSL item a source becomes. */
export function cslItemOf(source: SourceSummary): CslItem {
  const format = source.origin.kind === 'file' ? source.origin.format : undefined;
  const type =
    format === 'pdf'
      ? 'report'
      : source.url && source.publisher
        ? 'article-newspaper'
        : source.url
          ? 'webpage'
          : 'document';
  const inPublication = type === 'article-newspaper' || type === 'webpage';
  // One line each: a line break inside a value would end it in RIS.
  const item: CslItem = { id: source.id, type, title: source.title.replace(/\s+/g, ' ').trim() };
  const authors = namesOf(source.author);
  if (authors.length) item.author = authors;
  if (source.publishedAt) item.issued = { 'date-parts': dateParts(source.publishedAt) };
  item.accessed = { 'date-parts': dateParts(new Date(source.createdAt).toISOString().slice(0, 10)) };
  if (source.publisher) {
    if (inPublication) item['container-title'] = source.publisher;
    else item.publisher = source.publisher;
  }
  if (source.url) item.URL = source.url;
  if (source.language) item.language = source.language;
  if (source.tags.length) item.keyword = source.tags.join(',');
  return item;
}

const RIS_TAG = /^[A-Z][A-Z0-9] {2}-( |$)/;

/**
 * Citation.js breaks every RIS value after 70 characters with a bare line break; readers join
 * the pieces with a space (Citation.js's own: “dange rously”). Each value is put back on its
 * tag's line, whole (RIS readers, Zotero's among them, take long lines).
 */
function unwrapRis(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (lines.length === 0 || line === '' || RIS_TAG.test(line)) lines.push(line);
    else lines[lines.length - 1] += line;
  }
  return lines.join('\r\n');
}

/** The file of references for `sources` in `format`: its text, extension and media type. */
export function referencesFile(
  sources: readonly SourceSummary[],
  format: ReferenceFormat,
): { text: string; extension: string; type: string } {
  const items = sources.map(cslItemOf);
  switch (format) {
    case 'csl-json':
      return {
        text: JSON.stringify(items, null, 2),
        extension: 'json',
        type: 'application/vnd.citationstyles.csl+json',
      };
    case 'bibtex':
      return { text: new Cite(items).format('biblatex'), extension: 'bib', type: 'application/x-bibtex' };
    case 'ris':
      return {
        text: unwrapRis(
          new Cite(
            items.map((item) =>
              item.type === 'article-newspaper' ? { ...item, type: 'article-magazine' } : item,
            ),
          ).format('ris'),
        ),
        extension: 'ris',
        type: 'application/x-research-info-systems',
      };
  }
}
