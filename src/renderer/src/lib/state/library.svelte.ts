/**
 * The live contents of the archive, for the open views: read once at start, then kept current
 * by the change feed (every add, edit and delete, here or in another window), one changed
 * record at a time. Nothing here re-reads a table to find out what changed.
 *
 * Sources are kept as summaries (no text, no HTML): the reader loads the one it shows. Notes,
 * incidents, passages and the thesaurus are kept whole. Each change is also handed on as
 * search documents to add and ids to remove, built from the changed records alone.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the maps and sets here are bookkeeping that
   no view reads; the views read the lists, which are replaced whole on each change. */
import {
  summaryOf,
  type Incident,
  type Note,
  type Passage,
  type Source,
  type SourceSummary,
} from '../../../../core/model/types';
import {
  incidentToDoc,
  noteToDoc,
  passageToDoc,
  sourceToDoc,
  type SearchDoc,
} from '../../../../core/search/documents';
import type { Entity } from '../../../../core/search/seed-entities';
import { newestAdded, sourceComparator, type SourceOrder } from '../../../../core/model/list-order';
import type { Archive } from '../data/archive';
import type { ArchiveChange, ChangeFeed, TableChange } from '../data/changes';
import { trashItemsOf, type TrashItem } from '../data/trash';

export interface LibraryHooks {
  /**
   * Once the archive has been read: the version of every record the index should hold (as
   * of when it is called), and the records' search documents, read on demand by id.
   */
  onLoaded: (
    stamps: () => Map<string, number>,
    documents: (ids: readonly string[]) => Promise<SearchDoc[]>,
  ) => void;
  /** After that, what each change adds to (or replaces in) the index, and removes from it. */
  onChanges: (add: SearchDoc[], remove: string[]) => void;
  onEntities: (entities: Entity[]) => void;
  onError: (error: unknown) => void;
  /** The sources after the first screen are read once this has settled (the search index's read). */
  pagesAfter?: Promise<unknown>;
}

type Keyed = { id: string };

const newestFirst = newestAdded;
const oldestFirst = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
  newestFirst(b, a);
/** Incidents: by date, newest first (ties by id, reversed). */
const latestIncidentFirst = (a: Incident, b: Incident) =>
  a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
const byKindAndName = (a: Entity, b: Entity) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
const isLive = (record: { deletedAt?: number }) => record.deletedAt === undefined;
/** Sources read before the window is usable (newest first); the others follow in pages. */
const FIRST_SOURCES = 200;
/** Small pages, so that a search answer or a keystroke is never kept waiting long behind one. */
const SOURCES_PAGE = 500;

/**
 * `list` with the records of `changed` taken out and those of `added` (already filtered) put in
 * their places: a pass over the list, not a sort of it. A few records are each put in by a
 * binary search (an order that collates titles costs too much to compare against every row).
 */
export function mergeInto<T extends Keyed>(
  list: readonly T[],
  changed: ReadonlySet<string>,
  added: T[],
  order: (a: T, b: T) => number,
): T[] {
  const kept = changed.size ? list.filter((r) => !changed.has(r.id)) : list;
  if (added.length === 0) return kept === list ? [...list] : (kept as T[]);
  added.sort(order);
  if (added.length * Math.log2(kept.length + 2) < kept.length / 8) {
    const merged = kept === list ? [...list] : (kept as T[]);
    // From the last: each one goes in after every row that does not come after it.
    for (let j = added.length - 1; j >= 0; j--) {
      const record = added[j]!;
      let low = 0;
      let high = merged.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (order(merged[mid]!, record) <= 0) low = mid + 1;
        else high = mid;
      }
      merged.splice(low, 0, record);
    }
    return merged;
  }
  const merged: T[] = new Array<T>(kept.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < added.length)
    merged[k++] = order(kept[i]!, added[j]!) <= 0 ? kept[i++]! : added[j++]!;
  while (i < kept.length) merged[k++] = kept[i++]!;
  while (j < added.length) merged[k++] = added[j++]!;
  return merged;
}

