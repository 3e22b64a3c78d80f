/**
 * Turning a file's bytes into documents, with a time limit. In the app this runs in the
 * extraction worker; a file that takes longer than its limit ends the worker (a new one starts
 * for the next file) and is reported as too slow to read. Cancelling does the same at once.
 *
 * Files may be asked for ahead of time; the worker is given one at a time, in the order asked,
 * so that each file's time limit counts its own reading only, and a worker ended for one file
 * takes no other with it.
 */
import type { ExtractedFile } from '../../../../core/import/extract';
import { failedFile, type ImportFailure } from '../../../../core/import/failure';
import type { ExtractReply, ExtractRequest } from './protocol';

export interface Extractor {
  /** Reads a file: its bytes, or the file itself (read where the extraction runs). */
  extract(path: string, bytes: Uint8Array | Blob, signal?: AbortSignal): Promise<ExtractedFile[]>;
  dispose(): void;
}

const failed = (path: string, failure: ImportFailure): ExtractedFile[] => [failedFile(path, failure)];

/** What the extractor needs of a worker (a real one in the app, a stand-in in tests). */
export type ExtractWorker = Pick<
  Worker,
  'postMessage' | 'terminate' | 'addEventListener' | 'removeEventListener'
>;

const spawnExtractWorker = (): ExtractWorker =>
  new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module', name: 'fieldbook-import' });

export function workerExtractor(
  maxFileBytes: () => number,
  timeLimit: (bytes: number) => number,
  spawn: () => ExtractWorker = spawnExtractWorker,
): Extractor {
  let worker: ExtractWorker | null = null;
  let seq = 0;
  const start = () => (worker ??= spawn());
  const stop = () => {
    worker?.terminate();
    worker = null;
  };
  /** Settles when the file asked for last has been read (or has failed). */
  let queue: Promise<unknown> = Promise.resolve();
  const extractNow = (
    path: string,
    bytes: Uint8Array | Blob,
    signal?: AbortSignal,
  ): Promise<ExtractedFile[]> => {
    if (signal?.aborted) return Promise.resolve(failed(path, { code: 'cancelled' }));
    const id = ++seq;
    const current = start();
    const size = ArrayBuffer.isView(bytes) ? bytes.byteLength : bytes.size;
    return new Promise<ExtractedFile[]>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        current.removeEventListener('message', onMessage);
        current.removeEventListener('error', onError);
      };
      const onMessage = (event: MessageEvent<ExtractReply>) => {
        if (event.data.id !== id) return;
        finish();
        if ('files' in event.data) resolve(event.data.files);
        else resolve(failed(path, { code: 'unreadable', detail: event.data.error }));
      };
      const onError = (event: ErrorEvent) => {
        finish();
        stop();
        reject(new Error(`the import worker stopped: ${event.message || 'unknown error'}`));
      };
      const onAbort = () => {
        finish();
        stop();
        resolve(failed(path, { code: 'cancelled' }));
      };
      const timer = setTimeout(() => {
        finish();
        stop();
        resolve(failed(path, { code: 'timeout', limit: `${Math.round(timeLimit(size) / 1000)} s` }));
      }, timeLimit(size));
      current.addEventListener('message', onMessage);
      current.addEventListener('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      const request: ExtractRequest = { id, path, bytes, maxFileBytes: maxFileBytes() };
      current.postMessage(request, ArrayBuffer.isView(bytes) ? [bytes.buffer as ArrayBuffer] : []);
    });
  };
  return {
    extract(path, bytes, signal) {
      const turn = queue.then(() => extractNow(path, bytes, signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    dispose: stop,
  };
}
