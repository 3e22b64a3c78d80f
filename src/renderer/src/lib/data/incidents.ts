/** Incidents: the structured record of an event, linked to the sources that report it. */
import type { Incident, IncidentDraft } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { newId } from './ids';

export function incidentsRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    async create(draft: IncidentDraft): Promise<Incident> {
      const time = now();
      const incident: Incident = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.incidents.add(incident));
      return incident;
    },

    async update(id: string, draft: IncidentDraft): Promise<Incident> {
      return guardWrite(() =>
        db.transaction('rw', db.incidents, async () => {
          const existing = await db.incidents.get(id);
          if (!existing) throw new Error(`No incident with id ${id}`);
          const updated: Incident = {
            ...draft,
            id,
            createdAt: existing.createdAt,
            updatedAt: now(),
          };
          await db.incidents.put(updated);
          return updated;
        }),
      );
    },

    get: (id: string) => db.incidents.get(id),

    /** Live incidents by date, newest first unless `oldestFirst`. */
    async listLive(oldestFirst = false): Promise<Incident[]> {
      const collection = db.incidents.orderBy('date');
      const rows = await (oldestFirst ? collection : collection.reverse())
        .filter((i) => i.deletedAt === undefined)
        .toArray();
      return rows;
    },

    listLiveForSource: (sourceId: string) =>
      db.incidents
        .where('sourceIds')
        .equals(sourceId)
        .filter((i) => i.deletedAt === undefined)
        .toArray(),

    async trash(id: string): Promise<void> {
      const changed = await guardWrite(() => db.incidents.update(id, { deletedAt: now() }));
      if (!changed) throw new Error(`No incident with id ${id}`);
    },
  };
}

export type IncidentsRepository = ReturnType<typeof incidentsRepository>;
