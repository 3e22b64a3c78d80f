/**
 * The search engine: a lunr index over every live record, queried with lunr's own language
 * (prefix `mop*`, field `title:gao`, presence `+jnim -wagner`, fuzzy `gao~1`, boost `^2`).
 *
 * lunr cannot add or remove a document in place, so the engine keeps the documents and builds
 * a fresh index at the first query after a change. Text is folded before indexing and before
 * querying (see fold.ts). Snippets and highlights are computed from the stored text of the hits
 * on screen, not from position metadata, which would double the size of the index.
 *
 * A malformed query never throws: the response carries an `error` with a code, lunr's
 * explanation and the character range it points at.
 */
import lunr from 'lunr';
import { foldForSearch } from '../text/fold';
import { escapeHtml } from '../text/escape';
import type { SearchDoc } from './documents';
import type { RecordKind } from '../model/types';

export type QueryErrorCode = 'unknownField' | 'missingTerm' | 'notANumber' | 'syntax';

export interface QueryError {
  code: QueryErrorCode;
  /** lunr's own wording, kept for the curious and for logs. */
  detail: string;
  /** Character offsets in the query string. */
  start: number;
  end: number;
  /** For `unknownField`: the field that was named. */
  field?: string;
}

export interface SearchHit {
  id: string;
  kind: RecordKind;
  title: string;
  score: number;
  /** HTML: escaped text with the matched words wrapped in `<mark>`. */
  snippet: string;
}

export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  error?: QueryError;
}

export interface SearchOptions {
  limit?: number;
}

export interface SearchEngine {
  /** Adds documents, replacing any with the same kind and id. */
  add(docs: readonly SearchDoc[]): void;
  remove(keys: readonly { kind: RecordKind; id: string }[]): void;
  /** Replaces the whole content. */
  reset(docs: readonly SearchDoc[]): void;
  search(query: string, options?: SearchOptions): SearchResponse;
  readonly size: number;
}

export const SEARCH_FIELDS = ['title', 'text', 'tags'] as const;

const foldToken: lunr.PipelineFunction = (token) => token.update((s) => foldForSearch(s));
lunr.Pipeline.registerFunction(foldToken, 'fieldbookFold');

const keyOf = (kind: RecordKind, id: string) => `${kind}:${id}`;

function buildIndex(docs: Iterable<[string, SearchDoc]>): lunr.Index {
  return lunr(function () {
    this.ref('key');
    this.field('title', { boost: 5 });
    this.field('text');
    this.field('tags', { boost: 3 });
    this.pipeline.before(lunr.trimmer, foldToken);
    this.searchPipeline.before(lunr.stemmer, foldToken);
    for (const [key, doc] of docs) {
      this.add({ key, title: doc.title, text: doc.text, tags: doc.tags.join(' ') });
    }
  });
}

function queryError(error: unknown): QueryError | undefined {
  if (!(error instanceof lunr.QueryParseError)) return undefined;
  const { message, start, end } = error as lunr.QueryParseError & { start: number; end: number };
  const field = /unrecognised field '([^']*)'/.exec(message)?.[1];
  let code: QueryErrorCode = 'syntax';
  if (field !== undefined) code = 'unknownField';
  else if (/must be numeric/.test(message)) code = 'notANumber';
  else if (/expect(ing|ed)/.test(message)) code = 'missingTerm';
  return { code, detail: message, start, end, ...(field !== undefined ? { field } : {}) };
}

/** The form a word takes in the index, so that words in stored text can be matched to hits. */
export function indexTerm(word: string): string {
  const token = new lunr.Token(foldForSearch(word.toLowerCase()), {});
  return lunr.stemmer(lunr.trimmer(token)).toString();
}

const SNIPPET_LENGTH = 240;
const SNIPPET_LEAD = 60;

/**
 * An excerpt of `text` around the first word whose index term is in `terms`, escaped, with
 * every such word in the excerpt wrapped in `<mark>`.
 */
export function highlight(text: string, terms: ReadonlySet<string>, length = SNIPPET_LENGTH): string {
  const words: { start: number; end: number; hit: boolean }[] = [];
  let first = -1;
  for (const match of text.matchAll(/[^\s\-–—]+/g)) {
    const raw = match[0];
    const lead = raw.search(/[\p{L}\p{N}]/u);
    if (lead < 0) continue;
    const core = raw.slice(lead).replace(/[^\p{L}\p{N}]+$/u, '');
    const start = match.index + lead;
    const hit = terms.has(indexTerm(core));
    if (hit && first < 0) first = start;
    words.push({ start, end: start + core.length, hit });
  }
  let from = 0;
  if (first > SNIPPET_LEAD) {
    const space = text.lastIndexOf(' ', first - SNIPPET_LEAD);
    from = space < 0 ? 0 : space + 1;
  }
  let to = Math.min(text.length, from + length);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  let html = from > 0 ? '…' : '';
  let cursor = from;
  for (const word of words) {
    if (!word.hit || word.start < from || word.end > to) continue;
    html += `${escapeHtml(text.slice(cursor, word.start))}<mark>${escapeHtml(text.slice(word.start, word.end))}</mark>`;
    cursor = word.end;
  }
  html += escapeHtml(text.slice(cursor, to)) + (to < text.length ? '…' : '');
  return html.replace(/\s+/g, ' ').trim();
}

export function createSearchEngine(): SearchEngine {
  const docs = new Map<string, SearchDoc>();
  let index: lunr.Index | null = null;

  const engine: SearchEngine = {
    add(added) {
      for (const doc of added) docs.set(keyOf(doc.kind, doc.id), doc);
      if (added.length) index = null;
    },
    remove(keys) {
      for (const { kind, id } of keys) if (docs.delete(keyOf(kind, id))) index = null;
    },
    reset(all) {
      docs.clear();
      engine.add(all);
      index = null;
    },
    get size() {
      return docs.size;
    },
    search(query, options = {}) {
      const limit = options.limit ?? 50;
      const folded = foldForSearch(query).trim();
      if (!folded) return { hits: [], total: 0 };
      index ??= buildIndex(docs);
      let results: lunr.Index.Result[];
      try {
        results = index.search(folded);
      } catch (error) {
        const parsed = queryError(error);
        if (parsed) return { hits: [], total: 0, error: parsed };
        throw error;
      }
      const hits = results.slice(0, limit).flatMap((result): SearchHit[] => {
        const doc = docs.get(result.ref);
        if (!doc) return [];
        const terms = new Set(Object.keys(result.matchData.metadata));
        return [
          {
            id: doc.id,
            kind: doc.kind,
            title: doc.title,
            score: result.score,
            snippet: highlight(doc.text, terms),
          },
        ];
      });
      return { hits, total: results.length };
    },
  };
  return engine;
}
