/// <reference lib="webworker" />
/**
 * The search worker: the engine runs here, off the UI thread, so that indexing and queries
 * never make typing stutter. A search that a newer one overtakes before it starts is answered
 * as stale without running. When changes settle, segments are merged and the index is handed
 * back to be persisted.
 */
import {
  assembleSearchEngine,
  attachOrReason,
  createSearchEngine,
  decodeOrReason,
  type IndexManifest,
  type SearchEngine,
} from '../../../../core/search/engine';
import type { Segment } from '../../../../core/search/segment';
import type { SearchReply, SearchRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let engine: SearchEngine = createSearchEngine();
let pending: Extract<SearchRequest, { type: 'search' }> | null = null;
let maintenance: ReturnType<typeof setTimeout> | undefined;
let snapshot: ReturnType<typeof setTimeout> | undefined;
/** Segments already in storage: a snapshot sends only the others. */
let stored = new Set<string>();

/**
 * The index is saved once changes have paused this long, and, while they keep coming (a long
 * import commits every half second), at least this often: a start-up after closing the app
 * in the middle of one then re-indexes a few seconds of work, not the whole import.
 */
const SNAPSHOT_DELAY_MS = 5000;
const SNAPSHOT_MAX_WAIT_MS = 15_000;
/** When the oldest change not yet saved was made. */
let unsavedSince: number | undefined;
/** A persisted index being loaded: its manifest and the segments decoded so far. */
let loading: { manifest: IndexManifest; decoded: Map<string, Segment | string> } | null = null;
/** Texts that could not be attached: segment id → why. */
const textsRefused = new Map<string, string>();
/** A phrase search waiting for the texts, and a thesaurus change (it reads texts too). */
let waitingForTexts: Extract<SearchRequest, { type: 'search' }> | null = null;
let entitiesWaiting: Extract<SearchRequest, { type: 'entities' }>['entities'] | null = null;

function reply(message: SearchReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function runPending(): void {
  const request = pending;
  pending = null;
  if (!request) return;
  try {
    const response = engine.search(request.query, { limit: request.limit, filters: request.filters });
    if (response.needsTexts) {
      // A phrase is checked in the texts: it is answered once they are read.
      if (waitingForTexts) reply({ type: 'stale', seq: waitingForTexts.seq });
      waitingForTexts = request;
      return;
    }
    reply({ type: 'result', seq: request.seq, response });
  } catch (error) {
    reply({
      type: 'failed',
      seq: request.seq,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Applies a thesaurus; says so when it changed what the index holds. */
function setEntities(entities: Extract<SearchRequest, { type: 'entities' }>['entities']): void {
  const before = engine.entities;
  engine.setEntities(entities);
  if (engine.entities !== before) reply({ type: 'changed' });
}

/** Once the texts are all read (or given up on): what waited for them runs. */
function textsRead(): void {
  const dropped: string[] = [];
  for (const id of textsRefused.keys()) dropped.push(...engine.dropSegment(id));
  const error = [...textsRefused].map(([id, reason]) => `segment ${id}: ${reason}`).join('; ');
  textsRefused.clear();
  reply({ type: 'texts-loaded', dropped, ...(error ? { error } : {}) });
  if (entitiesWaiting) {
    setEntities(entitiesWaiting);
    entitiesWaiting = null;
  }
  if (waitingForTexts && !pending) {
    pending = waitingForTexts;
    setTimeout(runPending, 0);
  } else if (waitingForTexts) reply({ type: 'stale', seq: waitingForTexts.seq });
  waitingForTexts = null;
  scheduleMaintenance();
}

function scheduleMaintenance(): void {
  clearTimeout(maintenance);
  maintenance = setTimeout(() => {
    if (engine.maintain()) scheduleMaintenance();
  }, 50);
  clearTimeout(snapshot);
  const now = Date.now();
  unsavedSince ??= now;
  const delay = Math.max(0, Math.min(SNAPSHOT_DELAY_MS, unsavedSince + SNAPSHOT_MAX_WAIT_MS - now));
  snapshot = setTimeout(() => {
    unsavedSince = undefined;
    const taken = engine.snapshot(stored);
    stored = new Set(taken.manifest.segments.map((s) => s.id));
    reply(
      { type: 'snapshot', snapshot: taken },
      taken.added.map((a) => a.bytes.buffer),
    );
  }, delay);
}

scope.onmessage = (event: MessageEvent<SearchRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'load-begin':
      loading = { manifest: request.manifest, decoded: new Map() };
      return;
    case 'load-part':
      loading?.decoded.set(request.id, decodeOrReason(request.id, request.bytes));
      return;
    case 'load-abort':
      loading = null;
      if (pending) setTimeout(runPending, 0);
      return;
    case 'load-texts': {
      // Texts of a segment already refused (damaged, or of another version) have nowhere to go.
      if (!engine.segmentsWithoutTexts().includes(request.id)) return;
      const reason = attachOrReason(engine, request.id, request.bytes);
      if (reason) textsRefused.set(request.id, reason);
      return;
    }
    case 'load-texts-end':
      // A segment whose texts never came cannot show snippets or check phrases: it goes.
      for (const id of engine.segmentsWithoutTexts())
        if (!textsRefused.has(id)) textsRefused.set(id, 'its texts are missing');
      textsRead();
      return;
    case 'load-end': {
      let error: string | undefined;
      try {
        if (!loading) throw new Error('the index ended before it began');
        const { manifest, decoded } = loading;
        const loaded = assembleSearchEngine(manifest, decoded);
        engine = loaded.engine;
        stored = new Set(
          manifest.segments.map((s) => s.id).filter((id) => typeof decoded.get(id) === 'object'),
        );
        if (loaded.refused.length) error = loaded.refused.join('; ');
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        engine = createSearchEngine();
        stored = new Set();
      }
      loading = null;
      reply({ type: 'loaded', stamps: [...engine.stamps()], ...(error ? { error } : {}) });
      // At once: the texts that follow are already queued, and would answer first otherwise.
      runPending();
      return;
    }
    case 'update':
      engine.remove(request.remove);
      engine.add(request.add);
      scheduleMaintenance();
      return;
    case 'entities':
      if (engine.textsPending) {
        entitiesWaiting = request.entities;
        return;
      }
      setEntities(request.entities);
      scheduleMaintenance();
      return;
    case 'search':
      // Let newer messages in first: a query typed over is never run.
      if (pending) reply({ type: 'stale', seq: pending.seq });
      pending = request;
      // While the saved index loads, the query waits for it: an answer from the part of the
      // index read so far would say "no results" for what is there.
      if (!loading) setTimeout(runPending, 0);
      return;
  }
};
