/**
 * Text out of a PDF, page by page, with pdf.js. The library is passed in (the app gives the
 * browser build, tests the Node build) and is always asked to run no script: `isEvalSupported`
 * off (CVE-2024-4367), scripting and XFA off, no fonts loaded. Lines become lines, a wide
 * vertical gap becomes a paragraph break, and pages are separated by a blank line so that a
 * search passage never spans two pages.
 */
import type { ImportFailure } from './failure';

/** A text run, or a marked-content boundary (which has only `type` and `id`). */
export interface PdfTextItem {
  type?: string;
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  height?: number;
}

export interface PdfPage {
  getTextContent(): Promise<{ items: PdfTextItem[] }>;
  cleanup(): unknown;
}

export interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  getMetadata(): Promise<{ info?: unknown }>;
}

export interface PdfLibrary {
  getDocument(params: {
    data: Uint8Array;
    isEvalSupported: false;
    enableXfa: false;
    disableFontFace: true;
    stopAtErrors: boolean;
    verbosity: number;
  }): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}

export interface PdfText {
  /** The text of each page. */
  pages: string[];
  title: string;
  author: string;
  /** ISO date from the document's creation date, when it has one. */
  createdAt?: string;
}

function pageText(items: readonly PdfTextItem[]): string {
  let out = '';
  let lastY: number | undefined;
  let lastHeight = 0;
  for (const item of items) {
    const str = item.str ?? '';
    const y = item.transform?.[5];
    if (out && y !== undefined && lastY !== undefined && !out.endsWith('\n')) {
      // A new line that pdf.js did not mark (some producers never set hasEOL).
      if (Math.abs(lastY - y) > Math.max(lastHeight, 1) * 0.5) out += '\n';
    }
    if (out.endsWith('\n') && y !== undefined && lastY !== undefined && lastHeight > 0) {
      if (lastY - y > lastHeight * 1.8 && !out.endsWith('\n\n')) out += '\n';
    }
    out += str;
    if (item.hasEOL) out += '\n';
    if (y !== undefined && str.trim()) {
      lastY = y;
      lastHeight = item.height ?? lastHeight;
    }
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `D:20220620143000+01'00'` → `2022-06-20`. */
export function pdfDate(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

function infoString(info: unknown, key: string): string {
  const value = info && typeof info === 'object' ? (info as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

export async function extractPdf(
  bytes: Uint8Array,
  pdfjs: PdfLibrary,
  signal?: AbortSignal,
): Promise<PdfText | ImportFailure> {
  // pdf.js takes ownership of the buffer it is given; keep the caller's bytes intact.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  const abort = () => void task.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (error) {
    signal?.removeEventListener('abort', abort);
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') return { code: 'encryptedPdf' };
    if (name === 'InvalidPDFException') return { code: 'damagedPdf', detail: (error as Error).message };
    return { code: 'damagedPdf', detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (signal?.aborted) return { code: 'cancelled' };
      const page = await doc.getPage(n);
      pages.push(pageText((await page.getTextContent()).items));
      page.cleanup();
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
    const created = pdfDate(infoString(info, 'CreationDate'));
    const text: PdfText = { pages, title: infoString(info, 'Title'), author: infoString(info, 'Author') };
    return created ? { ...text, createdAt: created } : text;
  } catch (error) {
    return { code: 'damagedPdf', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    signal?.removeEventListener('abort', abort);
    await task.destroy();
  }
}
