/**
 * Settling the conflicts a merge stored in a record (see merge.ts): by choosing one of the
 * values set apart, by typing another, or by editing the field by hand. Each way writes the
 * field and drops its conflict; the next save stamps both (so the team sees who settled it,
 * and when), and a value added to the conflict elsewhere meanwhile comes back as a new one.
 *
 * A conflict's field is a path: a field of the record (`title`, `fatalities`), `trash` (moved
 * to the Trash or not), a report as a whole (`claims.<id>`: removed on one side, edited on the
 * other) or one field of a report (`claims.<id>.<field>`).
 */
import { same, TRASH_FIELD, type ConflictSide, type FieldConflict } from './merge';

type Json = Record<string, unknown>;

export interface Conflicted {
  conflicts?: Record<string, FieldConflict>;
}

const claimsOf = (record: Json): Json[] => (Array.isArray(record.claims) ? (record.claims as Json[]) : []);

/** What a record holds at a conflict's path (undefined when it holds nothing there). */
export function valueAt(value: object, path: string): unknown {
  const record = value as Json;
  if (path === TRASH_FIELD)
    return record.deletedAt === undefined
      ? undefined
      : {
          deletedAt: record.deletedAt,
          ...(record.trashedWith !== undefined ? { trashedWith: record.trashedWith } : {}),
        };
  const [head, id, field] = path.split('.');
  if (head === 'claims' && id !== undefined) {
    const claim = claimsOf(record).find((c) => c.id === id);
    return field === undefined ? claim : claim?.[field];
  }
  return record[path];
}

/** The record with `value` at `path` (undefined removes it). */
function withValue<T extends object>(original: T, path: string, value: unknown): T {
  const record = original as Json;
  if (path === TRASH_FIELD) {
    const { deletedAt: _d, trashedWith: _t, ...rest } = record;
    return (value === undefined ? rest : { ...rest, ...(value as Json) }) as T;
  }
  const [head, id, field] = path.split('.');
  if (head === 'claims' && id !== undefined) {
    const claims = claimsOf(record);
    const at = claims.findIndex((c) => c.id === id);
    let next: Json[];
    if (field === undefined) {
      if (value === undefined) next = claims.filter((c) => c.id !== id);
      else if (at >= 0) next = claims.map((c, i) => (i === at ? (value as Json) : c));
      else next = [...claims, value as Json];
    } else {
      if (at < 0) return original;
      next = claims.map((c, i) => {
        if (i !== at) return c;
        const { [field]: _, ...rest } = c;
        return value === undefined ? rest : { ...rest, [field]: value };
      });
    }
    return { ...record, claims: next } as T;
  }
  const { [path]: _, ...rest } = record;
  return (value === undefined ? rest : { ...rest, [path]: value }) as T;
}

function withoutConflict<T extends Conflicted>(record: T, path: string): T {
  const { [path]: _, ...others } = record.conflicts ?? {};
  const { conflicts: _c, ...rest } = record;
  return (Object.keys(others).length ? { ...rest, conflicts: others } : rest) as T;
}

/** The record with the conflict at `path` settled on `value` (one of its sides' or a new one). */
export function settleConflict<T extends Conflicted>(record: T, path: string, value: unknown): T {
  return withoutConflict(withValue(record, path, value), path);
}

/**
 * The conflicts a record keeps after an edit by hand: one whose field the edit changed is
 * settled by it (the researcher typed the value they want); the others stay, whatever the
 * form that made the edit knows of them.
 */
export function conflictsAfterEdit(before: Conflicted, after: object): Record<string, FieldConflict> {
  const kept: Record<string, FieldConflict> = {};
  for (const [path, conflict] of Object.entries(before.conflicts ?? {}))
    if (same(valueAt(before, path), valueAt(after, path))) kept[path] = conflict;
  return kept;
}

/** `record` carrying `conflicts` (none: no `conflicts` field at all). */
export function withConflicts<T extends Conflicted>(record: T, conflicts: Record<string, FieldConflict>): T {
  const { conflicts: _, ...rest } = record;
  return (Object.keys(conflicts).length ? { ...rest, conflicts } : rest) as T;
}

/** The side this member set, and the others (latest first), for "Keep mine" and "Keep theirs". */
export function sidesFor(
  conflict: FieldConflict,
  member: string | undefined,
): { mine?: ConflictSide; theirs: ConflictSide[] } {
  const latestFirst = [...conflict.sides].reverse();
  const mine = member === undefined ? undefined : latestFirst.find((s) => s.by === member);
  return { ...(mine ? { mine } : {}), theirs: latestFirst.filter((s) => s !== mine) };
}
