import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchState } from '../../../src/renderer/src/lib/state/search.svelte';
import type { SearchClient } from '../../../src/renderer/src/lib/search/client';
import type { SearchResponse } from '../../../src/core/search/engine';

/** A client that answers every search at once and remembers what it was asked. */
function recordingClient() {
  const asked: string[] = [];
  const response = { hits: [], total: 0, facets: {} } as unknown as SearchResponse;
  const client = {
    search: (query: string) => {
      asked.push(query);
      return Promise.resolve({ stale: false, response });
    },
    destroy: () => undefined,
  } as unknown as SearchClient;
  return { client, asked };
}

/** Lets `ms` pass on the clocks the state reads (its timers, and performance.now()). */
const pause = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('SearchState, as the user types', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('searches the first key after a pause at once, and a burst of keys once it pauses', async () => {
    const { client, asked } = recordingClient();
    const search = new SearchState(client);
    search.setQuery('g');
    // At once: no debounce stands between the first key and its search.
    expect(asked).toEqual(['g']);
    search.setQuery('ga');
    search.setQuery('gao');
    expect(asked).toEqual(['g']);
    expect(search.busy).toBe(true);
    await pause(150);
    // Only the last key of the burst is searched.
    expect(asked).toEqual(['g', 'gao']);
    await pause(150);
    search.setQuery('gao convoy');
    expect(asked).toEqual(['g', 'gao', 'gao convoy']);
    await pause(10);
    expect(search.busy).toBe(false);
    search.destroy();
  });
});
