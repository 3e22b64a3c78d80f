/**
 * Merging two versions of one record that were changed apart (two researchers offline, or a
 * change file against this archive), against the version both started from (the base).
 *
 * - A field changed on one side only takes that side. The same field changed to the same value
 *   on both sides is no conflict.
 * - The same field changed differently on both sides becomes a conflict stored in the record
 *   (`conflicts[field]`): every value set apart (two, or more when more replicas changed it),
 *   who set each and when. The record shows the latest until someone chooses; nothing is
 *   dropped and nothing goes to a hidden copy. Settling a conflict settles the values the
 *   settler saw, not one added to the conflict elsewhere meanwhile.
 * - Lists of tags, sources and passages merge item by item (an item added on one side and one
 *   removed on the other both happen). An incident's reports merge by id, field by field; a
 *   report removed on one side and edited on the other stays, with a conflict.
 * - A note's text merges line by line (three-way, as version control does); when both sides
 *   changed the same lines, it is a conflict holding both texts.
 * - Moving to the Trash is a field like another: a record moved to the Trash on one side and
 *   edited on the other keeps the edit, stays out of the Trash, and carries a conflict saying
 *   so — never a silent win either way.
 *
 * The merge is symmetric: merging B into A gives the record merging A into B gives, so that
 * every replica reaches the same state. Which side wins a shown value is decided by the
 * stamps (time, then member), never by which machine merges.
 */
import { diff3Merge } from 'node-diff3';

/** Who set a field, and when (milliseconds since 1970). */
export interface Stamp {
  by: string;
  at: number;
}

/** One side of a conflict: the value (absent when that side removed the field), who and when. */
export interface ConflictSide extends Stamp {
  value?: unknown;
}

/**
 * The values of one field set apart (two or more), earliest stamp first: every replica stores
 * them in this order. Three replicas changing one field apart give three sides.
 */
export interface FieldConflict {
  sides: ConflictSide[];
}

