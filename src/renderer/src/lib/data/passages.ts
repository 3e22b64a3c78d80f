/** Passages marked in sources: created from a selection, listed with their source, removed. */
import type { PassageTarget } from '../../../../core/annotate/selectors';
import type { Passage, PassageColor } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { newId } from './ids';

export function passagesRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    async create(sourceId: string, target: PassageTarget, color: PassageColor): Promise<Passage> {
      const time = now();
      const passage: Passage = { id: newId(), sourceId, target, color, createdAt: time, updatedAt: time };
      await guardWrite(() => db.passages.add(passage));
      return passage;
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
