/** Notes: Markdown, on a source or free-standing. */
import type { Note, NoteDraft } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { conflictsAfterEdit, withConflicts } from '../../../../core/sync/conflicts';
import { guardWrite } from './errors';
import { newId } from './ids';

export function notesRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    async create(draft: NoteDraft): Promise<Note> {
      const time = now();
      const note: Note = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.notes.add(note));
      return note;
    },

    /** A new text; when the text was in conflict, the text written by hand settles it. */
    async update(id: string, body: string): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.notes, async () => {
          const existing = await db.notes.get(id);
          if (!existing) throw new Error(`No note with id ${id}`);
          const edited: Note = { ...existing, body, updatedAt: now() };
          await db.notes.put(withConflicts(edited, conflictsAfterEdit(existing, edited)));
        }),
      );
    },

    get: (id: string) => db.notes.get(id),

    listLive: () =>
      db.notes
        .orderBy('createdAt')
        .reverse()
        .filter((n) => n.deletedAt === undefined)
        .toArray(),

    listLiveForSource: (sourceId: string) =>
      db.notes
        .where('sourceId')
        .equals(sourceId)
        .filter((n) => n.deletedAt === undefined)
        .sortBy('createdAt'),

    async trash(id: string): Promise<void> {
      const changed = await guardWrite(() => db.notes.update(id, { deletedAt: now() }));
      if (!changed) throw new Error(`No note with id ${id}`);
    },
  };
}

export type NotesRepository = ReturnType<typeof notesRepository>;
