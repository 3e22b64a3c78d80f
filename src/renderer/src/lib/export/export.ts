/**
 * Sources out of the archive: as Markdown (metadata, text and notes) and as the original files
 * they were imported from, byte for byte. Several sources go into one zip: `<title>.md` beside
 * `originals/<title>.<ext>`, names made unique.
 */
import { zipSync, type Zippable } from 'fflate';
import { extensionOf, fileSlug, sourceToMarkdown } from '../../../../core/export/markdown';
import type { Note, Original, Source } from '../../../../core/model/types';

export interface ExportDeps {
  original(sha256: string): Promise<Original | undefined>;
}

export function markdownFile(source: Source, notes: readonly Note[]): { name: string; blob: Blob } {
  const notesOf = notes.filter((n) => n.sourceId === source.id);
  return {
    name: `${fileSlug(source.title)}.md`,
    blob: new Blob([sourceToMarkdown(source, notesOf)], { type: 'text/markdown;charset=utf-8' }),
  };
}

/** The original file of an imported source, under the name it was imported with. */
export async function originalFile(
  source: Source,
  deps: ExportDeps,
): Promise<{ name: string; blob: Blob } | undefined> {
  if (source.origin.kind !== 'file' || !source.origin.sha256) return undefined;
  const original = await deps.original(source.origin.sha256);
  if (!original) return undefined;
  const name =
    source.origin.name.split('/').pop() || `${fileSlug(source.title)}${extensionOf(original.name)}`;
  return { name, blob: new Blob([original.bytes as Uint8Array<ArrayBuffer>], { type: original.type }) };
}

export async function exportZip(
  sources: readonly Source[],
  notes: readonly Note[],
  deps: ExportDeps,
): Promise<Uint8Array> {
  const files: Zippable = {};
  const used = new Set<string>();
  const unique = (stem: string) => {
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
    used.add(name);
    return name;
  };
  const encoder = new TextEncoder();
  for (const source of sources) {
    const stem = unique(fileSlug(source.title));
    const notesOf = notes.filter((n) => n.sourceId === source.id);
    files[`${stem}.md`] = encoder.encode(sourceToMarkdown(source, notesOf));
    if (source.origin.kind === 'file' && source.origin.sha256) {
      const original = await deps.original(source.origin.sha256);
      // Originals are stored, not compressed: PDFs and Word files are compressed already.
      if (original)
        files[`originals/${stem}${extensionOf(source.origin.name)}`] = [original.bytes, { level: 0 }];
    }
  }
  return zipSync(files, { level: 6 });
}
