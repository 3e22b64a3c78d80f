/** A running or finished file import, as the import panel shows it, and the import settings. */
import type { SourcesRepository } from '../data/sources';
import type { Extractor } from '../import/extractor';
import type { Source } from '../../../../core/model/types';
import {
  DEFAULT_MAX_FILE_MB,
  importFiles,
  reextract,
  type ImportInput,
  type ImportProgress,
  type ImportReport,
} from '../import/import-files';

const MAX_FILE_KEY = 'fieldbook.import.maxFileMb';
const TIME_LIMIT_KEY = 'fieldbook.import.timeLimitSeconds';
/** The largest per-file limit a user may set: what a browser tab can hold twice over. */
export const MAX_FILE_MB_CEILING = 2048;
export const DEFAULT_TIME_LIMIT_SECONDS = 60;
export const TIME_LIMIT_RANGE = { min: 5, max: 3600 } as const;
/** Extra reading time allowed per megabyte, on top of the base limit. */
const SECONDS_PER_MB = 2;

const wholeIn = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/** How often the progress of an import is shown again, in milliseconds. */
const PROGRESS_MS = 100;

export class Importer {
  #sources: SourcesRepository;
  #extractor: Extractor;
  #storage: Storage | undefined;
  #progress = $state<ImportProgress | null>(null);
  #report = $state<ImportReport | null>(null);
  #maxFileMb = $state(DEFAULT_MAX_FILE_MB);
  #timeLimitSeconds = $state(DEFAULT_TIME_LIMIT_SECONDS);
  #controller: AbortController | null = null;
  /** Resolves once what was saved is also held outside the database; imports count on it. */
  durable: (() => Promise<void>) | undefined;

  constructor(
    sources: SourcesRepository,
    extractor: Extractor,
    storage: Storage | undefined = globalThis.localStorage,
  ) {
    this.#sources = sources;
    this.#extractor = extractor;
    this.#storage = storage;
    const size = Number(storage?.getItem(MAX_FILE_KEY));
    if (wholeIn(size, 1, MAX_FILE_MB_CEILING)) this.#maxFileMb = size;
    const time = Number(storage?.getItem(TIME_LIMIT_KEY));
    if (wholeIn(time, TIME_LIMIT_RANGE.min, TIME_LIMIT_RANGE.max)) this.#timeLimitSeconds = time;
  }

  get running(): boolean {
    return this.#progress !== null;
  }
  get progress(): ImportProgress | null {
    return this.#progress;
  }
  get report(): ImportReport | null {
    return this.#report;
  }

  /** The largest file that is imported, in megabytes. */
  get maxFileMb(): number {
    return this.#maxFileMb;
  }

  /** Sets the per-file limit; false (and no change) unless it is a whole number in range. */
  setMaxFileMb(value: number): boolean {
    if (!wholeIn(value, 1, MAX_FILE_MB_CEILING)) return false;
    this.#maxFileMb = value;
    this.#storage?.setItem(MAX_FILE_KEY, String(value));
    return true;
  }

  /** How long reading one file may take before it is stopped, in seconds, before size allowance. */
  get timeLimitSeconds(): number {
    return this.#timeLimitSeconds;
  }

  setTimeLimitSeconds(value: number): boolean {
    if (!wholeIn(value, TIME_LIMIT_RANGE.min, TIME_LIMIT_RANGE.max)) return false;
    this.#timeLimitSeconds = value;
    this.#storage?.setItem(TIME_LIMIT_KEY, String(value));
    return true;
  }

  /** The time limit for a file of this size, in milliseconds. */
  timeLimitFor(bytes: number): number {
    return (this.#timeLimitSeconds + (bytes / (1024 * 1024)) * SECONDS_PER_MB) * 1000;
  }

  async run(inputs: readonly ImportInput[]): Promise<ImportReport | null> {
    if (this.#controller || inputs.length === 0) return null;
    this.#controller = new AbortController();
    this.#report = null;
    this.#progress = { total: inputs.length, done: 0, imported: 0, failed: 0, duplicates: 0, current: '' };
    let latest = this.#progress;
    let shown: ReturnType<typeof setTimeout> | undefined;
    try {
      const report = await importFiles(
        inputs,
        {
          sources: this.#sources,
          extractor: this.#extractor,
          maxFileBytes: this.#maxFileMb * 1024 * 1024,
          ...(this.durable ? { durable: this.durable } : {}),
        },
        {
          signal: this.#controller.signal,
          // Shown at most every PROGRESS_MS: redrawing the status for every file cost the
          // window a tenth of an import's time.
          onProgress: (p) => {
            latest = p;
            shown ??= setTimeout(() => {
              shown = undefined;
              if (this.#controller) this.#progress = latest;
            }, PROGRESS_MS);
          },
        },
      );
      this.#report = report;
      return report;
    } finally {
      clearTimeout(shown);
      this.#progress = null;
      this.#controller = null;
    }
  }

  /** Reads a source's original file again and replaces its text. */
  reextract(source: Source): ReturnType<typeof reextract> {
    return reextract(source, { sources: this.#sources, extractor: this.#extractor });
  }

  cancel(): void {
    this.#controller?.abort();
  }

  dismissReport(): void {
    this.#report = null;
  }
}
