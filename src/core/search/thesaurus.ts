/**
 * The thesaurus: known entities and every way they are written. It finds entity mentions in
 * a text (at indexing, so that `JNIM` finds an article that only writes "Jama’at Nusrat
 * al-Islam Wal Muslimeen") and tells which entities a query word names.
 *
 * Matching works on words: case, accents, apostrophes and hyphens do not matter, so
 * "Jama’at Nusrat al-Islam" and "jamaat nusrat al islam" are the same alias.
 */
import { foldForSearch } from '../text/fold';
import { stripClitics } from './analysis';
import type { Entity } from './seed-entities';

export interface Mention {
  entityId: string;
  /** Character offsets of the mention in the text. */
  start: number;
  end: number;
}

interface Node {
  next: Map<string, Node>;
  entityIds: string[];
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** A word as the thesaurus compares it; plain ASCII words (most of them) only change case. */
export function normalizeWord(word: string): string {
  return /[\u0080-\uffff]/.test(word) ? foldForSearch(word).toLowerCase() : word.toLowerCase();
}

export function wordsOf(text: string): { word: string; start: number; end: number }[] {
  const words: { word: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push({ word: normalizeWord(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return words;
}

export class Thesaurus {
  readonly entities: ReadonlyMap<string, Entity>;
  #root: Node = { next: new Map(), entityIds: [] };
  #single = new Map<string, string[]>();

  constructor(entities: readonly Entity[]) {
    this.entities = new Map(entities.map((e) => [e.id, e]));
    for (const entity of entities) {
      for (const alias of [entity.name, ...entity.aliases]) this.#addAlias(alias, entity.id);
    }
  }

  #addAlias(alias: string, entityId: string): void {
    const words = wordsOf(alias).map((w) => w.word);
    if (words.length === 0) return;
    // "Jama'at" is one word to a reader: index it both split and joined; a compound or a name
    // after the Arabic article, also written in one word (Al-Mourabitoun, Almourabitoun).
    const variants = [words];
    const apostrophes = alias.replace(/['’ʼ]/g, '');
    for (const form of [apostrophes, apostrophes.replace(/-/g, '').replace(/\b(al|el)\s+/giu, '$1')]) {
      const joined = wordsOf(form).map((w) => w.word);
      if (!variants.some((v) => v.join(' ') === joined.join(' '))) variants.push(joined);
    }
    for (const variant of variants) {
      let node = this.#root;
      for (const word of variant) {
        let child = node.next.get(word);
        if (!child) {
          child = { next: new Map(), entityIds: [] };
          node.next.set(word, child);
        }
        node = child;
      }
      if (!node.entityIds.includes(entityId)) node.entityIds.push(entityId);
      if (variant.length === 1) {
        const ids = this.#single.get(variant[0] ?? '') ?? [];
        if (!ids.includes(entityId)) this.#single.set(variant[0] ?? '', [...ids, entityId]);
      }
    }
  }

  /** Every mention of a known entity in `text`, longest match first at each position. */
  mentions(text: string): Mention[] {
    const words = wordsOf(text);
    const found: Mention[] = [];
    for (let i = 0; i < words.length; i++) {
      let node: Node | undefined = this.#root;
      let best: { ids: string[]; end: number; last: number } | undefined;
      for (let j = i; j < words.length && node; j++) {
        node = node.next.get(words[j]?.word ?? '');
        if (node?.entityIds.length) best = { ids: node.entityIds, end: words[j]?.end ?? 0, last: j };
      }
      if (best) {
        for (const entityId of best.ids) found.push({ entityId, start: words[i]?.start ?? 0, end: best.end });
        i = best.last;
      }
    }
    return found;
  }

  /** The entities a single query word names (`jnim`, `tombouctou`, `d’Almourabitoun`, `JNIM’s`). */
  entitiesOfWord(word: string): readonly string[] {
    return this.#single.get(stripClitics(normalizeWord(word))) ?? [];
  }

  name(entityId: string): string {
    return this.entities.get(entityId)?.name ?? entityId;
  }
}
