/** A running or finished file import, as the import panel shows it. */
import type { SourcesRepository } from '../data/sources';
import {
  importFiles,
  type ImportableFile,
  type ImportProgress,
  type ImportReport,
} from '../import/import-files';

export class Importer {
  #sources: SourcesRepository;
  #progress = $state<ImportProgress | null>(null);
  #report = $state<ImportReport | null>(null);
  #controller: AbortController | null = null;

  constructor(sources: SourcesRepository) {
    this.#sources = sources;
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

  async run(files: readonly ImportableFile[]): Promise<ImportReport | null> {
    if (this.#controller || files.length === 0) return null;
    this.#controller = new AbortController();
    this.#report = null;
    this.#progress = { total: files.length, done: 0, failed: 0, current: '' };
    try {
      const report = await importFiles(files, this.#sources, {
        signal: this.#controller.signal,
        onProgress: (p) => (this.#progress = p),
      });
      this.#report = report;
      return report;
    } finally {
      this.#progress = null;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  dismissReport(): void {
    this.#report = null;
  }
}
