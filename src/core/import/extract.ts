/**
 * From a file's bytes to the documents it holds, without a DOM: the part of importing that
 * runs in a worker. The format is decided by the content where the content says it (a PDF or
 * Word file keeps its format under any name) and by the extension otherwise. HTML (from web
 * pages and Word files) comes back unsanitized in `html`: the caller must pass it through the
 * sanitizer before it is shown or stored.
 */
import mammoth from 'mammoth';
import PostalMime from 'postal-mime';
import { unzipSync } from 'fflate';
import type { ImportFormat, IsoDate, SourceFlag } from '../model/types';
import { parseCitations, referenceLine, type CitationDialect } from './citations';
import { decodeText, looksBinary } from './decode';
import { failedFile, type ImportFailure } from './failure';
import { sha256Hex } from './hash';
import { detectLanguage } from './language';
import { extractPdf, type PdfLibrary } from './pdf';
import { normalizeText, parseTextFile, shortenTitle, titleFromFileName } from './text';
import { DEFAULT_ZIP_LIMITS, isZip, unzipSafely, type ZipLimits } from './zip';

export interface ExtractedDoc {
  format: ImportFormat;
  title: string;
  /** Plain text; empty for HTML until the caller derives it from the sanitized HTML. */
  text: string;
  /** Unsanitized HTML (web pages, Word files). */
  html?: string;
  author: string;
  publisher: string;
  url: string;
  publishedAt?: IsoDate;
  language: string;
  tags: string[];
  /** Offsets in `text` where each page starts (PDF). */
  pageStarts?: number[];
  flags?: SourceFlag[];
  /** The text encoding the file was read in. */
  encoding?: string;
}

export interface ExtractedFile {
  /** The file's name, with its folder or archive path. */
  path: string;
  bytes: Uint8Array;
  sha256: string;
  type: string;
  docs: ExtractedDoc[] | ImportFailure;
}

export interface ExtractOptions {
  pdfjs: PdfLibrary;
  maxFileBytes: number;
  zipLimits?: ZipLimits;
  signal?: AbortSignal;
}

type NamedFormat = ImportFormat | 'zip' | 'mhtml' | CitationDialect;

const EXTENSIONS: Readonly<Record<string, NamedFormat>> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  mht: 'mhtml',
  mhtml: 'mhtml',
  pdf: 'pdf',
  docx: 'docx',
  zip: 'zip',
  ris: 'ris',
  bib: 'bibtex',
  bibtex: 'bibtex',
  json: 'csl-json',
};

export const MEDIA_TYPES: Readonly<Record<NamedFormat, string>> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  mhtml: 'multipart/related',
  citation: 'text/plain',
  ris: 'application/x-research-info-systems',
  bibtex: 'application/x-bibtex',
  'csl-json': 'application/vnd.citationstyles.csl+json',
};

export function formatFromName(path: string): NamedFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(path.toLowerCase())?.[1];
  return ext ? EXTENSIONS[ext] : undefined;
}

const ascii = (bytes: Uint8Array) => new TextDecoder('windows-1252').decode(bytes);

function isPdf(bytes: Uint8Array): boolean {
  return ascii(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** A Word document is a zip whose directory names word/document.xml. */
function isDocx(bytes: Uint8Array): boolean {
  return (
    isZip(bytes) && ascii(bytes.subarray(Math.max(0, bytes.length - 65_536))).includes('word/document.xml')
  );
}

/** The format to read the bytes as, or why they cannot be read. */
export function decideFormat(path: string, bytes: Uint8Array): NamedFormat | ImportFailure {
  const named = formatFromName(path);
  if (isPdf(bytes)) return 'pdf';
  if (isDocx(bytes)) return 'docx';
  if (isZip(bytes)) {
    if (named === 'zip') return 'zip';
    return named === 'docx' ? { code: 'notDocx' } : { code: 'unsupported' };
  }
  if (named === 'pdf') return { code: 'notPdf' };
  if (named === 'docx') return { code: 'notDocx' };
  if (named === 'zip') return { code: 'damagedZip', detail: 'not a zip archive' };
  if (!named) return { code: 'unsupported' };
  if (looksBinary(bytes)) return { code: 'binary' };
  return named;
}

const blank = { author: '', publisher: '', url: '', language: '', tags: [] as string[] };

function fromText(
  path: string,
  bytes: Uint8Array,
  format: 'text' | 'markdown',
): ExtractedDoc[] | ImportFailure {
  const decoded = decodeText(bytes);
  const { titleGuessed, ...parsed } = parseTextFile(path, decoded.text, format);
  if (!parsed.text.trim()) return { code: 'empty' };
  return [
    {
      ...blank,
      ...parsed,
      format,
      language: detectLanguage(parsed.text),
      encoding: decoded.encoding,
      ...(titleGuessed ? { flags: ['titleGuessed' as const] } : {}),
    },
  ];
}

/**
 * Web pages are cleaned where there is a DOM, on the UI thread, which no worker can stop. A
 * page bigger or deeper than these limits is refused here instead. Measured in Chromium on
 * this app: 60,000 tags held the window at most 0.9 s; nesting is what costs (10,000 nested
 * elements held it 2.1 s). A long news page has a few thousand tags, nested some 30 deep.
 */
export const MAX_HTML_TAGS = 60_000;
export const MAX_HTML_DEPTH = 256;

// Elements that have no end tag, or whose end tag may be left out: they do not nest.
const NO_NESTING = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd tr td th tbody thead tfoot option optgroup colgroup rb rt rp caption'.split(
    ' ',
  ),
);

