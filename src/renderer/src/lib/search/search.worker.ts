/// <reference lib="webworker" />
/**
 * The search worker: keeps the engine off the UI thread, so that building the index and
 * answering queries never make typing stutter.
 */
import { createSearchEngine } from '../../../../core/search/engine';
import type { SearchReply, SearchRequest } from './protocol';

const engine = createSearchEngine();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<SearchRequest>) => {
  const request = event.data;
  if (request.type === 'reset') {
    engine.reset(request.docs);
    return;
  }
  let reply: SearchReply;
  try {
    reply = {
      type: 'result',
      seq: request.seq,
      response: engine.search(request.query, { limit: request.limit }),
    };
  } catch (error) {
    reply = {
      type: 'failed',
      seq: request.seq,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  scope.postMessage(reply);
};