/** The tables that are shared, and how each merges. */
export const SYNC_TABLES = ['sources', 'notes', 'passages', 'incidents', 'entities'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/** The field that stands for the Trash (`deletedAt` and `trashedWith` move together). */
export const TRASH_FIELD = 'trash';

type Json = Record<string, unknown>;

/** A record as shared: its fields, who set each, and its unresolved conflicts. */
export interface Versioned {
  record: Json;
  /** By field (`claims.<id>.<field>` for a report's fields); missing stamps count as the record's `updatedAt`. */
  stamps: Record<string, Stamp>;
  conflicts?: Record<string, FieldConflict>;
}

interface TableRules {
  /** Lists of strings merged item by item. */
  sets: readonly string[];
  /** Text merged line by line. */
  texts: readonly string[];
  /** Lists of objects with an `id`, merged by id and field by field (their inner sets listed). */
  byId: Readonly<Record<string, { sets: readonly string[] }>>;
  trashable: boolean;
}

const RULES: Record<SyncTable, TableRules> = {
  sources: { sets: ['tags'], texts: [], byId: {}, trashable: true },
  notes: { sets: [], texts: ['body'], byId: {}, trashable: true },
  passages: { sets: [], texts: [], byId: {}, trashable: false },
  incidents: {
    sets: ['tags', 'sourceIds'],
    texts: [],
    byId: { claims: { sets: ['passageIds'] } },
    trashable: true,
  },
  entities: { sets: ['aliases'], texts: [], byId: {}, trashable: false },
};

/** Fields the merge derives rather than merges. */
const DERIVED = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt', 'trashedWith', 'conflicts']);

/** Equal as stored: same JSON, object keys in any order. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => same(v, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Json)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Json)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Json)[k], (b as Json)[k]));
}

/** JSON with object keys sorted: equal records give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Json)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Stamps in their one order: time, then member (so that a tie still has one answer). */
export function laterOf(a: Stamp, b: Stamp): Stamp {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.by >= b.by ? a : b;
}
const isLater = (a: Stamp, b: Stamp) => laterOf(a, b) === a && !(a.at === b.at && a.by === b.by);

const stampOf = (v: Versioned, field: string): Stamp =>
  v.stamps[field] ?? { by: '', at: Number(v.record.updatedAt ?? 0) };

const trashOf = (record: Json | undefined) =>
  record?.deletedAt === undefined
    ? undefined
    : {
        deletedAt: record.deletedAt,
        ...(record.trashedWith !== undefined ? { trashedWith: record.trashedWith } : {}),
      };

/** A field's whole state on one side: its value, its conflict if it has one, and its stamp. */
interface FieldState {
  value: unknown;
  conflict?: FieldConflict;
  stamp?: Stamp;
}

function stateOf(v: Versioned | undefined, field: string, value: unknown): FieldState {
  const conflict = v?.conflicts?.[field];
  return { value, ...(conflict ? { conflict } : {}), ...(v ? { stamp: stampOf(v, field) } : {}) };
}

/** What a side holds of a field, as compared: value and conflict (a stamp alone is no change). */
const held = (state: FieldState) =>
  state.conflict ? { value: state.value, conflict: state.conflict } : { value: state.value };

const side = (value: unknown, stamp: Stamp): ConflictSide =>
  value === undefined ? { ...stamp } : { ...stamp, value };

function conflictOf(...sides: ConflictSide[]): FieldConflict {
  const kept: ConflictSide[] = [];
  for (const candidate of sides)
    if (!kept.some((k) => k.by === candidate.by && k.at === candidate.at && same(k.value, candidate.value)))
      kept.push(candidate);
  kept.sort((x, y) => (isLater(x, y) ? 1 : isLater(y, x) ? -1 : 0));
  return { sides: kept };
}

/** What one side holds of a field: every value of its conflict, or its one value. */
const sidesOf = (state: FieldState, stamp: Stamp): ConflictSide[] =>
  state.conflict ? state.conflict.sides : [side(state.value, stamp)];

/** What the merge of one field gives: its value, its stamp, and a conflict when there is one. */
interface Merged {
  value: unknown;
  stamp: Stamp;
  conflict?: FieldConflict;
}

/** Three-way merge of a plain field (any JSON value), conflicts and all. */
function mergeScalar(o: FieldState | undefined, a: FieldState, sa: Stamp, b: FieldState, sb: Stamp): Merged {
  const keep = (state: FieldState, stamp: Stamp): Merged => ({
    value: state.value,
    stamp,
    ...(state.conflict ? { conflict: state.conflict } : {}),
  });
  if (same(held(a), held(b))) return keep(a, laterOf(sa, sb));
  if (o && same(held(a), held(o))) return keep(b, sb);
  if (o && same(held(b), held(o))) return keep(a, sa);
  // Both changed it. A value the base held, a side that no longer holds it replaced knowingly:
  // it goes. A value new on either side, the other never saw: it stays, against the others.
  // (A side that settled a conflict does not settle a value added to it elsewhere meanwhile.)
  const known = o ? sidesOf(o, o.stamp ?? { by: '', at: 0 }) : [];
  const holds = (list: ConflictSide[], x: ConflictSide) =>
    list.some((k) => k.by === x.by && k.at === x.at && same(k.value, x.value));
  const [mine, theirs] = [sidesOf(a, sa), sidesOf(b, sb)];
  const all = [...mine, ...theirs];
  const fresh = all.filter((x) => !holds(known, x) || (holds(mine, x) && holds(theirs, x)));
  const conflict = conflictOf(...(fresh.length ? fresh : all));
  const last = conflict.sides.at(-1)!;
  if (conflict.sides.every((x) => same(x.value, last.value)))
    return { value: last.value, stamp: laterOf(sa, sb) };
  return { value: last.value, stamp: laterOf(sa, sb), conflict };
}

/** Item by item: what either side added is in, what either side removed is out. */
function mergeSet(o: unknown, a: unknown, sa: Stamp, b: unknown, sb: Stamp): Merged {
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).map(String) : []);
  // One side left as it was: the other's list, order and all.
  if (same(a, b)) return { value: a, stamp: laterOf(sa, sb) };
  if (same(a, o)) return { value: b, stamp: sb };
  if (same(b, o)) return { value: a, stamp: sa };
  const [base, mine, theirs] = [list(o), list(a), list(b)];
  const removed = new Set([
    ...base.filter((x) => !mine.includes(x)),
    ...base.filter((x) => !theirs.includes(x)),
  ]);
  // The later side's order first, then what only the other side has, in its order.
  const [first, second] = isLater(sb, sa) ? [theirs, mine] : [mine, theirs];
  const value: string[] = [];
  for (const x of [...first, ...second]) if (!removed.has(x) && !value.includes(x)) value.push(x);
  const stamp =
    same(value, mine) && !same(value, theirs)
      ? sa
      : same(value, theirs) && !same(value, mine)
        ? sb
        : laterOf(sa, sb);
  return { value: a === undefined && b === undefined && value.length === 0 ? undefined : value, stamp };
}