/**
 * What a parser reads as text, not elements: comments, CDATA sections, and the content of
 * script, style, textarea, title and xmp (a page's scripts often carry templates full of tags).
 */
const NOT_ELEMENTS =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(script|style|textarea|title|xmp)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;

/** Why a page is too big or too deep to clean, or undefined when it is not. */
export function htmlTooComplex(html: string): ImportFailure | undefined {
  const tag = /<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g;
  let tags = 0;
  let depth = 0;
  for (const match of html.replace(NOT_ELEMENTS, ' ').matchAll(tag)) {
    if (++tags > MAX_HTML_TAGS) return { code: 'tooComplex', limit: MAX_HTML_TAGS.toLocaleString('en') };
    const name = (match[2] ?? '').toLowerCase();
    if (NO_NESTING.has(name) || match[3]) continue;
    if (match[1]) depth = Math.max(0, depth - 1);
    else if (++depth > MAX_HTML_DEPTH) return { code: 'tooDeep', limit: String(MAX_HTML_DEPTH) };
  }
  return undefined;
}

function fromHtml(path: string, bytes: Uint8Array): ExtractedDoc[] | ImportFailure {
  const decoded = decodeText(bytes);
  const tooComplex = htmlTooComplex(decoded.text);
  if (tooComplex) return tooComplex;
  return [
    {
      ...blank,
      format: 'html',
      title: titleFromFileName(path),
      text: '',
      html: normalizeText(decoded.text),
      encoding: decoded.encoding,
    },
  ];
}

/** A web page saved as one MHTML file (Chrome, Edge): the HTML part, and the address it was saved from. */
async function fromMhtml(bytes: Uint8Array): Promise<ExtractedDoc[] | ImportFailure> {
  let html: string | undefined;
  let url = '';
  try {
    const message = await PostalMime.parse(bytes);
    html = message.html;
    url = message.headers.find((h) => h.key === 'snapshot-content-location')?.value.trim() ?? '';
  } catch (error) {
    return { code: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!html?.trim()) return { code: 'empty' };
  const tooComplex = htmlTooComplex(html);
  if (tooComplex) return tooComplex;
  return [
    {
      ...blank,
      format: 'html',
      title: '',
      text: '',
      html: normalizeText(html),
      url: /^https?:\/\//i.test(url) ? url : '',
    },
  ];
}

/** Letters a PDF must have per page, on average, to count as having a text layer. */
const TEXT_LAYER_LETTERS = 20;

async function fromPdf(path: string, bytes: Uint8Array, options: ExtractOptions) {
  const pdf = await extractPdf(bytes, options.pdfjs, options.signal);
  if ('code' in pdf) return pdf;
  const pageStarts: number[] = [];
  let text = '';
  for (const page of pdf.pages) {
    if (text) text += '\n\n';
    pageStarts.push(text.length);
    text += normalizeText(page);
  }
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const scanned = letters < TEXT_LAYER_LETTERS * Math.max(1, pdf.pages.length);
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const metaTitle = /^(untitled|microsoft word - .*|document\d*)$/i.test(pdf.title) ? '' : pdf.title;
  const flags: SourceFlag[] = [
    ...(scanned ? (['noTextLayer'] as const) : []),
    ...(metaTitle ? [] : (['titleGuessed'] as const)),
  ];
  const doc: ExtractedDoc = {
    ...blank,
    format: 'pdf',
    title: shortenTitle(metaTitle || (scanned ? '' : firstLine)) || titleFromFileName(path),
    ...(flags.length ? { flags } : {}),
    text: scanned ? '' : text,
    author: pdf.author,
    language: scanned ? '' : detectLanguage(text),
    ...(scanned ? {} : { pageStarts }),
  };
  return [doc];
}

/** XML's five entities and numeric references, for short texts read from a document's XML. */
function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Title, author and creation date from a Word file's docProps/core.xml. */
function docxProperties(bytes: Uint8Array): { title: string; author: string; created?: string } {
  try {
    const files = unzipSync(bytes, {
      filter: (f) => f.name === 'docProps/core.xml' && f.originalSize < 1_000_000,
    });
    const xml = new TextDecoder().decode(files['docProps/core.xml'] ?? new Uint8Array());
    const tag = (name: string) =>
      decodeEntities(new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml)?.[1] ?? '');
    return { title: tag('dc:title'), author: tag('dc:creator') };
  } catch {
    return { title: '', author: '' };
  }
}

