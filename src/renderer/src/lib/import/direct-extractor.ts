/**
 * Extraction on the calling thread, without a worker or a time limit: for tests and tools
 * that run in Node. The app uses `workerExtractor`.
 */
import { extractFile, type ExtractOptions } from '../../../../core/import/extract';
import type { Extractor } from './extractor';
import { bytesOf } from './protocol';

export function directExtractor(options: Omit<ExtractOptions, 'signal'>): Extractor {
  return {
    extract: async (path, given, signal) =>
      extractFile(path, await bytesOf(given), signal ? { ...options, signal } : options),
    dispose: () => undefined,
  };
}
