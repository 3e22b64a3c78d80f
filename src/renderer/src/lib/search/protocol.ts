/** Messages between the app and the search worker. Handled in order, one at a time. */
import type { SearchDoc } from '../../../../core/search/documents';
import type { SearchResponse } from '../../../../core/search/engine';

export type SearchRequest =
  { type: 'reset'; docs: SearchDoc[] } | { type: 'search'; seq: number; query: string; limit: number };

export type SearchReply =
  | { type: 'result'; seq: number; response: SearchResponse }
  | { type: 'failed'; seq: number; message: string };
