/**
 * The app's side of the search worker. Requests are numbered; only the newest search is
 * answered (older ones resolve as stale). Documents are sent as changes against what the
 * worker already holds, never the whole archive again.
 */
import type {
  IndexManifest,
  IndexSnapshot,
  SearchDoc,
  SearchFilters,
  SearchResponse,
} from '../../../../core/search/engine';
import type { Entity } from '../../../../core/search/seed-entities';
import type { SearchReply, SearchRequest } from './protocol';

export type SearchOutcome = { stale: true } | { stale: false; response: SearchResponse };

export interface SearchClientEvents {
  onCrash: (error: Error) => void;
  /** A snapshot of the index to persist. */
  onSnapshot: (snapshot: IndexSnapshot) => void;
}

export class SearchClient {
  #worker: Worker;
  #seq = 0;
  #pending = new Map<number, { resolve: (o: SearchOutcome) => void; reject: (e: Error) => void }>();
  #loaded: ((reply: Extract<SearchReply, { type: 'loaded' }>) => void) | null = null;
  #events: SearchClientEvents;

  constructor(events: SearchClientEvents) {
    this.#events = events;
    this.#worker = new Worker(new URL('./search.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fieldbook-search',
    });
    this.#worker.onmessage = (event: MessageEvent<SearchReply>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      const error = new Error(event.message || 'the search worker stopped');
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
      events.onCrash(error);
    };
  }

  #post(request: SearchRequest, transfer: Transferable[] = []) {
    this.#worker.postMessage(request, transfer);
  }

  #receive(reply: SearchReply) {
    if (reply.type === 'snapshot') {
      this.#events.onSnapshot(reply.snapshot);
      return;
    }
    if (reply.type === 'loaded') {
      this.#loaded?.(reply);
      this.#loaded = null;
      return;
    }
    const waiting = this.#pending.get(reply.seq);
    if (!waiting) return;
    this.#pending.delete(reply.seq);
    if (reply.type === 'failed') waiting.reject(new Error(reply.message));
    else if (reply.type === 'stale') waiting.resolve({ stale: true });
    else waiting.resolve({ stale: false, response: reply.response });
  }

  /**
   * Starts from a persisted index, read by `read`: its manifest first, then each segment as
   * storage gives it, handed to the worker at once (it decodes one while the next is read).
   * Resolves with what the index holds, or why it was refused; undefined when there is none.
   */
  async load(
    read: (
      onManifest: (manifest: IndexManifest) => void,
      onPart: (id: string, bytes: Uint8Array) => void,
    ) => Promise<boolean>,
  ): Promise<{ stamps: Map<string, number>; error?: string } | undefined> {
    let begun = false;
    const found = await read(
      (manifest) => {
        begun = true;
        this.#post({ type: 'load-begin', manifest });
      },
      (id, bytes) => {
        // The bytes are handed over, not copied: a buffer of their own, or a copy of the view.
        const own =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        this.#post({ type: 'load-part', id, bytes: own }, [own.buffer]);
      },
    );
    if (!found || !begun) return undefined;
    return new Promise((resolve) => {
      this.#loaded = (reply) =>
        resolve({ stamps: new Map(reply.stamps), ...(reply.error ? { error: reply.error } : {}) });
      this.#post({ type: 'load-end' });
    });
  }

  update(add: SearchDoc[], remove: string[]): void {
    if (add.length || remove.length) this.#post({ type: 'update', add, remove });
  }

  setEntities(entities: Entity[]): void {
    this.#post({ type: 'entities', entities });
  }

  search(query: string, filters: SearchFilters, limit = 50): Promise<SearchOutcome> {
    const seq = ++this.#seq;
    for (const [older, waiting] of this.#pending) {
      waiting.resolve({ stale: true });
      this.#pending.delete(older);
    }
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#post({ type: 'search', seq, query, limit, filters });
    });
  }

  destroy(): void {
    this.#worker.terminate();
    this.#pending.clear();
  }
}