/** Line by line; a conflict holding both texts when both changed the same lines. */
function mergeText(o: FieldState | undefined, a: FieldState, sa: Stamp, b: FieldState, sb: Stamp): Merged {
  const plain = mergeScalar(o, a, sa, b, sb);
  const texts = [o?.value, a.value, b.value];
  if (
    !plain.conflict ||
    a.conflict ||
    b.conflict ||
    o === undefined ||
    texts.some((t) => t !== undefined && typeof t !== 'string')
  )
    return plain;
  // Earlier stamp as the first text, so that both replicas merge the same way round.
  const [x, y] = isLater(sa, sb) ? [b.value, a.value] : [a.value, b.value];
  const lines = (t: unknown) => (typeof t === 'string' ? t : '').split('\n');
  const regions = diff3Merge(lines(x), lines(o.value), lines(y), { excludeFalseConflicts: true });
  if (regions.some((r) => r.conflict)) return plain;
  return { value: regions.flatMap((r) => r.ok ?? []).join('\n'), stamp: laterOf(sa, sb) };
}

/** Lists of objects with ids (an incident's reports): by id, field by field. */
function mergeById(
  field: string,
  inner: { sets: readonly string[] },
  base: Versioned | undefined,
  a: Versioned,
  b: Versioned,
  out: { stamps: Record<string, Stamp>; conflicts: Record<string, FieldConflict> },
): unknown[] | undefined {
  const items = (v: Versioned | undefined) =>
    new Map(
      (Array.isArray(v?.record[field]) ? (v.record[field] as Json[]) : []).map((item) => [
        String(item.id),
        item,
      ]),
    );
  const [oi, ai, bi] = [items(base), items(a), items(b)];
  const ids = [...new Set([...ai.keys(), ...bi.keys(), ...oi.keys()])];
  const result: Json[] = [];
  for (const id of ids) {
    const prefix = `${field}.${id}`;
    const [io, ia, ib] = [oi.get(id), ai.get(id), bi.get(id)];
    const under = (v: Versioned) => Object.entries(v.stamps).filter(([key]) => key.startsWith(`${prefix}.`));
    if (!ia || !ib) {
      // Added on one side, or removed on one: a removal wins only over an item left as it was.
      const [kept, keptBy, gone, goneBy] = ia ? [ia, a, ib, b] : [ib, b, ia, a];
      const stamped = [a.stamps[prefix], b.stamps[prefix]].filter((x) => x !== undefined);
      if (stamped.length) out.stamps[prefix] = stamped.reduce(laterOf);
      if (!kept) continue;
      if (io && same(kept, io) && !keptBy.conflicts?.[prefix]) continue;
      if (io && gone === undefined) {
        // The edit's side is stamped with its latest change to the item.
        const edited = under(keptBy)
          .map(([, stamp]) => stamp)
          .reduce(laterOf, stampOf(keptBy, prefix));
        out.conflicts[prefix] = conflictOf(
          ...(keptBy.conflicts?.[prefix]?.sides ?? []),
          side(undefined, stampOf(goneBy, prefix)),
          side(kept, edited),
        );
      } else if (keptBy.conflicts?.[prefix]) out.conflicts[prefix] = keptBy.conflicts[prefix]!;
      for (const [key, stamp] of under(keptBy)) out.stamps[key] = stamp;
      for (const [key, conflict] of Object.entries(keptBy.conflicts ?? {}))
        if (key.startsWith(`${prefix}.`)) out.conflicts[key] = conflict;
      result.push(kept);
      continue;
    }
    // Kept on both sides: a conflict over its removal stays until one side settles it.
    const whole = mergeScalar(
      io ? stateOf(base, prefix, true) : undefined,
      stateOf(a, prefix, true),
      stampOf(a, prefix),
      stateOf(b, prefix, true),
      stampOf(b, prefix),
    );
    if (whole.conflict) out.conflicts[prefix] = whole.conflict;
    if (a.stamps[prefix] || b.stamps[prefix]) out.stamps[prefix] = whole.stamp;
    const merged: Json = {};
    const keys = new Set([...Object.keys(ia), ...Object.keys(ib), ...Object.keys(io ?? {})]);
    for (const key of keys) {
      if (key === 'id') continue;
      const path = `${prefix}.${key}`;
      const [sa, sb] = [stampOf(a, path), stampOf(b, path)];
      const m = inner.sets.includes(key)
        ? mergeSet(io?.[key], ia[key], sa, ib[key], sb)
        : mergeScalar(
            io ? stateOf(base, path, io[key]) : undefined,
            stateOf(a, path, ia[key]),
            sa,
            stateOf(b, path, ib[key]),
            sb,
          );
      if (m.value !== undefined) merged[key] = m.value;
      if (a.stamps[path] || b.stamps[path]) out.stamps[path] = m.stamp;
      if (m.conflict) out.conflicts[path] = m.conflict;
    }
    result.push({ id: ia.id ?? ib.id, ...merged });
  }
  result.sort(
    (x, y) => Number(x.createdAt ?? 0) - Number(y.createdAt ?? 0) || String(x.id).localeCompare(String(y.id)),
  );
  return result.length === 0 && a.record[field] === undefined && b.record[field] === undefined
    ? undefined
    : result;
}

