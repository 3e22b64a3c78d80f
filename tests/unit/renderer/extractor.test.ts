import { describe, expect, it } from 'vitest';
import type { ExtractedFile } from '../../../src/core/import/extract';
import { workerExtractor, type ExtractWorker } from '../../../src/renderer/src/lib/import/extractor';
import type { ExtractReply, ExtractRequest } from '../../../src/renderer/src/lib/import/protocol';

/** A worker that answers files whose name contains "ok" and never answers the others. */
class StandInWorker extends EventTarget implements ExtractWorker {
  terminated = false;
  postMessage(request: ExtractRequest): void {
    if (!request.path.includes('ok')) return;
    const files: ExtractedFile[] = [
      { path: request.path, bytes: request.bytes, sha256: 'x', type: 'text/plain', docs: [] },
    ];
    const reply: ExtractReply = { id: request.id, files };
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: reply })));
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** An extractor whose workers are stand-ins, kept in order of creation. */
function withStandIns(timeLimitMs: number) {
  const workers: StandInWorker[] = [];
  const extractor = workerExtractor(
    () => 1024,
    () => timeLimitMs,
    () => {
      const worker = new StandInWorker();
      workers.push(worker);
      return worker;
    },
  );
  return { extractor, workers };
}

describe('workerExtractor', () => {
  it('stops a file that takes too long, reports it, and reads the next file in a new worker', async () => {
    const { extractor, workers } = withStandIns(30);
    const slow = await extractor.extract('hostile.pdf', new Uint8Array([1]));
    expect(slow[0]?.docs).toEqual({ code: 'timeout', limit: '0 s' });
    expect(workers[0]?.terminated).toBe(true);

    const next = await extractor.extract('ok.txt', new Uint8Array([2]));
    expect(next[0]?.path).toBe('ok.txt');
    expect(workers).toHaveLength(2);
    expect(workers[1]?.terminated).toBe(false);
  });

  it('ends the worker at once when the import is cancelled', async () => {
    const { extractor, workers } = withStandIns(60_000);
    const controller = new AbortController();
    const pending = extractor.extract('hostile.pdf', new Uint8Array([1]), controller.signal);
    controller.abort();
    expect((await pending)[0]?.docs).toEqual({ code: 'cancelled' });
    expect(workers[0]?.terminated).toBe(true);
  });
});
