/**
 * The search box's state: the query, the filters, the newest answer, and whether it is
 * pending. Queries run as the user types: the first key after a pause at once, a burst of keys
 * once it pauses (briefly debounced); older answers are dropped.
 * Records reach the index as changes (added, edited, removed) against what it already
 * holds; when the index changes, the current query runs again, so results follow every edit.
 */
import type { SearchDoc, SearchFilters, SearchResponse } from '../../../../core/search/engine';
import type { Entity } from '../../../../core/search/seed-entities';
import type { SearchClient } from '../search/client';

const DEBOUNCE_MS = 80;
/** Hits asked for at first, and added by each "show more". */
export const PAGE_OF_HITS = 50;
/** Documents read at a time when the index catches up with the archive. */
const RECONCILE_PAGE = 500;

/** An odd number of quote marks: a phrase is being typed. */
const hasOpenQuote = (query: string): boolean => (query.match(/"/g)?.length ?? 0) % 2 === 1;

export type FilterName = 'kinds' | 'tags' | 'languages' | 'regions' | 'actors' | 'places';

export class SearchState {
  #client: SearchClient;
  #query = $state('');
  #filters = $state<SearchFilters>({});
  #response = $state.raw<SearchResponse | null>(null);
  /** A query waits for its debounce; searches sent and not answered yet. */
  #pending = $state(false);
  #inFlight = $state(0);
  #failure = $state<string | null>(null);
  #limit = $state(PAGE_OF_HITS);
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the query or the filters last changed (`performance.now()`). */
  #lastKey = -Infinity;
  /** What the index holds: id → record version. Bookkeeping, not shown: not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #indexed = new Map<string, number>();
  #ready = false;
  /** Whether a search has found something yet (marks the moment, for start-up figures). */
  #answered = false;
  #waiting: SearchDoc[] | null = null;
  #waitingEntities: Entity[] | null = null;
  #waitingReconcile: Parameters<SearchState['reconcile']> | null = null;
  #lastReconcile: Parameters<SearchState['reconcile']> | null = null;

  constructor(client: SearchClient) {
    this.#client = client;
  }

  /**
   * Starts from the persisted index that `read` gives, if any (a failure to read it is
   * reported and the index rebuilt from the records); documents arriving meanwhile wait for it.
   */
  async start(
    read: Parameters<SearchClient['load']>[0],
    onRefused: (reason: string) => void,
    onUnreadable: (error: unknown) => void,
  ): Promise<void> {
    let origin: 'new' | 'restored' | 'repaired' = 'new';
    const loaded = await this.#client.load(read).catch((error: unknown) => {
      onUnreadable(error);
      return undefined;
    });
    if (loaded) {
      this.#indexed = loaded.stamps;
      origin = loaded.error ? 'repaired' : 'restored';
      if (loaded.error) onRefused(loaded.error);
    }
    // Where the index came from, for diagnostics and tests: read from storage, partly
    // rebuilt from the records, or built anew.
    document.documentElement.dataset.searchIndex = origin;
    this.#ready = true;
    if (this.#waitingEntities) this.setEntities(this.#waitingEntities);
    if (this.#waiting) this.apply(this.#waiting, []);
    this.#waiting = null;
    this.#waitingEntities = null;
    const reconcile = this.#waitingReconcile;
    this.#waitingReconcile = null;
    if (reconcile) await this.reconcile(...reconcile);
  }

  get query(): string {
    return this.#query;
  }
  get filters(): SearchFilters {
    return this.#filters;
  }
  get response(): SearchResponse | null {
    return this.#response;
  }
  /** Whether an answer is still to come: never left on once every search has answered. */
  get busy(): boolean {
    return this.#pending || this.#inFlight > 0;
  }
  /**
   * Whether the query has a quote still open: it is searched as if closed where it ends, and
   * the box says so quietly, as the phrase is still being typed.
   */
  get openQuote(): boolean {
    return hasOpenQuote(this.#query);
  }
  /** Set when the search machinery itself failed (not for a malformed query). */
  get failure(): string | null {
    return this.#failure;
  }
  get filtering(): boolean {
    return Object.values(this.#filters).some((v) => (Array.isArray(v) ? v.length > 0 : !!v));
  }
  get active(): boolean {
    return this.#query.trim() !== '' || this.filtering;
  }

  setQuery(query: string): void {
    this.#query = query;
    this.#schedule();
  }

  isFiltered(name: FilterName, value: string): boolean {
    return this.#filters[name]?.includes(value) ?? false;
  }

  toggleFilter(name: FilterName, value: string): void {
    const current = this.#filters[name] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    this.#filters = { ...this.#filters, [name]: next };
    this.#schedule();
  }

  setDates(dateFrom: string, dateTo: string): void {
    this.#filters = { ...this.#filters, dateFrom, dateTo };
    this.#schedule();
  }

  clear(): void {
    this.#query = '';
    this.#filters = {};
    this.#schedule();
  }

  /** Asks for the next page of hits for the same query. */
  showMore(): void {
    this.#limit += PAGE_OF_HITS;
    void this.#run();
  }

  #schedule(): void {
    // A new query or filter starts again from the first page of hits.
    this.#limit = PAGE_OF_HITS;
    clearTimeout(this.#timer);
    if (!this.active) {
      this.#response = null;
      this.#pending = false;
      return;
    }
    // The first key after a pause is searched at once; keys that follow it closely wait for
    // the typing to pause, and only the last of them is searched.
    const now = performance.now();
    if (this.#inFlight === 0 && now - this.#lastKey >= DEBOUNCE_MS) {
      this.#lastKey = now;
      this.#pending = false;
      void this.#run();
      return;
    }
    this.#lastKey = now;
    this.#pending = true;
    this.#timer = setTimeout(() => {
      this.#pending = false;
      void this.#run();
    }, DEBOUNCE_MS);
  }

  /**
   * Once the archive has been read (and the index loaded): compares the version of every
   * record with what the index holds, reads the documents it lacks or holds in an older
   * version (in pages, so that a first start does not hold every text at once), and removes
   * what is gone. The versions are asked for when the comparison runs, so a change applied
   * just before is not undone.
   */
  async reconcile(
    stamps: () => Map<string, number>,
    documents: (ids: readonly string[]) => Promise<SearchDoc[]>,
  ): Promise<void> {
    this.#lastReconcile = [stamps, documents];
    if (!this.#ready) {
      this.#waitingReconcile = [stamps, documents];
      return;
    }
    const current = stamps();
    const stale = [...current].filter(([id, stamp]) => this.#indexed.get(id) !== stamp).map(([id]) => id);
    const remove = [...this.#indexed.keys()].filter((id) => !current.has(id));
    for (const id of remove) this.#indexed.delete(id);
    if (remove.length) this.#client.update([], remove);
    for (let i = 0; i < stale.length; i += RECONCILE_PAGE) {
      const fresh = (await documents(stale.slice(i, i + RECONCILE_PAGE))).filter(
        (doc) => this.#indexed.get(doc.id) !== (doc.stamp ?? 0),
      );
      for (const doc of fresh) this.#indexed.set(doc.id, doc.stamp ?? 0);
      if (fresh.length) this.#client.update(fresh, []);
    }
    if ((remove.length || stale.length) && this.active) void this.#run();
  }

  /**
   * What a change did: documents added or edited (sent unless the index holds that version
   * already) and ids removed. Before the index has started, they join what waits for it.
   */
  apply(add: SearchDoc[], remove: string[]): void {
    if (!this.#ready) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local bookkeeping
      const gone = new Set(remove);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local bookkeeping
      const changed = new Set(add.map((d) => d.id));
      this.#waiting = [...(this.#waiting ?? []).filter((d) => !gone.has(d.id) && !changed.has(d.id)), ...add];
      return;
    }
    const fresh: SearchDoc[] = [];
    for (const doc of add) {
      if (this.#indexed.get(doc.id) === (doc.stamp ?? 0)) continue;
      fresh.push(doc);
      this.#indexed.set(doc.id, doc.stamp ?? 0);
    }
    const gone = remove.filter((id) => this.#indexed.delete(id));
    if (fresh.length === 0 && gone.length === 0) return;
    this.#client.update(fresh, gone);
    if (this.active) void this.#run();
  }

  /**
   * The saved index's texts are all read: answers shown without snippets are asked again, and
   * documents whose part of the index had to go (texts missing or damaged) are indexed again.
   */
  textsLoaded(dropped: readonly string[]): void {
    for (const id of dropped) this.#indexed.delete(id);
    if (dropped.length && this.#lastReconcile) void this.reconcile(...this.#lastReconcile);
    else if (this.active && this.#response?.snippetsPending) void this.#run();
  }

  /** The thesaurus changed: the index reads again the documents that name a changed entity. */
  setEntities(entities: Entity[]): void {
    if (!this.#ready) {
      this.#waitingEntities = entities;
      return;
    }
    // The worker says whether the thesaurus changed anything (`indexChanged`): an answer on
    // its way, from an index the thesaurus leaves as it is, is not made stale for nothing.
    this.#client.setEntities(entities);
  }

  /** The index changed by itself (a thesaurus applied): the answer shown is asked again. */
  indexChanged(): void {
    if (this.active) void this.#run();
  }

  async #run(): Promise<void> {
    const query = this.#query;
    const filters = $state.snapshot(this.#filters);
    this.#inFlight++;
    try {
      const outcome = await this.#client.search(
        hasOpenQuote(query) ? `${query}"` : query,
        filters,
        this.#limit,
      );
      if (outcome.stale || query !== this.#query) return;
      if (!this.#answered && outcome.response.hits.length) {
        this.#answered = true;
        performance.mark('fieldbook:first-hits');
      }
      this.#response = outcome.response;
      this.#failure = null;
    } catch (error) {
      this.#failure = error instanceof Error ? error.message : String(error);
      console.error('Search failed', error);
    } finally {
      this.#inFlight--;
    }
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.#client.destroy();
  }
}