/** Whether a side changed anything but the Trash since the base (what a trash races against). */
function editedApart(base: Versioned | undefined, v: Versioned): Stamp | undefined {
  if (!base) return undefined;
  let latest: Stamp | undefined;
  const keys = new Set([...Object.keys(v.record), ...Object.keys(base.record)]);
  for (const key of keys) {
    if (DERIVED.has(key)) continue;
    if (!same(v.record[key], base.record[key])) {
      const stamp = stampOf(v, key);
      latest = latest ? laterOf(latest, stamp) : stamp;
    }
  }
  return latest;
}

/**
 * Merges `a` and `b`, two versions of one record of `table`, against `base`, the version they
 * both came from (undefined when there is none: then every difference is a conflict).
 */
export function mergeRecords(
  table: SyncTable,
  base: Versioned | undefined,
  a: Versioned,
  b: Versioned,
): Versioned {
  const rules = RULES[table];
  const record: Json = {};
  const stamps: Record<string, Stamp> = {};
  const conflicts: Record<string, FieldConflict> = {};
  const keys = new Set([
    ...Object.keys(a.record),
    ...Object.keys(b.record),
    ...Object.keys(base?.record ?? {}),
  ]);
  for (const key of keys) {
    if (DERIVED.has(key)) continue;
    if (key in rules.byId) {
      const value = mergeById(key, rules.byId[key]!, base, a, b, { stamps, conflicts });
      if (value !== undefined) record[key] = value;
      const [sa, sb] = [stampOf(a, key), stampOf(b, key)];
      if (a.stamps[key] || b.stamps[key]) stamps[key] = laterOf(sa, sb);
      continue;
    }
    const [sa, sb] = [stampOf(a, key), stampOf(b, key)];
    const [o, x, y] = [base?.record[key], a.record[key], b.record[key]];
    const m = rules.sets.includes(key)
      ? mergeSet(o, x, sa, y, sb)
      : (rules.texts.includes(key) ? mergeText : mergeScalar)(
          base ? stateOf(base, key, o) : undefined,
          stateOf(a, key, x),
          sa,
          stateOf(b, key, y),
          sb,
        );
    if (m.value !== undefined) record[key] = m.value;
    if (a.stamps[key] || b.stamps[key]) stamps[key] = m.stamp;
    if (m.conflict) conflicts[key] = m.conflict;
  }
  if (rules.trashable) mergeTrash(base, a, b, record, stamps, conflicts);
  // Stamps of what neither side holds any more (a report removed): kept, the later of the two,
  // so that every replica keeps the same.
  for (const [key, stamp] of [...Object.entries(a.stamps), ...Object.entries(b.stamps)])
    if (!(key in stamps))
      stamps[key] = a.stamps[key] && b.stamps[key] ? laterOf(a.stamps[key], b.stamps[key]) : stamp;
  record.id = a.record.id ?? b.record.id;
  const created = [a.record.createdAt, b.record.createdAt].filter((t) => typeof t === 'number');
  if (created.length) record.createdAt = Math.min(...created);
  const updated = [a.record.updatedAt, b.record.updatedAt].filter((t) => typeof t === 'number');
  if (updated.length) record.updatedAt = Math.max(...updated);
  return { record, stamps, ...(Object.keys(conflicts).length ? { conflicts } : {}) };
}

