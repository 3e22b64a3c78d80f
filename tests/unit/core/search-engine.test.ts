import { describe, expect, it } from 'vitest';
import { createSearchEngine, highlight, indexTerm } from '../../../src/core/search/engine';
import { incidentToDoc, noteToDoc, sourceToDoc, type SearchDoc } from '../../../src/core/search/documents';
import { incident, note, source } from '../factories';

function engineWith(...docs: SearchDoc[]) {
  const engine = createSearchEngine();
  engine.add(docs);
  return engine;
}

const ids = (engine: ReturnType<typeof createSearchEngine>, query: string) =>
  engine.search(query).hits.map((h) => h.id);

describe('SearchEngine', () => {
  const bus = source({
    id: 'bus',
    title: 'Bus attack in Mopti',
    text: 'Militants attacked a bus near Bandiagara. JNIM was blamed.',
  });
  const gao = source({
    id: 'gao',
    title: 'Convoy hit near Gao',
    text: 'A UN convoy struck a mine. Wagner contractors were present.',
  });
  const segou = source({
    id: 'segou',
    title: 'Markets reopen',
    text: 'Traders in Ségou said the roads were safer.',
    tags: ['economy'],
  });

  describe('search', () => {
    it('ranks and labels hits of every kind', () => {
      const engine = engineWith(
        sourceToDoc(bus),
        noteToDoc(note({ id: 'n1', body: 'Check the bus figures against ACLED' })),
        incidentToDoc(incident({ id: 'i1', description: 'Bus ambushed on the road to the market' })),
      );
      const response = engine.search('bus');
      expect(response.total).toBe(3);
      expect(response.hits.map((h) => h.kind).sort()).toEqual(['incident', 'note', 'source']);
      expect(response.hits[0]?.id).toBe('bus'); // the title match weighs most
    });

    it('supports prefix, field and presence queries as lunr defines them', () => {
      const engine = engineWith(sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou));
      expect(ids(engine, 'mop*')).toEqual(['bus']);
      expect(ids(engine, 'title:gao')).toEqual(['gao']);
      expect(ids(engine, 'text:gao')).toEqual([]);
      expect(ids(engine, '+jnim -wagner')).toEqual(['bus']);
      expect(ids(engine, 'tags:economy')).toEqual(['segou']);
    });

    it('finds a word written with accents when typed without them, and the other way round', () => {
      const engine = engineWith(
        sourceToDoc(segou),
        sourceToDoc(source({ id: 'menaka', title: 'Menaka', text: 'Menaka region' })),
      );
      expect(ids(engine, 'Segou')).toEqual(['segou']);
      expect(ids(engine, 'Ménaka')).toEqual(['menaka']);
    });

    it('matches typographic and plain apostrophes alike', () => {
      const engine = engineWith(
        sourceToDoc(source({ id: 'j', text: 'Jama’at Nusrat al-Islam wal-Muslimin claimed it' })),
      );
      expect(ids(engine, "jama'at")).toEqual(['j']);
    });

    it('returns nothing, without an error, for an empty query', () => {
      expect(engineWith(sourceToDoc(bus)).search('   ')).toEqual({ hits: [], total: 0 });
    });
  });

  describe('malformed queries', () => {
    const engine = engineWith(sourceToDoc(bus));

    it('explains an unknown field and where it is', () => {
      expect(engine.search('author:smith').error).toMatchObject({
        code: 'unknownField',
        field: 'author',
        start: 0,
        end: 6,
      });
    });

    it('explains a missing term, a non-numeric edit distance and boost, never throwing', () => {
      expect(engine.search('title:').error?.code).toBe('missingTerm');
      expect(engine.search('+').error?.code).toBe('missingTerm');
      expect(engine.search('-').error?.code).toBe('missingTerm');
      expect(engine.search('gao~x').error?.code).toBe('notANumber');
      expect(engine.search('title:gao^').error?.code).toBe('notANumber');
    });
  });

  describe('add and remove', () => {
    it('finds a document added after a search, and forgets a removed one at once', () => {
      const engine = engineWith(sourceToDoc(bus));
      expect(ids(engine, 'convoy')).toEqual([]);
      engine.add([sourceToDoc(gao)]);
      expect(ids(engine, 'convoy')).toEqual(['gao']);
      engine.remove([{ kind: 'source', id: 'gao' }]);
      expect(ids(engine, 'convoy')).toEqual([]);
    });

    it('replaces a document added again with the same id (an edit)', () => {
      const engine = engineWith(sourceToDoc(bus));
      engine.add([sourceToDoc({ ...bus, text: 'Rewritten: an ambush near Douentza' })]);
      expect(ids(engine, 'bandiagara')).toEqual([]);
      expect(ids(engine, 'douentza')).toEqual(['bus']);
      expect(engine.size).toBe(1);
    });

    it('reset replaces the whole content', () => {
      const engine = engineWith(sourceToDoc(bus), sourceToDoc(gao));
      engine.reset([sourceToDoc(segou)]);
      expect(engine.size).toBe(1);
      expect(ids(engine, 'convoy')).toEqual([]);
    });
  });

  describe('snippets', () => {
    it('wraps each matched word in <mark>, whatever its inflection', () => {
      const engine = engineWith(sourceToDoc(bus));
      expect(engine.search('attack').hits[0]?.snippet).toContain('Militants <mark>attacked</mark> a bus');
    });

    it('escapes the stored text so that it can never inject markup', () => {
      const text = 'The <img src=x onerror=alert(1)> attack & more';
      const snippet = highlight(text, new Set([indexTerm('attack')]));
      expect(snippet).toBe('The &lt;img src=x onerror=alert(1)&gt; <mark>attack</mark> &amp; more');
    });

    it('starts near the first match in a long text', () => {
      const text = `${'Filler words here. '.repeat(40)}The convoy was hit near Gao. ${'More filler. '.repeat(40)}`;
      const snippet = highlight(text, new Set([indexTerm('Gao')]));
      expect(snippet.startsWith('…')).toBe(true);
      expect(snippet).toContain('near <mark>Gao</mark>.');
      expect(snippet.length).toBeLessThan(300);
    });
  });
});
