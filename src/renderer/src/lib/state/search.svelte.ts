/**
 * The search box's state: the query, the newest answer, and whether the answer is pending.
 * Queries run as the user types (briefly debounced); older answers are dropped. When the
 * index changes, the current query runs again, so results follow every edit.
 */
import type { SearchDoc } from '../../../../core/search/documents';
import type { SearchResponse } from '../../../../core/search/engine';
import type { SearchClient } from '../search/client';

const DEBOUNCE_MS = 80;

export class SearchState {
  #client: SearchClient;
  #query = $state('');
  #response = $state<SearchResponse | null>(null);
  #busy = $state(false);
  #failure = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: SearchClient) {
    this.#client = client;
  }

  get query(): string {
    return this.#query;
  }
  get response(): SearchResponse | null {
    return this.#response;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** Set when the search machinery itself failed (not for a malformed query). */
  get failure(): string | null {
    return this.#failure;
  }
  get active(): boolean {
    return this.#query.trim() !== '';
  }

  setQuery(query: string): void {
    this.#query = query;
    clearTimeout(this.#timer);
    if (!query.trim()) {
      this.#response = null;
      this.#busy = false;
      return;
    }
    this.#busy = true;
    this.#timer = setTimeout(() => void this.#run(), DEBOUNCE_MS);
  }

  /** Called with every new set of documents. */
  index(docs: SearchDoc[]): void {
    this.#client.reset(docs);
    if (this.active) void this.#run();
  }

  clear(): void {
    this.setQuery('');
  }

  async #run(): Promise<void> {
    const query = this.#query;
    try {
      const outcome = await this.#client.search(query);
      if (outcome.stale || query !== this.#query) return;
      this.#response = outcome.response;
      this.#failure = null;
    } catch (error) {
      this.#failure = error instanceof Error ? error.message : String(error);
      console.error('Search failed', error);
    }
    this.#busy = false;
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.#client.destroy();
  }
}