function mergeTrash(
  base: Versioned | undefined,
  a: Versioned,
  b: Versioned,
  record: Json,
  stamps: Record<string, Stamp>,
  conflicts: Record<string, FieldConflict>,
): void {
  const [o, x, y] = [trashOf(base?.record), trashOf(a.record), trashOf(b.record)];
  const [sa, sb] = [stampOf(a, TRASH_FIELD), stampOf(b, TRASH_FIELD)];
  let m = mergeScalar(
    base ? stateOf(base, TRASH_FIELD, o) : undefined,
    stateOf(a, TRASH_FIELD, x),
    sa,
    stateOf(b, TRASH_FIELD, y),
    sb,
  );
  if (!m.conflict && base) {
    // Moved to the Trash on one side while edited on the other: the edit stays in sight.
    const trashedBy = !same(x, o) && x !== undefined ? sa : !same(y, o) && y !== undefined ? sb : undefined;
    const editor =
      trashedBy === sa ? editedApart(base, b) : trashedBy === sb ? editedApart(base, a) : undefined;
    const trashed = trashedBy === sa ? x : y;
    if (trashedBy && editor && m.value !== undefined)
      m = {
        value: undefined,
        stamp: laterOf(trashedBy, editor),
        conflict: conflictOf(side(trashed, trashedBy), side(undefined, editor)),
      };
  }
  // A conflict over the Trash leaves the record out of it until someone chooses.
  const value = m.conflict ? undefined : (m.value as ReturnType<typeof trashOf>);
  if (value) Object.assign(record, value);
  if (a.stamps[TRASH_FIELD] || b.stamps[TRASH_FIELD]) stamps[TRASH_FIELD] = m.stamp;
  if (m.conflict) conflicts[TRASH_FIELD] = m.conflict;
}

/**
 * Stamps what changed between `before` (the record as last shared, with its stamps) and
 * `after` (the record now, conflicts in its `conflicts` field): each changed field, report
 * field, report added or removed, the Trash, and each conflict resolved, gets `stamp`.
 */
export function stampChanges(
  table: SyncTable,
  before: Versioned | undefined,
  after: Json,
  stamp: Stamp,
): Versioned {
  const rules = RULES[table];
  const { conflicts: rawConflicts, ...record } = after;
  const conflicts = (rawConflicts ?? {}) as Record<string, FieldConflict>;
  const stamps: Record<string, Stamp> = { ...(before?.stamps ?? {}) };
  const old = before?.record ?? {};
  const keys = new Set([...Object.keys(record), ...Object.keys(old)]);
  for (const key of keys) {
    if (DERIVED.has(key)) continue;
    if (key in rules.byId) {
      const list = (r: Json) =>
        new Map((Array.isArray(r[key]) ? (r[key] as Json[]) : []).map((i) => [String(i.id), i]));
      const [was, now] = [list(old), list(record)];
      for (const id of new Set([...was.keys(), ...now.keys()])) {
        const [x, y] = [was.get(id), now.get(id)];
        if (!x || !y) {
          if (x || y) stamps[`${key}.${id}`] = stamp;
          continue;
        }
        for (const inner of new Set([...Object.keys(x), ...Object.keys(y)]))
          if (!same(x[inner], y[inner])) stamps[`${key}.${id}.${inner}`] = stamp;
      }
      continue;
    }
    if (!same(old[key], record[key])) stamps[key] = stamp;
  }
  if (rules.trashable && !same(trashOf(old), trashOf(record))) stamps[TRASH_FIELD] = stamp;
  // A conflict resolved (even to the value shown) is a change that must win over the copies still holding it.
  for (const field of Object.keys(before?.conflicts ?? {})) if (!conflicts[field]) stamps[field] = stamp;
  return { record, stamps, ...(Object.keys(conflicts).length ? { conflicts } : {}) };
}
