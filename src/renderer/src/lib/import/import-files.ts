/**
 * Importing files as sources: a batch of files, folders or zips, one file after another, with
 * progress and cancellation.
 *
 * - A file's bytes go to the extractor (a worker with a time limit); what comes back as HTML is
 *   sanitized here, where there is a DOM.
 * - Every source keeps the original file, stored once under its SHA-256, in the same
 *   transaction as the sources made from it: cancelling keeps what was saved and leaves nothing
 *   half written. Files are committed in batches of up to 50, or every half second.
 * - The same file (same SHA-256) or the same text (same normalized-text hash) imported again
 *   is reported as a duplicate and not stored twice.
 * - A file that fails is reported with its reason in plain words and never stops the rest.
 */
import type { ExtractedDoc, ExtractedFile } from '../../../../core/import/extract';
import { textFingerprint } from '../../../../core/import/hash';
import { failedFile, formatBytes, type ImportFailure } from '../../../../core/import/failure';
import { detectLanguage } from '../../../../core/import/language';
import { publishedDateIn } from '../../../../core/extract/dates';
import { shortenTitle, titleFromFileName } from '../../../../core/import/text';
import type { Original, Source, SourceDraft, SourceFlag } from '../../../../core/model/types';
import type { MessageKey, MessageParams } from '../../../../core/i18n/messages';
import type { SourcesRepository } from '../data/sources';
import { StorageFullError } from '../data/errors';
import { renderMarkdown } from '../content/markdown';
import type { Extractor } from './extractor';
import { parseHtmlFile, sanitizeDocument } from './html';

export const DEFAULT_MAX_FILE_MB = 200;

/**
 * Files are saved in batches (one transaction each): every commit makes the open views and
 * the search index catch up, so a commit per file made a large import crawl.
 */
const BATCH_FILES = 50;
const BATCH_MS = 500;
/**
 * Files read and sent to the extractor ahead of the one being saved, so that neither waits on
 * the other's round trip; bounded in bytes too, so that large files are not all held at once.
 */
const AHEAD_FILES = 8;
const AHEAD_BYTES = 32 * 1024 * 1024;

/** What the importer needs of a file: a browser File, or anything shaped like one. */
export interface ImportInput {
  /** The name, with the folder path when the file came from a folder. */
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The file itself, when there is one: the extractor then reads it (in its worker). */
  file?: Blob;
}

/** A file as picked or dropped, named with its path inside the folder it came from. */
export function inputOf(file: File, path?: string): ImportInput {
  return {
    name: path || file.webkitRelativePath || file.name,
    size: file.size,
    arrayBuffer: () => file.arrayBuffer(),
    file,
  };
}

/** A file that was not imported, and why, as a message. */
export interface ImportNotice {
  name: string;
  reason: MessageKey;
  params?: MessageParams;
}

export interface ImportProgress {
  /** Files in the batch; grows as archives are opened. */
  total: number;
  /** Files finished, whatever their outcome. */
  done: number;
  imported: number;
  failed: number;
  duplicates: number;
  current: string;
}

export interface ImportReport {
  total: number;
  /** Files from which at least one source was saved. */
  importedFiles: number;
  /** Every source saved (a citation list gives several per file). */
  imported: { name: string; id: string; title: string }[];
  /** Sources whose title was picked from the text (or is the file's name): to check. */
  titlesGuessed: { name: string; id: string; title: string }[];
  duplicates: ImportNotice[];
  failures: ImportNotice[];
  cancelled: boolean;
  /** The import stopped because storage is full; the files before were saved. */
  storageFull: boolean;
  /**
   * Why the copy outside the database (the snapshot folder's journal) could not be written,
   * if it could not: the files are in the archive, but a wipe of it would take them.
   */
  notProtected?: string;
}

export interface ImportDeps {
  sources: SourcesRepository;
  extractor: Extractor;
  maxFileBytes: number;
  /**
   * Resolves once what has been committed is also held outside the database (see
   * `Snapshotter.durable`): a file counts as imported only then.
   */
  durable?: () => Promise<void>;
}

