import { describe, expect, it } from 'vitest';
import {
  noteComparator,
  trashComparator,
  outletsOf,
  sourceComparator,
  sourceMatcher,
  SOURCE_ORDERS,
} from '../../../src/core/model/list-order';
import { summaryOf, type SourceSummary } from '../../../src/core/model/types';
import { note, source } from '../factories';

const summary = (overrides: Parameters<typeof source>[0]): SourceSummary => summaryOf(source(overrides));

describe('the orders of the Sources list', () => {
  const sources = [
    summary({
      id: 'a',
      title: 'Écho des Sahel',
      publisher: 'Le Républicain',
      publishedAt: '2022-03-07',
      createdAt: 5,
    }),
    summary({
      id: 'b',
      title: 'Echo of a raid',
      publisher: 'le republicain',
      publishedAt: undefined,
      createdAt: 4,
    }),
    summary({ id: 'c', title: 'Report 10', publisher: '', publishedAt: '2021-12-04', createdAt: 3 }),
    summary({
      id: 'd',
      title: 'Report 9',
      publisher: 'Studio Tamani',
      publishedAt: '2023-01-15',
      createdAt: 2,
    }),
    summary({ id: 'e', title: '', publisher: 'Studio Tamani', publishedAt: '2022-03-07', createdAt: 1 }),
  ];
  const ids = (order: (typeof SOURCE_ORDERS)[number], locale = 'en') =>
    [...sources].sort(sourceComparator(order, locale)).map((s) => s.id);

  it('lists newest added first by default', () => {
    expect(ids('added')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('puts the undated after the dated, whichever way the dates run', () => {
    // Two sources of the same day: the one added last first.
    expect(ids('published')).toEqual(['d', 'a', 'e', 'c', 'b']);
    expect(ids('publishedOldest')).toEqual(['c', 'e', 'a', 'd', 'b']);
  });

  it('collates titles as a reader expects: accents beside their letter, numbers by value, untitled last', () => {
    expect(ids('title')).toEqual(['a', 'b', 'd', 'c', 'e']);
    expect(ids('title', 'fr')).toEqual(['a', 'b', 'd', 'c', 'e']);
  });

  it('groups each publisher whatever its case or accents, newest first within it, no publisher last', () => {
    expect(ids('outlet')).toEqual(['a', 'b', 'd', 'e', 'c']);
  });

  it('is a total order: sorting a shuffled copy gives the same list', () => {
    for (const order of SOURCE_ORDERS) {
      const compare = sourceComparator(order, 'fr');
      expect([...sources].reverse().sort(compare)).toEqual([...sources].sort(compare));
    }
  });
});

describe('the filter of the Sources list', () => {
  const sources = [
    summary({
      id: 'fr',
      title: 'L’armée malienne repousse une attaque à Ségou',
      publisher: 'Le Républicain',
    }),
    summary({ id: 'en', title: 'Army repels an attack near Segou', publisher: 'Studio Tamani' }),
    summary({ id: 'other', title: 'Floods in Mopti', publisher: 'Le Republicain' }),
  ];
  const kept = (filter: Parameters<typeof sourceMatcher>[0]) =>
    sources.filter(sourceMatcher(filter)).map((s) => s.id);

  it('finds words of a title without their accents or an elided article', () => {
    expect(kept({ words: 'armée' })).toEqual(['fr']);
    expect(kept({ words: 'segou' })).toEqual(['fr', 'en']);
    expect(kept({ words: 'Ségou attaque' })).toEqual(['fr']);
  });

  it('finds the publisher by its name, in the words or chosen, whatever its accents', () => {
    expect(kept({ words: 'tamani' })).toEqual(['en']);
    expect(kept({ outlet: 'Le Républicain' })).toEqual(['fr', 'other']);
    expect(kept({ outlet: 'Le Républicain', words: 'mopti' })).toEqual(['other']);
  });

  it('keeps everything when empty', () => {
    expect(kept({ words: '  ', outlet: '' })).toEqual(['fr', 'en', 'other']);
  });

  it('offers each publisher once, as most of its sources write it, with its count', () => {
    expect(outletsOf([...sources, summary({ publisher: 'Le Républicain' })], 'fr')).toEqual([
      { name: 'Le Républicain', count: 3 },
      { name: 'Studio Tamani', count: 1 },
    ]);
  });
});

describe('the orders of the Notes and Trash lists', () => {
  const titles = new Map([
    ['s1', 'Attaque à Boni'],
    ['s2', 'ambush near Bourem'],
  ]);
  const notes = [
    note({ id: 'n1', sourceId: 's2', createdAt: 1, updatedAt: 9 }),
    note({ id: 'n2', createdAt: 2, updatedAt: 2 }),
    note({ id: 'n3', sourceId: 's1', createdAt: 3, updatedAt: 3 }),
    note({ id: 'n4', sourceId: 's1', createdAt: 4, updatedAt: 4 }),
  ];
  const noteIds = (order: Parameters<typeof noteComparator>[0]) =>
    [...notes].sort(noteComparator(order, 'fr', (id) => titles.get(id))).map((n) => n.id);

  it('lists notes by creation, by last edit, or by the title of their source', () => {
    expect(noteIds('newest')).toEqual(['n4', 'n3', 'n2', 'n1']);
    expect(noteIds('oldest')).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(noteIds('edited')).toEqual(['n1', 'n4', 'n3', 'n2']);
    // Case does not split the alphabet; free-standing notes come last.
    expect(noteIds('source')).toEqual(['n1', 'n4', 'n3', 'n2']);
  });

  it('lists the Trash by deletion, by title (untitled last) or by kind', () => {
    const items = [
      { kind: 'incident' as const, id: 'i', title: 'Attack on Boni', deletedAt: 3 },
      { kind: 'note' as const, id: 'n', title: '', deletedAt: 4 },
      { kind: 'source' as const, id: 's', title: 'Zone des trois frontières', deletedAt: 1 },
      { kind: 'source' as const, id: 't', title: 'Écho du Sahel', deletedAt: 2 },
    ];
    const ids = (order: Parameters<typeof trashComparator>[0]) =>
      [...items].sort(trashComparator(order, 'fr')).map((i) => i.id);
    expect(ids('deleted')).toEqual(['n', 'i', 't', 's']);
    expect(ids('title')).toEqual(['i', 't', 's', 'n']);
    expect(ids('kind')).toEqual(['t', 's', 'n', 'i']);
  });
});
