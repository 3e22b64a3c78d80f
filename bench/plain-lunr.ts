/** The baseline: one plain lunr index with the same fields and boosts as our engine. */
import lunr from 'lunr';
import type { SearchDoc } from '../src/core/search/engine';

export function plainLunr(docs: readonly SearchDoc[]): lunr.Index {
  return lunr(function () {
    this.ref('id');
    this.field('title', { boost: 5 });
    this.field('text');
    this.field('tags', { boost: 3 });
    for (const d of docs)
      this.add({ id: d.id, title: d.title, text: d.text, tags: (d.tags ?? []).join(' ') });
  });
}