function failureNotice(name: string, failure: ImportFailure): ImportNotice {
  const params: MessageParams = {};
  if (failure.limit) params.limit = failure.limit;
  if (failure.limitBytes !== undefined) params.limitBytes = failure.limitBytes;
  if (failure.detail) params.detail = failure.detail;
  return {
    name,
    reason: `import.error.${failure.code}`,
    ...(Object.keys(params).length ? { params } : {}),
  };
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '') ?? '';

/** The source an extracted document becomes, HTML sanitized and text derived. */
export async function draftOf(doc: ExtractedDoc, file: ExtractedFile): Promise<SourceDraft | ImportFailure> {
  let { title, text, author, publisher, url, language, publishedAt } = doc;
  let html: string | undefined;
  const flags: SourceFlag[] = [...(doc.flags ?? [])];
  if (doc.format === 'html' && doc.html !== undefined) {
    const page = parseHtmlFile(file.path, doc.html);
    ({ title, text, html, author, publisher } = page);
    if (page.titleGuessed) flags.push('titleGuessed');
    url = page.url || url;
    language = page.language;
    publishedAt = page.publishedAt;
  } else if (doc.format === 'docx' && doc.html !== undefined) {
    ({ html, text } = sanitizeDocument(doc.html));
  } else if (doc.format === 'markdown') {
    html = renderMarkdown(text);
  }
  const scanned = doc.flags?.includes('noTextLayer') ?? false;
  if (!text.trim() && !scanned) return { code: 'empty' };
  // No date in the file or its metadata: the one the page prints ("Published …", « Publié le … »).
  if (!publishedAt && !scanned) publishedAt = publishedDateIn(text, { language: language || 'en' })?.date;
  if (!title && !flags.includes('titleGuessed')) flags.push('titleGuessed');
  title = title || shortenTitle(firstLine(text)) || titleFromFileName(file.path);
  const textHash = scanned ? undefined : await textFingerprint(text);
  const draft: SourceDraft = {
    title,
    text,
    publisher,
    author,
    url,
    language: language || detectLanguage(text),
    tags: doc.tags,
    origin: {
      kind: 'file',
      name: file.path,
      type: file.type,
      size: file.bytes.byteLength,
      format: doc.format,
      sha256: file.sha256,
    },
    ...(html !== undefined ? { html } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}),
    ...(flags.length ? { flags } : {}),
    ...(textHash ? { textHash } : {}),
  };
  return draft;
}

