/** Sources: create, edit, move to Trash (with their notes, in one transaction). */
import type { Source, SourceDraft } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { newId } from './ids';

export function sourcesRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    async create(draft: SourceDraft): Promise<Source> {
      const time = now();
      const source: Source = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.sources.add(source));
      return source;
    },

    async update(id: string, draft: SourceDraft): Promise<Source> {
      return guardWrite(() =>
        db.transaction('rw', db.sources, async () => {
          const existing = await db.sources.get(id);
          if (!existing) throw new Error(`No source with id ${id}`);
          const updated: Source = {
            ...draft,
            id,
            createdAt: existing.createdAt,
            updatedAt: now(),
            ...(existing.deletedAt !== undefined ? { deletedAt: existing.deletedAt } : {}),
          };
          await db.sources.put(updated);
          return updated;
        }),
      );
    },

    get: (id: string) => db.sources.get(id),

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
