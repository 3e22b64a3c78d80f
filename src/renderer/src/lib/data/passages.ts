/** Passages marked in sources: created from a selection, listed with their source, removed. */
import type { PassageTarget } from '../../../../core/annotate/selectors';
import type { Passage, PassageColor } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { newId } from './ids';

export function passagesRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    /**
     * Marks words of a source as a passage. The same words marked again (highlighted, then
     * made into an incident) are the passage already stored, returned as it is: one passage,
     * however many reports and notes it backs.
     */
    async create(sourceId: string, target: PassageTarget, color: PassageColor): Promise<Passage> {
      return guardWrite(() =>
        db.transaction('rw', db.passages, async () => {
          const same = (await db.passages.where('sourceId').equals(sourceId).toArray()).find(
            (p) =>
              p.target.position.start === target.position.start &&
              p.target.position.end === target.position.end &&
              p.target.quote.exact === target.quote.exact,
          );
          if (same) return same;
          const time = now();
          const passage: Passage = { id: newId(), sourceId, target, color, createdAt: time, updatedAt: time };
          await db.passages.add(passage);
          return passage;
        }),
      );
    },
    /** Every passage, oldest first (the live view keeps them per source). */
    listAll: () => db.passages.orderBy('createdAt').toArray(),
    listForSource: (sourceId: string) => db.passages.where('sourceId').equals(sourceId).sortBy('createdAt'),
    async remove(id: string): Promise<void> {
      await guardWrite(() => db.passages.delete(id));
    },
  };
}

export type PassagesRepository = ReturnType<typeof passagesRepository>;
