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
  /** What the index holds changed by itself (a new thesaurus applied): answers may be stale. */
  onChanged?: () => void;
  /** The saved index's texts are read; documents of segments that had to go, to index again. */
  onTextsLoaded?: (dropped: string[], error?: string) => void;
  /** Reading the saved index's texts failed (its segments without texts are taken out). */
  onTextsUnreadable?: (error: unknown) => void;
}

/** What a reader of the saved index calls, in this order, as storage gives it each piece. */
export interface IndexSink {
  manifest(manifest: IndexManifest): void;
  part(id: string, bytes: Uint8Array): void;
  /** Every segment is read: the index can answer. */
  partsEnd(): void;
  /** Resolves when the texts may be read (the window is not busy with an answer). */
  beforeTexts?(): Promise<void>;
  texts(id: string, bytes: Uint8Array): void;
}

/** Reads the saved index into a sink; resolves false when none is saved. */
export type IndexReader = (sink: IndexSink) => Promise<boolean>;

export class SearchClient {
  #worker: Worker;
  #seq = 0;
  #pending = new Map<number, { resolve: (o: SearchOutcome) => void; reject: (e: Error) => void }>();
  #loaded: ((reply: Extract<SearchReply, { type: 'loaded' }>) => void) | null = null;
  #events: SearchClientEvents;
  /** Waiting for every search sent to be answered. */
  #whenAnswered: (() => void)[] = [];

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
    if (reply.type === 'changed') {
      this.#events.onChanged?.();
      return;
    }
    if (reply.type === 'texts-loaded') {
      this.#events.onTextsLoaded?.(reply.dropped, reply.error);
      return;
    }
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
    if (this.#pending.size === 0) for (const resolve of this.#whenAnswered.splice(0)) resolve();
  }

  /**
   * Starts from a persisted index, read by `read`: its manifest first, then each segment as
   * storage gives it, handed to the worker at once (it decodes one while the next is read),
   * then the segments' texts. Resolves once the segments are in — searches are answered from
   * then on, snippets once the texts follow (`onTextsLoaded`) — with what the index holds, or
   * why it was refused; undefined when none is saved. Rejects when reading fails before that.
   */
  async load(read: IndexReader): Promise<{ stamps: Map<string, number>; error?: string } | undefined> {
    let partsEnded = false;
    let endParts!: () => void;
    const partsRead = new Promise<void>((resolve) => (endParts = resolve));
    const loaded = new Promise<{ stamps: Map<string, number>; error?: string }>((resolve) => {
      this.#loaded = (reply) =>
        resolve({ stamps: new Map(reply.stamps), ...(reply.error ? { error: reply.error } : {}) });
    });
    // The bytes are handed over, not copied: a buffer of their own, or a copy of the view.
    const own = (bytes: Uint8Array) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const reading = read({
      manifest: (manifest) => this.#post({ type: 'load-begin', manifest }),
      part: (id, bytes) => {
        const handed = own(bytes);
        this.#post({ type: 'load-part', id, bytes: handed }, [handed.buffer]);
      },
      partsEnd: () => {
        partsEnded = true;
        this.#post({ type: 'load-end' });
        endParts();
      },
      beforeTexts: () => this.#quiet(),
      texts: (id, bytes) => {
        const handed = own(bytes);
        this.#post({ type: 'load-texts', id, bytes: handed }, [handed.buffer]);
      },
    });
    // Whatever happens to the texts, the worker is told they are over (it drops those missing).
    reading.then(
      () => {
        if (partsEnded) this.#post({ type: 'load-texts-end' });
      },
      (error: unknown) => {
        if (!partsEnded) return;
        this.#post({ type: 'load-texts-end' });
        this.#events.onTextsUnreadable?.(error);
      },
    );
    await Promise.race([partsRead, reading.then(() => undefined)]).catch((error: unknown) => {
      this.#post({ type: 'load-abort' });
      throw error;
    });
    if (!partsEnded) {
      this.#post({ type: 'load-abort' });
      return undefined;
    }
    return loaded;
  }

  /**
   * Resolves once no search waits for its answer and that answer has been painted (at most a
   * second later), or, when none waits, once the window is idle (at most a second later).
   */
  #quiet(): Promise<void> {
    const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const idle = () =>
      new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 }));
    if (this.#pending.size === 0) return idle();
    // Not for ever: a phrase is answered only once the texts are in.
    const atMost = new Promise<void>((resolve) => setTimeout(resolve, 1000));
    return Promise.race([
      new Promise<void>((resolve) => this.#whenAnswered.push(resolve)).then(painted),
      atMost,
    ]);
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
