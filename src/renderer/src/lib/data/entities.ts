/** The thesaurus: entities and their other names, edited by the user, seeded on creation. */
import type { Entity } from '../../../../core/search/seed-entities';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';

export function entitiesRepository(db: FieldbookDb) {
  return {
    /** Every entity, actors then places, by name. */
    async list(): Promise<Entity[]> {
      const all = await db.entities.toArray();
      return all.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    },
    async save(entity: Entity): Promise<void> {
      await guardWrite(() => db.entities.put(entity));
    },
    async remove(id: string): Promise<void> {
      await guardWrite(() => db.entities.delete(id));
    },
  };
}

export type EntitiesRepository = ReturnType<typeof entitiesRepository>;
