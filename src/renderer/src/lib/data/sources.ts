/**
 * Sources: create (with the original file they came from), edit, move to Trash (with their
 * notes, in one transaction), and find by the hash of their file or of their text.
 */
import type { Original, Source, SourceDraft } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { conflictsAfterEdit, withConflicts } from '../../../../core/sync/conflicts';
import { guardWrite } from './errors';
import { newId } from './ids';
import { readSealedPage, type Sealer } from './sealing';

/** What became of one imported file: the sources saved, or what was stored already. */
export interface ImportedFile {
  saved: Source[];
  /** A source imported from a file with the same bytes: nothing of this file was saved. */
  sameFile?: Source;
  /** Documents of the file whose text a stored source has already. */
  sameText: { draft: SourceDraft; source: Source }[];
}

export function sourcesRepository(db: FieldbookDb, now: () => number = Date.now, sealer?: Sealer) {
  /** A source (live or in the Trash) imported from a file with these bytes. */
  const findByFileHash = (sha256: string) => db.sources.where('origin.sha256').equals(sha256).first();
  /** A source (live or in the Trash) with this text, as `textFingerprint` hashes it. */
  const findByTextHash = (hash: string) => db.sources.where('textHash').equals(hash).first();

  return {
    async create(draft: SourceDraft): Promise<Source> {
      const time = now();
      const source: Source = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.sources.add(source));
      return source;
    },

    /**
     * Saves sources imported from files together with the files' bytes, in one transaction:
     * an original is never stored without its sources, nor a source without its original.
     * An import saves files in batches, so that a thousand files are not a thousand commits.
     *
     * The same transaction first looks for what is stored already: a file with the same bytes
     * is not saved again (`sameFile`), nor a document whose text is already a source's
     * (`sameText`, by draft). One look-up per file in the batch, not a transaction each.
     */
    async createFromFiles(
      files: readonly { drafts: readonly SourceDraft[]; original: Original }[],
    ): Promise<ImportedFile[]> {
      const time = now();
      return guardWrite(() =>
        db.transaction('rw', db.sources, db.originals, async () => {
          const [sameFiles, sameTexts] = await Promise.all([
            Promise.all(files.map(({ original }) => findByFileHash(original.sha256))),
            Promise.all(
              files.map(({ drafts }) =>
                Promise.all(
                  drafts.map((d) => (d.textHash ? findByTextHash(d.textHash) : Promise.resolve(undefined))),
                ),
              ),
            ),
          ]);
          const outcomes = files.map(({ drafts }, i): ImportedFile => {
            const sameFile = sameFiles[i];
            if (sameFile) return { saved: [], sameFile, sameText: [] };
            const sameText: { draft: SourceDraft; source: Source }[] = [];
            const saved: Source[] = [];
            drafts.forEach((draft, j) => {
              const existing = sameTexts[i]?.[j];
              if (existing) sameText.push({ draft, source: existing });
              else saved.push({ ...draft, id: newId(), createdAt: time, updatedAt: time });
            });
            return { saved, sameText };
          });
          const originals = new Map(
            files.filter((_, i) => outcomes[i]!.saved.length > 0).map((f) => [f.original.sha256, f.original]),
          );
          const present = await db.originals.bulkGet([...originals.keys()]);
          await db.originals.bulkAdd([...originals.values()].filter((_, i) => !present[i]));
          await db.sources.bulkAdd(outcomes.flatMap((o) => o.saved));
          return outcomes;
        }),
      );
    },

    findByFileHash,
    findByTextHash,

    /** Up to `limit` sources (live or in the Trash) after the id `after`, by id. */
    page(after: string | undefined, limit: number): Promise<Source[]> {
      if (sealer?.state === 'unlocked') return readSealedPage<Source>(db, sealer, 'sources', after, limit);
      return (after === undefined ? db.sources.orderBy(':id') : db.sources.where(':id').above(after))
        .limit(limit)
        .toArray();
    },

    original: (sha256: string) => db.originals.get(sha256),

    /** Replaces what was extracted from a source's file, keeping its metadata as edited. */
    async replaceExtraction(
      id: string,
      extracted: Pick<SourceDraft, 'text' | 'html' | 'pageStarts' | 'flags' | 'textHash' | 'language'>,
    ): Promise<Source> {
      return guardWrite(() =>
        db.transaction('rw', db.sources, async () => {
          const existing = await db.sources.get(id);
          if (!existing) throw new Error(`No source with id ${id}`);
          const updated: Source = { ...existing, updatedAt: now(), text: extracted.text };
          for (const key of ['html', 'pageStarts', 'flags', 'textHash'] as const) {
            if (extracted[key] === undefined) delete updated[key];
            else (updated as Record<typeof key, unknown>)[key] = extracted[key];
          }
          if (!existing.language && extracted.language) updated.language = extracted.language;
          await db.sources.put(updated);
          return updated;
        }),
      );
    },

    async update(id: string, draft: SourceDraft): Promise<Source> {
      return guardWrite(() =>
        db.transaction('rw', db.sources, async () => {
          const existing = await db.sources.get(id);
          if (!existing) throw new Error(`No source with id ${id}`);
          const edited: Source = {
            ...draft,
            id,
            createdAt: existing.createdAt,
            updatedAt: now(),
            ...(existing.deletedAt !== undefined ? { deletedAt: existing.deletedAt } : {}),
          };
          // A conflicted field the edit changed is settled by it; the others keep their conflicts.
          const updated = withConflicts(edited, conflictsAfterEdit(existing, edited));
          await db.sources.put(updated);
          return updated;
        }),
      );
    },

    get: (id: string) => db.sources.get(id),

    /** The sources with these ids, in that order; an id no longer stored is left out. */
    async getMany(ids: readonly string[]): Promise<Source[]> {
      const found = await db.sources.bulkGet([...ids]);
      return found.filter((s): s is Source => s !== undefined);
    },

    /** Live sources, newest first. */
    listLive: () =>
      db.sources
        .orderBy('createdAt')
        .reverse()
        .filter((s) => s.deletedAt === undefined)
        .toArray(),

    /** Moves a source and its live notes to the Trash together. */
    async trash(id: string): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.sources, db.notes, async () => {
          const time = now();
          const updated = await db.sources.update(id, { deletedAt: time });
          if (!updated) throw new Error(`No source with id ${id}`);
          await db.notes
            .where('sourceId')
            .equals(id)
            .filter((n) => n.deletedAt === undefined)
            .modify({ deletedAt: time, trashedWith: id });
        }),
      );
    },
  };
}

export type SourcesRepository = ReturnType<typeof sourcesRepository>;
