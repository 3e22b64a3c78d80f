/**
 * The Trash: every deleted record, restorable until the Trash is emptied. Restoring a source
 * brings back the notes that went to the Trash with it. Emptying deletes for good, original
 * files included, in one transaction, and leaves no dangling reference: a live note whose source is purged becomes
 * free-standing, and incidents stop citing purged sources (their claims from those sources go).
 */
import { noteTitle, incidentTitle } from '../../../../core/search/documents';
import { resolveIncident } from '../../../../core/incidents/resolve';
import type { Incident, Note, RecordKind, SourceSummary } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';

export interface TrashItem {
  kind: RecordKind;
  id: string;
  title: string;
  deletedAt: number;
  /** Set when the item went to the Trash because its source did. */
  trashedWith?: string;
}

/**
 * The Trash as listed: every record among these that is in it, most recently deleted first.
 * Records still live are left out, so whole tables (or the Library's copies) may be passed.
 */
export function trashItemsOf(
  sources: Iterable<Pick<SourceSummary, 'id' | 'title' | 'deletedAt'>>,
  notes: Iterable<Note>,
  incidents: Iterable<Incident>,
): TrashItem[] {
  const items: TrashItem[] = [];
  for (const s of sources)
    if (s.deletedAt !== undefined)
      items.push({ kind: 'source', id: s.id, title: s.title, deletedAt: s.deletedAt });
  for (const n of notes)
    if (n.deletedAt !== undefined)
      items.push({
        kind: 'note',
        id: n.id,
        title: noteTitle(n),
        deletedAt: n.deletedAt,
        ...(n.trashedWith ? { trashedWith: n.trashedWith } : {}),
      });
  for (const i of incidents)
    if (i.deletedAt !== undefined)
      items.push({ kind: 'incident', id: i.id, title: incidentTitle(i), deletedAt: i.deletedAt });
  return items.sort((a, b) => b.deletedAt - a.deletedAt);
}

export function trashRepository(db: FieldbookDb) {
  return {
    async list(): Promise<TrashItem[]> {
      const [sources, notes, incidents] = await Promise.all([
        db.sources.where('deletedAt').above(0).toArray(),
        db.notes.where('deletedAt').above(0).toArray(),
        db.incidents.where('deletedAt').above(0).toArray(),
      ]);
      return trashItemsOf(sources, notes, incidents);
    },

    async restore(kind: RecordKind, id: string): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.sources, db.notes, db.incidents, async () => {
          const table = kind === 'source' ? db.sources : kind === 'note' ? db.notes : db.incidents;
          const changed = await table.update(id, { deletedAt: undefined, trashedWith: undefined });
          if (!changed) throw new Error(`No ${kind} with id ${id} in the Trash`);
          if (kind === 'source') {
            await db.notes
              .where('sourceId')
              .equals(id)
              .filter((n) => n.trashedWith === id)
              .modify((n) => {
                delete n.deletedAt;
                delete n.trashedWith;
              });
          }
        }),
      );
    },

    /** Deletes everything in the Trash for good; returns how many records were removed. */
    async empty(): Promise<number> {
      return guardWrite(() =>
        db.transaction('rw', [db.sources, db.notes, db.incidents, db.originals, db.passages], async () => {
          const purgedSources = await db.sources.where('deletedAt').above(0).toArray();
          const sourceIds = purgedSources.map((s) => s.id);
          const noteIds = await db.notes.where('deletedAt').above(0).primaryKeys();
          const incidentIds = await db.incidents.where('deletedAt').above(0).primaryKeys();
          await db.sources.bulkDelete(sourceIds);
          await db.notes.bulkDelete(noteIds);
          await db.incidents.bulkDelete(incidentIds);
          if (sourceIds.length) {
            // An original file goes with the last source that came from it.
            const hashes = new Set(
              purgedSources.map((s) => (s.origin.kind === 'file' ? s.origin.sha256 : undefined)),
            );
            for (const hash of hashes) {
              if (hash && (await db.sources.where('origin.sha256').equals(hash).count()) === 0)
                await db.originals.delete(hash);
            }
            // Passages go with their source: they mark words that no longer exist anywhere.
            await db.passages.where('sourceId').anyOf(sourceIds).delete();
            const purged = new Set(sourceIds);
            await db.notes
              .where('sourceId')
              .anyOf(sourceIds)
              .modify((n) => {
                delete n.sourceId;
              });
            await db.incidents
              .where('sourceIds')
              .anyOf(sourceIds)
              .modify((i, ctx) => {
                i.sourceIds = i.sourceIds.filter((s) => !purged.has(s));
                // Claims go with their source too. With none left, the incident keeps the values
                // they gave but no longer says where they came from; with some, it is resolved
                // from those (and replaced whole: resolving may drop a field, as a date range).
                if (!i.claims) return;
                const claims = i.claims.filter((c) => !purged.has(c.sourceId));
                if (claims.length) ctx.value = resolveIncident({ ...i, claims });
                else {
                  delete i.claims;
                  delete i.provenance;
                }
              });
          }
          return sourceIds.length + noteIds.length + incidentIds.length;
        }),
      );
    },
  };
}

export type TrashRepository = ReturnType<typeof trashRepository>;
