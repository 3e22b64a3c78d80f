/**
 * Sources as Markdown files a researcher can read anywhere: YAML front matter with the
 * metadata (strings written as JSON strings, which YAML reads as they are), the text with its
 * page breaks marked, then the notes on the source.
 */
import type { Note, Source } from '../model/types';

const yamlString = (value: string) => JSON.stringify(value);

function frontMatter(source: Source): string {
  const lines: string[] = [`title: ${yamlString(source.title)}`];
  if (source.author) lines.push(`author: ${yamlString(source.author)}`);
  if (source.publisher) lines.push(`publisher: ${yamlString(source.publisher)}`);
  if (source.publishedAt) lines.push(`published: ${source.publishedAt}`);
  if (source.url) lines.push(`url: ${yamlString(source.url)}`);
  if (source.language) lines.push(`language: ${source.language}`);
  if (source.tags.length) lines.push(`tags: [${source.tags.map(yamlString).join(', ')}]`);
  if (source.origin.kind === 'file') {
    lines.push(`original: ${yamlString(source.origin.name)}`);
    lines.push(`format: ${source.origin.format}`);
    if (source.origin.sha256) lines.push(`sha256: ${source.origin.sha256}`);
  }
  if (source.pageStarts) lines.push(`pages: ${source.pageStarts.length}`);
  if (source.flags?.length) lines.push(`flags: [${source.flags.join(', ')}]`);
  lines.push(`created: ${new Date(source.createdAt).toISOString()}`);
  lines.push(`updated: ${new Date(source.updatedAt).toISOString()}`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/** The text with a `<!-- page N -->` line where each page of a paged source begins. */
export function textWithPages(source: Pick<Source, 'text' | 'pageStarts'>): string {
  const starts = source.pageStarts;
  if (!starts?.length) return source.text;
  return starts
    .map((start, i) => {
      const page = source.text.slice(start, starts[i + 1] ?? source.text.length).trim();
      return `<!-- page ${i + 1} -->\n\n${page}`;
    })
    .join('\n\n');
}

export function sourceToMarkdown(source: Source, notes: readonly Note[] = []): string {
  const parts = [frontMatter(source), `# ${source.title}`, textWithPages(source)];
  const live = notes.filter((n) => n.deletedAt === undefined);
  if (live.length) {
    parts.push('## Notes');
    for (const note of live) parts.push(`### ${new Date(note.createdAt).toISOString()}\n\n${note.body}`);
  }
  return `${parts.filter((p) => p.trim()).join('\n\n')}\n`;
}

/** A file name from a title: letters, digits and dashes, at most 80 characters. */
export function fileSlug(title: string, fallback = 'source'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** The extension of a file name, with its dot, or an empty string. */
export function extensionOf(name: string): string {
  return /\.[a-z0-9]{1,8}$/i.exec(name)?.[0]?.toLowerCase() ?? '';
}
