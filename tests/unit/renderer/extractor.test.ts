import { describe, expect, it, vi } from 'vitest';
import type { ExtractedFile } from '../../../src/core/import/extract';
import { workerExtractor, type ExtractWorker } from '../../../src/renderer/src/lib/import/extractor';
import type { ExtractReply, ExtractRequest } from '../../../src/renderer/src/lib/import/protocol';

/** A worker that answers files whose name contains "ok" and never answers the others. */
class StandInWorker extends EventTarget implements ExtractWorker {
  terminated = false;
  /** How long a file takes to read, in ms; a worker reads one file at a time, as a real one does. */
  readMs = 0;
  #busyUntil = 0;
  postMessage(request: ExtractRequest): void {
    if (!request.path.includes('ok')) return;
    const files: ExtractedFile[] = [
      { path: request.path, bytes: request.bytes as Uint8Array, sha256: 'x', type: 'text/plain', docs: [] },
    ];
    const reply: ExtractReply = { id: request.id, files };
    const send = () => this.dispatchEvent(new MessageEvent('message', { data: reply }));
    if (this.readMs === 0) queueMicrotask(send);
    else {
      this.#busyUntil = Math.max(this.#busyUntil, Date.now()) + this.readMs;
      setTimeout(send, this.#busyUntil - Date.now());
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** An extractor whose workers are stand-ins, kept in order of creation. */
function withStandIns(timeLimitMs: number, readMs = 0) {
  const workers: StandInWorker[] = [];
  const extractor = workerExtractor(
    () => 1024,
    () => timeLimitMs,
    () => {
      const worker = new StandInWorker();
      worker.readMs = readMs;
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

  it('reads files asked for ahead one after another, each within its own time limit', async () => {
    // Each file takes 40 ms of a 100 ms limit: asked for all at once, the fourth is answered
    // 160 ms after it was asked for, yet it was read in 40.
    const { extractor, workers } = withStandIns(100, 40);
    const names = ['ok-1.txt', 'ok-2.txt', 'ok-3.txt', 'ok-4.txt'];
    const files = await Promise.all(names.map((name, i) => extractor.extract(name, new Uint8Array([i]))));
    expect(files.map((f) => f[0]?.path)).toEqual(names);
    expect(files.every((f) => Array.isArray(f[0]?.docs))).toBe(true);
    expect(workers).toHaveLength(1);
  });

  it('a file that ends its worker takes none of the files asked for after it', async () => {
    const { extractor, workers } = withStandIns(50);
    const [slow, next] = await Promise.all([
      extractor.extract('hostile.pdf', new Uint8Array([1])),
      extractor.extract('ok.txt', new Uint8Array([2])),
    ]);
    expect(slow[0]?.docs).toEqual({ code: 'timeout', limit: '0 s' });
    expect(next[0]?.path).toBe('ok.txt');
    expect(Array.isArray(next[0]?.docs)).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it('ends the worker at once when the import is cancelled', async () => {
    const { extractor, workers } = withStandIns(60_000);
    const controller = new AbortController();
    const pending = extractor.extract('hostile.pdf', new Uint8Array([1]), controller.signal);
    const waiting = extractor.extract('ok.txt', new Uint8Array([2]), controller.signal);
    // Once the worker is reading the first file.
    await vi.waitFor(() => expect(workers).toHaveLength(1));
    controller.abort();
    expect((await pending)[0]?.docs).toEqual({ code: 'cancelled' });
    expect(workers[0]?.terminated).toBe(true);
    // The file waiting its turn is not read at all.
    expect((await waiting)[0]?.docs).toEqual({ code: 'cancelled' });
    expect(workers).toHaveLength(1);
  });
});
