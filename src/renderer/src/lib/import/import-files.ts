/**
 * Importing files as sources, one after another, with progress and cancellation. A file that
 * fails is reported with its reason and never stops the rest. Each source is saved in its own
 * transaction, so cancelling keeps what was already saved and leaves nothing half written.
 */
import { parseTextFile } from '../../../../core/import/text';
import type { ImportFormat, SourceDraft } from '../../../../core/model/types';
import type { MessageKey, MessageParams } from '../../../../core/i18n/messages';
import type { SourcesRepository } from '../data/sources';
import { renderMarkdown } from '../content/markdown';
import { parseHtmlFile } from './html';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** What the importer needs of a file: a browser File, or anything shaped like one. */
export type ImportableFile = Pick<File, 'name' | 'size' | 'type' | 'text'>;

export interface ImportFailure {
  name: string;
  reason: MessageKey;
  params?: MessageParams;
}

export interface ImportProgress {
  total: number;
  done: number;
  failed: number;
  current: string;
}

export interface ImportReport {
  total: number;
  imported: { name: string; id: string; title: string }[];
  failures: ImportFailure[];
  cancelled: boolean;
}

export function formatOf(name: string): ImportFormat | undefined {
  const ext = /\.([^.]+)$/.exec(name.toLowerCase())?.[1];
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm') return 'html';
  return undefined;
}

export async function draftFromFile(file: ImportableFile): Promise<SourceDraft | ImportFailure> {
  const format = formatOf(file.name);
  if (!format) return { name: file.name, reason: 'import.error.unsupported' };
  if (file.size > MAX_FILE_BYTES)
    return { name: file.name, reason: 'import.error.tooLarge', params: { limit: '50 MB' } };
  let raw: string;
  try {
    raw = await file.text();
  } catch (error) {
    return { name: file.name, reason: 'import.error.unreadable', params: { reason: String(error) } };
  }
  const origin = { kind: 'file' as const, name: file.name, type: file.type, size: file.size, format };
  const base = { publisher: '', author: '', url: '', language: '', tags: [] as string[], origin };
  if (format === 'html') {
    const page = parseHtmlFile(file.name, raw);
    if (!page.text) return { name: file.name, reason: 'import.error.empty' };
    return { ...base, ...page };
  }
  const parsed = parseTextFile(file.name, raw, format);
  if (!parsed.text) return { name: file.name, reason: 'import.error.empty' };
  const html = format === 'markdown' ? { html: renderMarkdown(parsed.text) } : {};
  return { ...base, ...parsed, ...html };
}

export async function importFiles(
  files: readonly ImportableFile[],
  sources: SourcesRepository,
  options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportReport> {
  const report: ImportReport = { total: files.length, imported: [], failures: [], cancelled: false };
  const progress = (current: string) =>
    options.onProgress?.({
      total: files.length,
      done: report.imported.length + report.failures.length,
      failed: report.failures.length,
      current,
    });
  for (const file of files) {
    progress(file.name);
    if (options.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    const draft = await draftFromFile(file);
    if ('reason' in draft) {
      report.failures.push(draft);
      continue;
    }
    try {
      const source = await sources.create(draft);
      report.imported.push({ name: file.name, id: source.id, title: source.title });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failures.push({ name: file.name, reason: 'import.error.notSaved', params: { reason } });
    }
  }
  progress('');
  return report;
}
