/**
 * Messages for the user: confirmations (polite) and errors (assertive). Errors are never
 * swallowed: whatever fails reaches this list, and the console.
 */
import { StorageFullError } from '../data/errors';
import type { I18n } from './i18n.svelte';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export class Notices {
  #items = $state<Notice[]>([]);
  #next = 1;
  #i18n: I18n;

  constructor(i18n: I18n) {
    this.#i18n = i18n;
  }

  get items(): readonly Notice[] {
    return this.#items;
  }

  info(text: string): void {
    const id = this.#next++;
    this.#items.push({ id, kind: 'info', text });
    setTimeout(() => this.dismiss(id), 6000);
  }

  error(text: string, cause?: unknown): void {
    if (cause !== undefined) console.error(text, cause);
    this.#items.push({ id: this.#next++, kind: 'error', text });
  }

  /** Reports a failed operation, with storage-full failures named as such. */
  failure(error: unknown, what: string): void {
    const { t } = this.#i18n;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof StorageFullError) this.error(t('error.storageFull', { what }), error);
    else this.error(t('error.saveFailed', { message: `${what}: ${message}` }), error);
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((n) => n.id !== id);
  }
}
