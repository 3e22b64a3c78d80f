/**
 * Web pages as sources. The page is parsed into an inert document (DOMParser runs no script
 * and loads nothing), Readability extracts the article, DOMPurify sanitizes what is kept for
 * display, and the page's own metadata supplies title, author, site and date where present.
 */
import { Readability } from '@mozilla/readability';
import { isIsoDate } from '../../../../core/model/fields';
import { normalizeText, shortenTitle, titleFromFileName } from '../../../../core/import/text';
import { sanitizeHtml } from '../content/sanitize';
import { textOfHtml } from '../content/html-text';

export interface ParsedHtml {
  title: string;
  text: string;
  html: string;
  author: string;
  publisher: string;
  url: string;
  language: string;
  publishedAt?: string;
}

function meta(doc: Document, ...names: string[]): string {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return '';
}

function isoDay(value: string | null | undefined): string | undefined {
  const day = value?.trim().slice(0, 10);
  return day && isIsoDate(day) ? day : undefined;
}

function webUrl(value: string): string {
  return /^https?:\/\/\S+$/i.test(value) ? value : '';
}

export function parseHtmlFile(
  name: string,
  raw: string,
  window: Window & typeof globalThis = globalThis.window,
): ParsedHtml {
  const doc = new window.DOMParser().parseFromString(normalizeText(raw), 'text/html');
  const language = (doc.documentElement.getAttribute('lang') ?? '').toLowerCase().split('-')[0] ?? '';
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  const url = webUrl(canonical) || webUrl(meta(doc, 'og:url'));
  const publishedAt =
    isoDay(meta(doc, 'article:published_time', 'date', 'dc.date', 'DC.date.issued')) ??
    isoDay(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
  const firstHeading = doc.querySelector('h1')?.textContent ?? '';

  // Readability changes the document it reads; give it a copy so the metadata above stays intact.
  const article = new Readability(doc.cloneNode(true) as Document).parse();
  const html = sanitizeHtml(article?.content ?? doc.body?.innerHTML ?? '', window);
  const holder = doc.createElement('div');
  holder.innerHTML = html;
  const text = textOfHtml(holder);

  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const title =
    shortenTitle(article?.title || meta(doc, 'og:title') || firstHeading || doc.title || firstLine) ||
    titleFromFileName(name);
  const parsed: ParsedHtml = {
    title,
    text,
    html,
    author: (article?.byline ?? meta(doc, 'author', 'article:author')).trim(),
    publisher: (article?.siteName ?? meta(doc, 'og:site_name')).trim(),
    url,
    language: language.length === 2 ? language : '',
  };
  const articleDay = isoDay(article?.publishedTime);
  const day = publishedAt ?? articleDay;
  return day ? { ...parsed, publishedAt: day } : parsed;
}
