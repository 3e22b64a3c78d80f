/** Messages between the app and the search worker. Handled in order, one at a time. */
import type {
  IndexManifest,
  IndexSnapshot,
  SearchDoc,
  SearchFilters,
  SearchResponse,
} from '../../../../core/search/engine';
import type { Entity } from '../../../../core/search/seed-entities';

export type SearchRequest =
  /**
   * A persisted index to start from: its manifest, then its stored segments one by one as
   * they are read (each decoded as it comes, while the next is read), then the end.
   */
  | { type: 'load-begin'; manifest: IndexManifest }
  | { type: 'load-part'; id: string; bytes: Uint8Array }
  | { type: 'load-end' }
  /** Reading failed before every segment came: the index is built from the records instead. */
  | { type: 'load-abort' }
  /** Then the segments' texts, read after the rest; until they are all in, hits lack snippets. */
  | { type: 'load-texts'; id: string; bytes: Uint8Array }
  | { type: 'load-texts-end' }
  | { type: 'update'; add: SearchDoc[]; remove: string[] }
  /** The thesaurus as the user keeps it. */
  | { type: 'entities'; entities: Entity[] }
  | { type: 'search'; seq: number; query: string; limit: number; filters: SearchFilters };

export type SearchReply =
  | { type: 'result'; seq: number; response: SearchResponse }
  | { type: 'stale'; seq: number }
  | { type: 'failed'; seq: number; message: string }
  /** The persisted index was read (or refused: `error` says why) and holds these documents. */
  | { type: 'loaded'; stamps: [string, number][]; error?: string }
  /**
   * The texts are read: snippets and phrases work everywhere. Segments whose texts were
   * missing or damaged were taken out: their documents (`dropped`) are to be indexed again.
   */
  | { type: 'texts-loaded'; dropped: string[]; error?: string }
  /** The thesaurus given changed what the index holds: answers shown may be out of date. */
  | { type: 'changed' }
  /** The index changed and settled: the manifest and the segments not stored yet. */
  | { type: 'snapshot'; snapshot: IndexSnapshot };
