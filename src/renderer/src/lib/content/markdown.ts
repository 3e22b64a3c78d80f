/** Markdown notes rendered to sanitized HTML. marked does not sanitize; DOMPurify does. */
import { Marked } from 'marked';
import { sanitizeHtml } from './sanitize';

const marked = new Marked({ gfm: true, breaks: true, async: false });

export function renderMarkdown(markdown: string, window?: Window & typeof globalThis): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), window);
}