export class Library {
  // Records are replaced, never mutated in place: raw state avoids deep proxies (and keeps them cloneable).
  #sources = $state.raw<SourceSummary[]>([]);
  #notes = $state.raw<Note[]>([]);
  #incidents = $state.raw<Incident[]>([]);
  #trash = $state.raw<TrashItem[]>([]);
  #entities = $state.raw<Entity[]>([]);
  #passages = $state.raw<Passage[]>([]);
  #ready = $state(false);
  #complete = $state(false);
  /** Sources a change touched while the pages were still being read: no page may replace them. */
  #changedWhileLoading = new Set<string>();
  /** Every record by id, live or in the Trash: the bookkeeping the lists are drawn from. */
  #allSources = new Map<string, SourceSummary>();
  #allNotes = new Map<string, Note>();
  #allIncidents = new Map<string, Incident>();
  #allPassages = new Map<string, Passage>();
  #allEntities = new Map<string, Entity>();
  /** The live sources in the other orders asked for, each kept in its order as changes come. */
  #sorted = new Map<string, SortedSources>();
  #stop: () => void = () => undefined;
  #hooks: LibraryHooks;

  readonly sourceTitles: ReadonlyMap<string, string> = $derived(
    // Rebuilt whole on every change of the list and never mutated, so a plain Map is right here.
    new Map(this.#sources.map((s) => [s.id, s.title])),
  );

  constructor(archive: Archive, feed: ChangeFeed, hooks: LibraryHooks) {
    this.#hooks = hooks;
    // Changes that commit while the archive is being read wait, then apply over what was read.
    let waiting: ArchiveChange[] | null = [];
    this.#stop = feed.subscribe((change) => {
      if (waiting) waiting.push(change);
      else this.#apply(change);
    });
    void this.#load(archive, () => {
      const queued = waiting ?? [];
      waiting = null;
      for (const change of queued) this.#apply(change);
    }).catch(hooks.onError);
  }

  /**
   * Reads the archive: first what the first screen needs (the newest sources, and every note,
   * incident, passage and thesaurus entry, which are small), and the window is usable; then
   * the other sources, page by page, as summaries. Changes apply as they come meanwhile.
   * Last, the index is told every record's version, and reads the records it lacks.
   */
  async #load(archive: Archive, started: () => void): Promise<void> {
    const { db } = archive;
    const [newest, notes, incidents, passages, entities] = await db.transaction(
      'r',
      [db.sources, db.notes, db.incidents, db.passages, db.entities],
      () =>
        Promise.all([
          db.sources.orderBy('createdAt').reverse().limit(FIRST_SOURCES).toArray(),
          db.notes.toArray(),
          db.incidents.toArray(),
          db.passages.toArray(),
          db.entities.toArray(),
        ]),
    );
    for (const source of newest) this.#allSources.set(source.id, summaryOf(source));
    for (const note of notes) this.#allNotes.set(note.id, note);
    for (const incident of incidents) this.#allIncidents.set(incident.id, incident);
    for (const passage of passages) this.#allPassages.set(passage.id, passage);
    for (const entity of entities) this.#allEntities.set(entity.id, entity);
    this.#sources = [...this.#allSources.values()].filter(isLive).sort(newestFirst);
    this.#notes = notes.filter(isLive).sort(newestFirst);
    this.#incidents = incidents.filter(isLive).sort(latestIncidentFirst);
    this.#passages = [...passages].sort(oldestFirst);
    this.#entities = [...entities].sort(byKindAndName);
    this.#ready = true;
    performance.mark('fieldbook:library-ready');
    this.#hooks.onEntities(this.#entities);
    started();

    // The other sources, by key; a source the change feed brought meanwhile is newer than the page.
    await this.#hooks.pagesAfter?.catch(() => undefined);
    let after: string | undefined;
    for (;;) {
      const page: Source[] = await archive.sources.page(after, SOURCES_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const fresh: SourceSummary[] = [];
      for (const source of page) {
        if (this.#allSources.has(source.id) || this.#changedWhileLoading.has(source.id)) continue;
        const summary = summaryOf(source);
        this.#allSources.set(source.id, summary);
        fresh.push(summary);
      }
      if (fresh.length) this.#mergeSources(new Set(), fresh.filter(isLive));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.#changedWhileLoading.clear();
    this.#complete = true;
    this.#trash = trashItemsOf(
      this.#allSources.values(),
      this.#allNotes.values(),
      this.#allIncidents.values(),
    );
    performance.mark('fieldbook:library-complete');
    this.#hooks.onLoaded(
      () => this.#stamps(),
      (ids) => this.#documents(archive, ids),
    );
  }

  /** The version of every record the index should hold: live records, and passages of live sources. */
  #stamps(): Map<string, number> {
    const stamps = new Map<string, number>();
    for (const source of this.#sources) stamps.set(source.id, source.updatedAt);
    for (const note of this.#notes) stamps.set(note.id, note.updatedAt);
    for (const incident of this.#incidents) stamps.set(incident.id, incident.updatedAt);
    for (const passage of this.#passages)
      if (this.#liveTitle(passage.sourceId) !== undefined) stamps.set(passage.id, passage.updatedAt);
    return stamps;
  }

  /** Search documents for records by id, as they are now (sources read from the archive). */
  async #documents(archive: Archive, ids: readonly string[]): Promise<SearchDoc[]> {
    const docs: SearchDoc[] = [];
    const sourceIds: string[] = [];
    for (const id of ids) {
      const note = this.#allNotes.get(id);
      const incident = this.#allIncidents.get(id);
      const passage = this.#allPassages.get(id);
      const title = passage && this.#liveTitle(passage.sourceId);
      if (note && isLive(note)) docs.push(noteToDoc(note));
      else if (incident && isLive(incident)) docs.push(incidentToDoc(incident));
      else if (passage && title !== undefined) docs.push(passageToDoc(passage, title));
      else if (this.#allSources.has(id)) sourceIds.push(id);
    }
    if (sourceIds.length)
      for (const source of await archive.db.sources.bulkGet(sourceIds))
        if (source && isLive(source)) docs.push(sourceToDoc(source));
    return docs;
  }

  /** Takes the `changed` sources out of every order kept, and puts the `live` ones in their places. */
  #mergeSources(changed: ReadonlySet<string>, live: readonly SourceSummary[]): void {
    this.#sources = mergeInto(this.#sources, changed, [...live], newestFirst);
    for (const sorted of this.#sorted.values())
      sorted.list = mergeInto(sorted.list, changed, [...live], sorted.compare);
  }

  #liveTitle(sourceId: string): string | undefined {
    const source = this.#allSources.get(sourceId);
    return source && isLive(source) ? source.title : undefined;
  }

  /** Applies one table's change to its map; returns the ids it touched and the records now stored. */
  #applyTo<T extends Keyed>(
    all: Map<string, T>,
    change: TableChange,
    stored: (record: Record<string, unknown>) => T = (r) => r as unknown as T,
  ): { touched: Set<string>; put: T[]; before: Map<string, T> } {
    const touched = new Set<string>();
    const before = new Map<string, T>();
    if (change.cleared) {
      for (const [id, record] of all) {
        touched.add(id);
        before.set(id, record);
      }
      all.clear();
    }
    for (const id of change.deleted) {
      const record = all.get(id);
      if (record && !before.has(id)) before.set(id, record);
      all.delete(id);
      touched.add(id);
    }
    const put: T[] = [];
    for (const raw of change.put) {
      const record = stored(raw);
      const old = all.get(record.id);
      if (old && !before.has(record.id)) before.set(record.id, old);
      all.set(record.id, record);
      touched.add(record.id);
      put.push(record);
    }
    return { touched, put, before };
  }

  #apply(change: ArchiveChange): void {
    const add: SearchDoc[] = [];
    const remove: string[] = [];
    let trashChanged = false;
    /** Sources whose title or Trash state changed: their passages' documents follow. */
    const retitled = new Set<string>();

    if (change.sources) {
      const fullRecords = new Map<string, Source>();
      if (!this.#complete)
        for (const id of [...change.sources.deleted, ...change.sources.put.map((r) => String(r.id))])
          this.#changedWhileLoading.add(id);
      const { touched, put, before } = this.#applyTo(this.#allSources, change.sources, (raw) => {
        const source = raw as unknown as Source;
        fullRecords.set(source.id, source);
        return summaryOf(source);
      });
      // Only the sources that were listed leave the lists (a new one was in none: an import's
      // commits add without a pass over the whole list to take nothing out).
      const listed = new Set<string>();
      for (const [id, was] of before) if (isLive(was)) listed.add(id);
      this.#mergeSources(listed, put.filter(isLive));
      for (const id of touched) {
        const now = this.#allSources.get(id);
        const was = before.get(id);
        if (now && isLive(now)) add.push(sourceToDoc(fullRecords.get(id)!));
        else remove.push(id);
        if (!now || !was || now.title !== was.title || isLive(now) !== isLive(was)) retitled.add(id);
        if ((now && !isLive(now)) || (was && !isLive(was))) trashChanged = true;
      }
    }
    /** Notes and incidents: the live ones in the list and the index, the others out of both. */
    const trashable = <T extends Keyed & { deletedAt?: number }>(
      all: Map<string, T>,
      tableChange: TableChange,
      list: readonly T[],
      order: (a: T, b: T) => number,
      toDoc: (record: T) => SearchDoc,
    ): T[] => {
      const { touched, put, before } = this.#applyTo(all, tableChange);
      for (const id of touched) {
        const now = all.get(id);
        const was = before.get(id);
        if (now && isLive(now)) add.push(toDoc(now));
        else remove.push(id);
        if ((now && !isLive(now)) || (was && !isLive(was))) trashChanged = true;
      }
      return mergeInto(list, touched, put.filter(isLive), order);
    };
    if (change.notes)
      this.#notes = trashable(this.#allNotes, change.notes, this.#notes, newestFirst, noteToDoc);
    if (change.incidents)
      this.#incidents = trashable(
        this.#allIncidents,
        change.incidents,
        this.#incidents,
        latestIncidentFirst,
        incidentToDoc,
      );
    const passagesTouched = new Set<string>();
    if (change.passages) {
      const { touched, put } = this.#applyTo(this.#allPassages, change.passages);
      this.#passages = mergeInto(this.#passages, touched, put, oldestFirst);
      for (const id of touched) passagesTouched.add(id);
    }
    if (retitled.size)
      for (const passage of this.#passages)
        if (retitled.has(passage.sourceId)) passagesTouched.add(passage.id);
    for (const id of passagesTouched) {
      const passage = this.#allPassages.get(id);
      const title = passage && this.#liveTitle(passage.sourceId);
      if (passage && title !== undefined) add.push(passageToDoc(passage, title));
      else remove.push(id);
    }
    if (change.entities) {
      this.#applyTo(this.#allEntities, change.entities);
      this.#entities = [...this.#allEntities.values()].sort(byKindAndName);
      this.#hooks.onEntities(this.#entities);
    }
    // Until every source is read, the Trash waits: it is built whole once they are.
    if (trashChanged && this.#complete)
      this.#trash = trashItemsOf(
        this.#allSources.values(),
        this.#allNotes.values(),
        this.#allIncidents.values(),
      );
    if (add.length || remove.length) this.#hooks.onChanges(add, remove);
  }

  /** The first screen's records are in: the window is usable. */
  get ready(): boolean {
    return this.#ready;
  }
  /**
   * Every source is in too (until then a source not listed may only be still unread, not in
   * the Trash), and so is the Trash.
   */
  get complete(): boolean {
    return this.#complete;
  }
  /** Live sources, newest first, as summaries: the reader loads a source's text itself. */
  get sources(): readonly SourceSummary[] {
    return this.#sources;
  }
  /**
   * Live sources in `order` (titles and outlets collated for `locale`). The first ask sorts
   * them; from then on that order is kept by merging each change in. The two orders asked for
   * last are kept, besides the newest first.
   */
  sourcesIn(order: SourceOrder, locale: string): readonly SourceSummary[] {
    if (order === 'added') return this.#sources;
    const key = `${order} ${locale}`;
    let sorted = this.#sorted.get(key);
    if (sorted) {
      // Asked for again: it becomes the last asked for.
      this.#sorted.delete(key);
    } else {
      const compare = sourceComparator(order, locale);
      sorted = new SortedSources(compare, [...this.#sources].sort(compare));
    }
    this.#sorted.set(key, sorted);
    for (const other of this.#sorted.keys()) if (this.#sorted.size > 2) this.#sorted.delete(other);
    return sorted.list;
  }
  /** Live notes, newest first. */
  get notes(): readonly Note[] {
    return this.#notes;
  }
  /** Newest first. */
  get incidents(): readonly Incident[] {
    return this.#incidents;
  }
  get trash(): readonly TrashItem[] {
    return this.#trash;
  }
  /** Every passage marked in a source, oldest first. */
  get passages(): readonly Passage[] {
    return this.#passages;
  }
  /** The thesaurus: actors, then places, by name. */
  get entities(): readonly Entity[] {
    return this.#entities;
  }

  destroy(): void {
    this.#stop();
  }
}

/** Live sources in one order, kept in it. */
class SortedSources {
  list = $state.raw<SourceSummary[]>([]);
  constructor(
    readonly compare: (a: SourceSummary, b: SourceSummary) => number,
    list: SourceSummary[],
  ) {
    this.list = list;
  }
}
