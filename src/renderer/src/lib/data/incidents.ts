/**
 * Incidents: the structured record of an event, linked to the sources that report it, and
 * resolved from the claims those sources make (see core/incidents/resolve.ts). Every change
 * that touches claims reads and writes the incident in one transaction.
 */
import type {
  Claim,
  ClaimField,
  Incident,
  IncidentDraft,
  ResolutionRule,
} from '../../../../core/model/types';
import { addClaim, applyManualEdit, resolveIncident, setRule } from '../../../../core/incidents/resolve';
import { mergeIncidents } from '../../../../core/incidents/duplicates';
import type { FieldbookDb } from './db';
import { conflictsAfterEdit, withConflicts } from '../../../../core/sync/conflicts';
import { guardWrite } from './errors';
import { newId } from './ids';

/** What a claim is made of before it is stored. */
export type ClaimDraft = Omit<Claim, 'id' | 'createdAt'>;

export function incidentsRepository(db: FieldbookDb, now: () => number = Date.now) {
  /** Reads an incident, changes it, and writes it back, in one transaction. */
  const change = (id: string, apply: (incident: Incident) => Incident): Promise<Incident> =>
    guardWrite(() =>
      db.transaction('rw', db.incidents, async () => {
        const existing = await db.incidents.get(id);
        if (!existing) throw new Error(`No incident with id ${id}`);
        const updated: Incident = { ...apply(existing), id, createdAt: existing.createdAt, updatedAt: now() };
        await db.incidents.put(updated);
        return updated;
      }),
    );

  const claimOf = (draft: ClaimDraft): Claim => ({ ...draft, id: newId(), createdAt: now() });

  return {
    async create(draft: IncidentDraft): Promise<Incident> {
      const time = now();
      const incident: Incident = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.incidents.add(incident));
      return incident;
    },

    /** A new incident from one source's claim: its fields are the claim's, confirmed. */
    async createFromClaim(draft: IncidentDraft, claim: ClaimDraft): Promise<Incident> {
      const time = now();
      const incident = resolveIncident({
        ...draft,
        claims: [claimOf(claim)],
        id: newId(),
        createdAt: time,
        updatedAt: time,
      });
      await guardWrite(() => db.incidents.add(incident));
      return incident;
    },

    /**
     * An edit by hand: fields changed from their resolved value become manual; a conflicted
     * field the edit changed is settled by it, the others keep their conflicts.
     */
    update: (id: string, draft: IncidentDraft): Promise<Incident> =>
      change(id, (existing) => {
        const edited = applyManualEdit(existing, {
          ...draft,
          id,
          createdAt: existing.createdAt,
          updatedAt: existing.updatedAt,
        });
        return withConflicts(edited, conflictsAfterEdit(existing, edited));
      }),

    /** Another source's account of the incident, resolved with the others. */
    addClaim: (id: string, claim: ClaimDraft): Promise<Incident> =>
      change(id, (existing) => addClaim(existing, claimOf(claim))),

    removeClaim: (id: string, claimId: string): Promise<Incident> =>
      change(id, (existing) =>
        resolveIncident({ ...existing, claims: (existing.claims ?? []).filter((c) => c.id !== claimId) }),
      ),

    setRule: (id: string, field: ClaimField, rule: ResolutionRule): Promise<Incident> =>
      change(id, (existing) => setRule(existing, field, rule)),

    setDisputed: (id: string, disputed: boolean): Promise<Incident> =>
      change(id, (existing) => {
        const { disputed: _, ...rest } = existing;
        return disputed ? { ...rest, disputed: true } : rest;
      }),

    /**
     * Merges `mergedId` into `keptId`: the kept incident gains every claim, source and tag of
     * the other, which goes to the Trash (and can be restored from there).
     */
    merge: (keptId: string, mergedId: string): Promise<Incident> =>
      guardWrite(() =>
        db.transaction('rw', db.incidents, async () => {
          const [kept, merged] = await Promise.all([db.incidents.get(keptId), db.incidents.get(mergedId)]);
          if (!kept || !merged) throw new Error(`No incident with id ${kept ? mergedId : keptId}`);
          const time = now();
          const result: Incident = { ...mergeIncidents(kept, merged), updatedAt: time };
          await db.incidents.put(result);
          await db.incidents.put({ ...merged, deletedAt: time, updatedAt: time });
          return result;
        }),
      ),

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