async function fromDocx(path: string, bytes: Uint8Array): Promise<ExtractedDoc[] | ImportFailure> {
  let html: string;
  try {
    const arrayBuffer = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    // mammoth's browser build reads `arrayBuffer`, its Node build `buffer`; both accept the same bytes.
    const input = { arrayBuffer, buffer: arrayBuffer };
    html = (await mammoth.convertToHtml(input)).value;
  } catch (error) {
    return { code: 'damagedDocx', detail: error instanceof Error ? error.message : String(error) };
  }
  const props = docxProperties(bytes);
  // The document's first heading, then its properties' title, then the file's name.
  const heading = /<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/i.exec(html)?.[1] ?? '';
  const headingText = decodeEntities(heading.replace(/<[^>]*>/g, ' '));
  const title = shortenTitle(headingText) || shortenTitle(props.title);
  return [
    {
      ...blank,
      format: 'docx',
      title: title || titleFromFileName(path),
      ...(title ? {} : { flags: ['titleGuessed' as const] }),
      author: props.author,
      text: '',
      html: normalizeText(html),
    },
  ];
}

function fromCitations(bytes: Uint8Array, dialect: CitationDialect): ExtractedDoc[] | ImportFailure {
  const citations = parseCitations(normalizeText(decodeText(bytes).text), dialect);
  if ('code' in citations) return citations;
  return citations.map((c) => {
    const text = [referenceLine(c), c.abstract].filter(Boolean).join('\n\n');
    return {
      format: 'citation',
      title: shortenTitle(c.title) || shortenTitle(referenceLine(c)),
      text,
      author: c.authors.join('; '),
      publisher: c.container || c.publisher,
      url: c.url,
      language: c.language || detectLanguage(c.abstract),
      tags: c.keywords,
      ...(c.publishedAt ? { publishedAt: c.publishedAt } : {}),
    };
  });
}

async function readOne(
  path: string,
  bytes: Uint8Array,
  format: Exclude<NamedFormat, 'zip'>,
  options: ExtractOptions,
): Promise<ExtractedDoc[] | ImportFailure> {
  switch (format) {
    case 'text':
    case 'markdown':
      return fromText(path, bytes, format);
    case 'html':
      return fromHtml(path, bytes);
    case 'mhtml':
      return fromMhtml(bytes);
    case 'pdf':
      return fromPdf(path, bytes, options);
    case 'docx':
      return fromDocx(path, bytes);
    case 'ris':
    case 'bibtex':
    case 'csl-json':
      return fromCitations(bytes, format);
    case 'citation':
      return { code: 'unsupported' };
  }
}

/**
 * The documents in one file. A zip gives one entry per file inside it (nested folders kept in
 * the path); anything else gives exactly one.
 */
export async function extractFile(
  path: string,
  bytes: Uint8Array,
  options: ExtractOptions,
): Promise<ExtractedFile[]> {
  const sha256 = await sha256Hex(bytes);
  const decided = decideFormat(path, bytes);
  if (typeof decided !== 'string') return [{ path, bytes, sha256, type: '', docs: decided }];
  if (decided !== 'zip') {
    const docs = await readOne(path, bytes, decided, options);
    return [{ path, bytes, sha256, type: MEDIA_TYPES[decided], docs }];
  }
  const limits = { ...(options.zipLimits ?? DEFAULT_ZIP_LIMITS), maxEntryBytes: options.maxFileBytes };
  const contents = unzipSafely(bytes, limits);
  if ('code' in contents) return [{ path, bytes, sha256, type: MEDIA_TYPES.zip, docs: contents }];
  const files = contents.refused.map((r) => failedFile(`${path}/${r.path}`, r.failure));
  for (const entry of contents.entries) {
    if (options.signal?.aborted) break;
    const entryPath = `${path}/${entry.path}`;
    const entryHash = await sha256Hex(entry.bytes);
    const format = decideFormat(entry.path, entry.bytes);
    const docs =
      typeof format !== 'string'
        ? format
        : format === 'zip'
          ? { code: 'nestedZip' as const }
          : await readOne(entryPath, entry.bytes, format, options);
    files.push({
      path: entryPath,
      bytes: entry.bytes,
      sha256: entryHash,
      type: typeof format === 'string' ? MEDIA_TYPES[format] : '',
      docs,
    });
  }
  return files;
}
