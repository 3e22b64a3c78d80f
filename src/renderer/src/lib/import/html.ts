/**
 * Web pages as sources. The page is parsed into an inert document (DOMParser runs no script
 * and loads nothing), Readability extracts the article, DOMPurify sanitizes what is kept for
 * display, and the page's own metadata supplies title, author, site and date where present:
 * JSON-LD (schema.org NewsArticle and kin) first, then Open Graph and article `<meta>` tags.
 */
import { Readability } from '@mozilla/readability';
import { isIsoDate } from '../../../../core/model/fields';
import { normalizeText, shortenTitle, titleFromFileName } from '../../../../core/import/text';
import { sanitizeHtml } from '../content/sanitize';
import { textOfHtml } from '../content/html-text';

export interface ParsedHtml {
  title: string;
  /** No title in the page's metadata or headings: its first line, or the file's name. */
  titleGuessed: boolean;
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

/** The article described by the page's JSON-LD, if any. */
interface LinkedArticle {
  headline: string;
  author: string;
  publisher: string;
  published?: string;
  url: string;
}

const ARTICLE_TYPES = /Article|Report|BlogPosting|WebPage|CreativeWork/;

function nameOfLd(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(nameOfLd).filter(Boolean).join('; ');
  if (value && typeof value === 'object' && 'name' in value) return nameOfLd(value.name);
  return '';
}

/** JSON-LD as some sites wrap it for old XHTML parsers: `<![CDATA[ … ]]>`, commented or not. */
const withoutCdata = (text: string): string =>
  text
    .replace(/^\s*(?:\/\/|\/\*)?\s*<!\[CDATA\[(?:\s*\*\/)?/, '')
    .replace(/(?:\/\/|\/\*)?\s*\]\]>(?:\s*\*\/)?\s*$/, '');

function linkedArticle(doc: Document): LinkedArticle | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(withoutCdata(script.textContent ?? ''));
    } catch {
      continue; // A broken JSON-LD block is common on the web; the <meta> tags still apply.
    }
    const graph = data && typeof data === 'object' && '@graph' in data ? data['@graph'] : data;
    const items = (Array.isArray(graph) ? graph : [graph]) as Record<string, unknown>[];
    const item = items.find(
      (i) => i && typeof i === 'object' && ARTICLE_TYPES.test(JSON.stringify(i['@type'] ?? '')),
    );
    if (!item) continue;
    const published = typeof item.datePublished === 'string' ? item.datePublished : undefined;
    return {
      headline: nameOfLd(item.headline),
      author: nameOfLd(item.author),
      publisher: nameOfLd(item.publisher),
      url: typeof item.url === 'string' ? item.url : '',
      ...(published ? { published } : {}),
    };
  }
  return undefined;
}

/**
 * The readable text of sanitized HTML, read in an element of an inert document (one from
 * DOMParser): nothing in it loads, even before it is attached anywhere.
 */
function textIn(inert: Document, html: string): string {
  const holder = inert.createElement('div');
  holder.innerHTML = html;
  return textOfHtml(holder);
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
  const ld = linkedArticle(doc);
  const language = (doc.documentElement.getAttribute('lang') ?? '').toLowerCase().split('-')[0] ?? '';
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  const url = webUrl(canonical) || webUrl(meta(doc, 'og:url')) || webUrl(ld?.url ?? '');
  const publishedAt =
    isoDay(ld?.published) ??
    isoDay(meta(doc, 'article:published_time', 'date', 'dc.date', 'DC.date.issued')) ??
    isoDay(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
  const firstHeading = doc.querySelector('h1')?.textContent ?? '';

  // Readability changes the document it reads; give it a copy so the metadata above stays intact.
  const article = new Readability(doc.cloneNode(true) as Document).parse();
  const html = sanitizeHtml(article?.content ?? doc.body?.innerHTML ?? '', window);
  const text = textIn(doc, html);

  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const given = shortenTitle(
    ld?.headline || meta(doc, 'og:title') || article?.title || firstHeading || doc.title,
  );
  const title = given || shortenTitle(firstLine) || titleFromFileName(name);
  const parsed: ParsedHtml = {
    title,
    titleGuessed: !given,
    text,
    html,
    author: (ld?.author || article?.byline || meta(doc, 'author', 'article:author')).trim(),
    publisher: (ld?.publisher || article?.siteName || meta(doc, 'og:site_name')).trim(),
    url,
    language: language.length === 2 ? language : '',
  };
  const articleDay = isoDay(article?.publishedTime);
  const day = publishedAt ?? articleDay;
  return day ? { ...parsed, publishedAt: day } : parsed;
}

/**
 * A Word document's HTML (from mammoth, which does not sanitize): sanitized like any HTML,
 * with its text derived from what is kept.
 */
export function sanitizeDocument(
  raw: string,
  window: Window & typeof globalThis = globalThis.window,
): { html: string; text: string } {
  const html = sanitizeHtml(raw, window);
  return { html, text: textIn(new window.DOMParser().parseFromString('', 'text/html'), html) };
}