export async function importFiles(
  inputs: readonly ImportInput[],
  deps: ImportDeps,
  options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportReport> {
  const { sources, extractor, maxFileBytes } = deps;
  const { signal } = options;
  const report: ImportReport = {
    total: inputs.length,
    importedFiles: 0,
    imported: [],
    titlesGuessed: [],
    duplicates: [],
    failures: [],
    cancelled: false,
    storageFull: false,
  };
  /** Files saved whose copy outside the database is still being written. */
  let unacknowledged = 0;
  let currentName = '';
  const progress = (current: string = currentName) => {
    currentName = current;
    options.onProgress?.({
      total: report.total,
      done:
        report.importedFiles +
        unacknowledged +
        pending.length +
        report.failures.length +
        report.duplicates.length,
      imported: report.importedFiles,
      failed: report.failures.length,
      duplicates: report.duplicates.length,
      current,
    });
  };
  const fail = (name: string, failure: ImportFailure) => report.failures.push(failureNotice(name, failure));

  /** Files read and checked, waiting to be saved together. */
  const pending: {
    path: string;
    drafts: SourceDraft[];
    original: Original;
    several: boolean;
    seq: number;
  }[] = [];
  let lastFlush = Date.now();
  /** Saved batches waiting for their copy outside the database. */
  const acknowledged: Promise<void>[] = [];

  const duplicateNotice = (name: string, of: Source, kind: 'file' | 'text'): ImportNotice => ({
    name,
    reason: of.deletedAt ? `import.duplicate.${kind}InTrash` : `import.duplicate.${kind}`,
    params: { title: of.title },
  });
  /**
   * Where each file came in the batch: duplicates found when a batch is saved are reported in
   * that order with those found before, not after them.
   */
  let seen = 0;
  const order = new WeakMap<ImportNotice, number>();
  const duplicate = (notice: ImportNotice, seq: number) => {
    order.set(notice, seq);
    report.duplicates.push(notice);
  };

  async function flush(): Promise<void> {
    lastFlush = Date.now();
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    try {
      const outcomes = await sources.createFromFiles(batch);
      const saved: { path: string; sources: Source[] }[] = [];
      batch.forEach((file, i) => {
        const outcome = outcomes[i];
        if (!outcome) return;
        if (outcome.sameFile) {
          duplicate(duplicateNotice(file.path, outcome.sameFile, 'file'), file.seq);
          return;
        }
        for (const { draft, source } of outcome.sameText)
          duplicate(
            duplicateNotice(file.several ? `${file.path} — ${draft.title}` : file.path, source, 'text'),
            file.seq,
          );
        if (outcome.saved.length > 0) saved.push({ path: file.path, sources: outcome.saved });
      });
      unacknowledged += saved.length;
      const count = () => {
        unacknowledged -= saved.length;
        for (const file of saved) {
          report.importedFiles++;
          report.imported.push(...file.sources.map((s) => ({ name: file.path, id: s.id, title: s.title })));
          report.titlesGuessed.push(
            ...file.sources
              .filter((s) => s.flags?.includes('titleGuessed'))
              .map((s) => ({ name: file.path, id: s.id, title: s.title })),
          );
        }
        progress();
      };
      // Counted once the copy outside the database holds them; the next files go on meanwhile.
      if (deps.durable)
        acknowledged.push(
          deps.durable().then(count, (error: unknown) => {
            report.notProtected = error instanceof Error ? error.message : String(error);
            count();
          }),
        );
      else count();
    } catch (error) {
      if (error instanceof StorageFullError) {
        // Every later file would fail the same way: stop, and say so once.
        report.storageFull = true;
        for (const file of batch)
          report.failures.push({ name: file.path, reason: 'import.error.storageFull' });
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      for (const file of batch)
        report.failures.push({ name: file.path, reason: 'import.error.notSaved', params: { reason } });
    }
  }

  const pendingWith = (test: (draft: SourceDraft) => boolean) =>
    pending.flatMap((p) => p.drafts).find(test) ?? null;

  /** Checks what one extracted file holds and queues it; false when the import was cancelled meanwhile. */
  async function store(file: ExtractedFile): Promise<boolean> {
    const seq = seen++;
    if (!Array.isArray(file.docs)) {
      if (file.docs.code === 'cancelled') return false;
      fail(file.path, file.docs);
      return true;
    }
    // What is already stored is looked for when the batch is saved; here, what waits with it.
    const sameFile = pendingWith((d) => d.origin.kind === 'file' && d.origin.sha256 === file.sha256);
    if (sameFile) {
      duplicate({ name: file.path, reason: 'import.duplicate.file', params: { title: sameFile.title } }, seq);
      return true;
    }
    const drafts: SourceDraft[] = [];
    const textDuplicates: ImportNotice[] = [];
    for (const doc of file.docs) {
      const draft = await draftOf(doc, file);
      if ('code' in draft) {
        if (file.docs.length === 1) fail(file.path, draft);
        continue;
      }
      const same = (d: SourceDraft) => d.textHash === draft.textHash;
      const sameText = draft.textHash ? (pendingWith(same) ?? drafts.find(same)) : undefined;
      if (sameText) {
        const name = file.docs.length > 1 ? `${file.path} — ${draft.title}` : file.path;
        textDuplicates.push({ name, reason: 'import.duplicate.text', params: { title: sameText.title } });
        continue;
      }
      drafts.push(draft);
    }
    if (signal?.aborted) return false;
    for (const notice of textDuplicates) duplicate(notice, seq);
    if (drafts.length === 0) return true;
    const original: Original = {
      sha256: file.sha256,
      bytes: file.bytes,
      type: file.type,
      size: file.bytes.byteLength,
      name: file.path,
    };
    pending.push({ path: file.path, drafts, original, several: file.docs.length > 1, seq });
    if (pending.length >= BATCH_FILES || Date.now() - lastFlush >= BATCH_MS) await flush();
    return !report.storageFull;
  }

  /** Reads and extracts one input; never rejects (a failure comes back as the file's outcome). */
  async function prepare(input: ImportInput): Promise<ExtractedFile[]> {
    const failed = (failure: ImportFailure): ExtractedFile[] => [failedFile(input.name, failure)];
    if (input.size > maxFileBytes)
      return failed({ code: 'tooLarge', limit: formatBytes(maxFileBytes), limitBytes: maxFileBytes });
    try {
      const bytes = input.file ?? new Uint8Array(await input.arrayBuffer());
      return await extractor.extract(input.name, bytes, signal);
    } catch (error) {
      return failed({ code: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
    }
  }

  // The next files are read and extracted (in the worker) while this one is checked and saved.
  const ahead: { input: ImportInput; files: Promise<ExtractedFile[]> }[] = [];
  let asked = 0;
  let aheadBytes = 0;
  const askAhead = () => {
    while (
      asked < inputs.length &&
      !signal?.aborted &&
      (ahead.length === 0 ||
        (ahead.length < AHEAD_FILES && aheadBytes + (inputs[asked]?.size ?? 0) <= AHEAD_BYTES))
    ) {
      const input = inputs[asked++] as ImportInput;
      aheadBytes += input.size;
      ahead.push({ input, files: prepare(input) });
    }
  };
  for (;;) {
    askAhead();
    const next = ahead.shift();
    if (!next) break;
    progress(next.input.name);
    const files = await next.files;
    aheadBytes -= next.input.size;
    report.total += files.length - 1;
    let stopped = false;
    for (const file of files) {
      progress(file.path);
      if (!(await store(file))) {
        stopped = true;
        break;
      }
    }
    if (stopped || signal?.aborted || report.storageFull) break;
  }
  // Files already read are saved even when the import was cancelled: their work is done.
  await flush();
  await Promise.all(acknowledged);
  report.duplicates.sort((a, b) => (order.get(a) ?? seen) - (order.get(b) ?? seen));
  report.cancelled = signal?.aborted ?? false;
  progress('');
  return report;
}

/**
 * Reads a source's original file again (after a better parser, or to undo edits to the text)
 * and replaces its text, keeping its title and other metadata as the user left them.
 */
export async function reextract(
  source: Source,
  deps: Pick<ImportDeps, 'sources' | 'extractor'>,
): Promise<{ ok: true; source: Source } | { ok: false; notice: ImportNotice }> {
  const name = source.origin.kind === 'file' ? source.origin.name : source.title;
  const sha256 = source.origin.kind === 'file' ? source.origin.sha256 : undefined;
  const original = sha256 ? await deps.sources.original(sha256) : undefined;
  if (!original) return { ok: false, notice: { name, reason: 'sources.originalMissing' } };
  const [file, ...more] = await deps.extractor.extract(name, original.bytes.slice());
  if (!file) return { ok: false, notice: failureNotice(name, { code: 'empty' }) };
  if (!Array.isArray(file.docs)) return { ok: false, notice: failureNotice(name, file.docs) };
  if (more.length || file.docs.length !== 1 || !file.docs[0])
    return { ok: false, notice: { name, reason: 'sources.reextractSeveral' } };
  const draft = await draftOf(file.docs[0], file);
  if ('code' in draft) return { ok: false, notice: failureNotice(name, draft) };
  const updated = await deps.sources.replaceExtraction(source.id, draft);
  return { ok: true, source: updated };
}
