/**
 * Extraction on the calling thread, without a worker or a time limit: for tests and tools
 * that run in Node. The app uses `workerExtractor`.
 */
import { extractFile, type ExtractOptions } from '../../../../core/import/extract';
import type { Extractor } from './extractor';

export function directExtractor(options: Omit<ExtractOptions, 'signal'>): Extractor {
  return {
    extract: async (path, given, signal) => {
      const bytes = ArrayBuffer.isView(given) ? given : new Uint8Array(await given.arrayBuffer());
      return extractFile(path, bytes, signal ? { ...options, signal } : options);
    },
    dispose: () => undefined,
  };
}
