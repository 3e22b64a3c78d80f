/**
 * The app's side of the search worker. Requests are numbered; a caller that asks again before
 * the previous answer arrived gets only the newest answer (older ones resolve as stale).
 */
import type { SearchDoc } from '../../../../core/search/documents';
import type { SearchResponse } from '../../../../core/search/engine';
import type { SearchReply, SearchRequest } from './protocol';

export type SearchOutcome = { stale: true } | { stale: false; response: SearchResponse };

export class SearchClient {
  #worker: Worker;
  #seq = 0;
  #pending = new Map<number, { resolve: (o: SearchOutcome) => void; reject: (e: Error) => void }>();

  constructor(onCrash: (error: Error) => void) {
    this.#worker = new Worker(new URL('./search.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fieldbook-search',
    });
    this.#worker.onmessage = (event: MessageEvent<SearchReply>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      const error = new Error(event.message || 'the search worker stopped');
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
      onCrash(error);
    };
  }

  #post(request: SearchRequest) {
    this.#worker.postMessage(request);
  }

  #receive(reply: SearchReply) {
    const waiting = this.#pending.get(reply.seq);
    if (!waiting) return;
    this.#pending.delete(reply.seq);
    if (reply.type === 'failed') waiting.reject(new Error(reply.message));
    else waiting.resolve({ stale: false, response: reply.response });
  }

  reset(docs: SearchDoc[]): void {
    this.#post({ type: 'reset', docs });
  }

  search(query: string, limit = 50): Promise<SearchOutcome> {
    const seq = ++this.#seq;
    // Anything still waiting is now stale: its answer would be overtaken by this one.
    for (const [older, waiting] of this.#pending) {
      waiting.resolve({ stale: true });
      this.#pending.delete(older);
    }
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#post({ type: 'search', seq, query, limit });
    });
  }

  destroy(): void {
    this.#worker.terminate();
    this.#pending.clear();
  }
}
