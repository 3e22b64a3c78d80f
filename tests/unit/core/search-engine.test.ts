import { describe, expect, it } from 'vitest';
import {
  assembleSearchEngine,
  createSearchEngine,
  decodeOrReason,
  attachOrReason,
  decodeSegmentPart,
  loadSearchEngine,
  loadSearchEngineFromParts,
  SearchIndexError,
  type SearchDoc,
  type SearchEngine,
  type SearchEngineOptions,
} from '../../../src/core/search/engine';
import { incidentToDoc, noteToDoc, sourceToDoc } from '../../../src/core/search/documents';
import { findHighlights, snippetOf } from '../../../src/core/search/highlight';
import { analyzePositions, termsOfWord } from '../../../src/core/search/analysis';
import {
  analysePhrase,
  mayHoldPairs,
  PAIR_BYTES,
  pairSignature,
  phrasePairBits,
} from '../../../src/core/search/phrase';
import { incident, note, source } from '../factories';
import { corpus, mulberry32 } from '../../../bench/corpus';
import { roundPositive } from '../../../src/core/search/query';
import { plainLunr } from '../../../bench/plain-lunr';

function engineWith(docs: SearchDoc[], options: SearchEngineOptions = {}): SearchEngine {
  const engine = createSearchEngine(options);
  engine.add(docs);
  return engine;
}

const ids = (engine: SearchEngine, query: string) => engine.search(query).hits.map((h) => h.id);

const doc = (id: string, text: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  id,
  kind: 'source',
  title: '',
  text,
  ...extra,
});

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
      const engine = engineWith([
        sourceToDoc(bus),
        noteToDoc(note({ id: 'n1', body: 'Check the bus figures against ACLED' })),
        incidentToDoc(incident({ id: 'i1', description: 'Bus ambushed on the road to the market' })),
      ]);
      const response = engine.search('bus');
      expect(response.total).toBe(3);
      expect(response.hits.map((h) => h.kind).sort()).toEqual(['incident', 'note', 'source']);
      expect(response.hits[0]?.id).toBe('bus'); // the title match weighs most
    });

    it('supports prefix, field and presence queries as lunr defines them', () => {
      const engine = engineWith([sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou)]);
      expect(ids(engine, 'mop*')).toEqual(['bus']);
      expect(ids(engine, 'title:gao')).toEqual(['gao']);
      expect(ids(engine, 'text:gao')).toEqual([]);
      expect(ids(engine, '+jnim -wagner')).toEqual(['bus']);
      expect(ids(engine, 'tags:economy')).toEqual(['segou']);
      expect(ids(engine, '-wagner').sort()).toEqual(['bus', 'segou']);
      expect(ids(engine, 'bandiagra~1')).toEqual(['bus']);
      expect(ids(engine, '*diagara')).toEqual(['bus']);
    });

    it('returns nothing, without an error, for an empty query', () => {
      const response = engineWith([sourceToDoc(bus)]).search('   ');
      expect(response.hits).toEqual([]);
      expect(response.error).toBeUndefined();
    });
  });

  describe('languages', () => {
    it('finds a word written with accents when typed without them, and the other way round', () => {
      const engine = engineWith([sourceToDoc(segou), doc('menaka', 'Menaka region')]);
      expect(ids(engine, 'Segou')).toEqual(['segou']);
      expect(ids(engine, 'Ménaka')).toEqual(['menaka']);
    });

    it('stems French documents as French: "attaques" finds "attaquée" and "attaquer"', () => {
      const engine = engineWith([
        doc('fr1', 'La base a été attaquée par des jihadistes.', { language: 'fr' }),
        doc('fr2', 'Ils voulaient attaquer le convoi.', { language: 'fr' }),
        doc('en1', 'Nothing to see in Gao.', { language: 'en' }),
      ]);
      expect(ids(engine, 'attaques').sort()).toEqual(['fr1', 'fr2']);
    });

    it('matches typographic and plain apostrophes alike', () => {
      const engine = engineWith([doc('j', 'Jama’at Nusrat al-Islam wal-Muslimin claimed it')]);
      expect(ids(engine, "jama'at")).toEqual(['j']);
    });
  });

  describe('thesaurus', () => {
    const engine = engineWith([
      doc('a', 'Jama’at Nusrat al-Islam Wal Muslimeen is ready to defend the territory.'),
      doc('b', 'Al-Qaeda in the Islamic Maghreb (Aqmi), about 100 km north of Tombouctou.'),
      doc('c', 'The Support Group for Islam and Muslims claimed the attack.'),
      doc('d', 'A quiet market day in Timbuktu.'),
    ]);

    it('finds every name of an armed group from its acronym, and marks the name', () => {
      expect(ids(engine, 'JNIM').sort()).toEqual(['a', 'c']);
      expect(ids(engine, 'GSIM').sort()).toEqual(['a', 'c']);
      expect(ids(engine, 'AQIM')).toEqual(['b']);
      const hit = engine.search('JNIM').hits.find((h) => h.id === 'a');
      expect(hit?.snippet).toContain('<mark>Jama’at Nusrat al-Islam Wal Muslimeen</mark>');
    });

    it('finds places under their English and French names', () => {
      expect(ids(engine, 'timbuktu').sort()).toEqual(['b', 'd']);
      expect(ids(engine, 'tombouctou').sort()).toEqual(['b', 'd']);
    });

    it('reads a group name of several words in the query as the group', () => {
      expect(ids(engine, 'Support Group for Islam and Muslims')).toContain('a');
    });

    it('excludes every name of an entity with -', () => {
      expect(ids(engine, 'islam').sort()).toEqual(['a', 'b', 'c']);
      expect(ids(engine, 'islam -jnim')).toEqual(['b']); // "Islamic" Maghreb, not JNIM
    });

    it('works without a thesaurus, as plain words', () => {
      const plain = engineWith([doc('a', 'Jama’at Nusrat al-Islam')], { entities: null });
      expect(ids(plain, 'jnim')).toEqual([]);
    });
  });

  describe('phrases', () => {
    const engine = engineWith([
      doc('p1', 'The bus attack near Bandiagara killed 31.'),
      doc('p2', 'An attack on the bus station, then a bus crash.'),
    ]);

    it('keeps only documents with the words in that order', () => {
      expect(ids(engine, '"bus attack"')).toEqual(['p1']);
      expect(ids(engine, 'bus attack').sort()).toEqual(['p1', 'p2']);
    });

    it('checks phrases with stop words against the text', () => {
      expect(ids(engine, '"attack on the bus"')).toEqual(['p2']);
    });

    it('says where an unclosed quote is', () => {
      expect(engine.search('bus "attack').error).toMatchObject({ code: 'unclosedPhrase', start: 4 });
    });

    it('finds every document a phrase is in, across accents, apostrophes, hyphens and the title, saved or not', () => {
      const texts = [
        ['Attaque à Ségou', 'Des hommes armés ont attaqué la ville de Ségou mardi.'],
        ['', 'Jama’at Nusrat al-Islam wal-Muslimin a revendiqué l’attaque.'],
        ['Bus attack', 'near Bandiagara; at least 31 killed.'],
        ['', 'The attack, near   Bandiagara, killed 31 people.'],
        ['', 'An attack near the town of Bandiagara.'],
        ['', 'Cœur attack near-Bandiagara'],
      ];
      const docs = texts.map(([title, text], i) => doc(`d${i}`, text ?? '', { title: title ?? '' }));
      const fresh = engineWith(docs);
      const saved = loadSearchEngine(fresh.serialize());
      const cases: [string, string[]][] = [
        ['"ville de segou"', ['d0']],
        ['"attaque a segou"', ['d0']],
        ['"nusrat al islam wal muslimin"', ['d1']],
        ['"attack near bandiagara"', ['d2', 'd3', 'd5']],
        ['"bus attack near bandiagara"', ['d2']],
        ['"the town of bandiagara"', ['d4']],
      ];
      for (const [query, expected] of cases) {
        expect(ids(fresh, query).sort(), query).toEqual(expected);
        expect(ids(saved, query).sort(), `${query}, saved`).toEqual(expected);
      }
    });

    it('finds words near one another with "…"~n, in any order, counting the words between', () => {
      const near = engineWith([
        doc('n1', 'The convoy came under attack near Gao.'), // convoy … attack: 2 words between
        doc('n2', 'An attack on a convoy.'), // attack … convoy: 2 words between
        doc('n3', 'The convoy left at dawn; in the evening, far to the south, an attack was reported.'),
        doc('n4', 'Les soldats du convoi ont subi une attaque à Ménaka.'),
      ]);
      expect(ids(near, '"convoy attack"~2').sort()).toEqual(['n1', 'n2']);
      expect(ids(near, '"convoy attack"~1')).toEqual([]);
      expect(ids(near, '"convoy attack"~20').sort()).toEqual(['n1', 'n2', 'n3']);
      // Accents folded, and with other words required beside it.
      expect(ids(near, '"convoi menaka"~5')).toEqual(['n4']); // 5 words between
      expect(ids(near, '"convoi menaka"~4')).toEqual([]);
      expect(ids(near, '"convoy attack"~2 +gao')).toEqual(['n1']);
      // ~0 is the exact phrase.
      expect(ids(near, '"attack near"~0')).toEqual(['n1']);
      expect(loadSearchEngine(near.serialize()).search('"convoy attack"~2').total).toBe(2);
    });

    it('says where a ~ after a phrase lacks its number', () => {
      expect(engine.search('"bus attack"~ gao').error).toMatchObject({ code: 'notANumber', start: 12 });
    });

    it('rules out, by their word-pair signatures, documents that do not hold the phrase', () => {
      const words = ['attack', 'near', 'gao', 'convoy', 'road', 'mine', 'army', 'said'];
      const docs = Array.from({ length: 400 }, (_, i) =>
        doc(`n${i}`, Array.from({ length: 300 }, (_, j) => words[(i * 7 + j * j) % words.length]).join(' ')),
      );
      const signatures = new Uint8Array(docs.length * PAIR_BYTES);
      docs.forEach((d, i) => {
        const terms: string[] = [];
        const positions: number[] = [];
        analyzePositions(d.text, 'en', 0, terms, positions);
        signatures.set(pairSignature(terms, positions), i * PAIR_BYTES);
      });
      // "said" is an English stop word: a phrase of two terms.
      const bits = phrasePairBits(analysePhrase(['convoy', 'road'], 'en'));
      const holds = docs.map((d) => / convoy road /.test(` ${d.text} `));
      const passes = docs.map((_, i) => mayHoldPairs(signatures, i, bits));
      // Never a document that holds it ruled out; most that do not, ruled out.
      expect(holds.every((h, i) => !h || passes[i])).toBe(true);
      const falsePositives = docs.filter((_, i) => passes[i] && !holds[i]).length;
      expect(falsePositives / holds.filter((h) => !h).length).toBeLessThan(0.1);
    });
  });

  describe('facets and filters', () => {
    const engine = engineWith([
      sourceToDoc(
        source({
          id: 's1',
          title: 'Attack in Mopti',
          text: 'JNIM fighters attacked.',
          tags: ['mopti'],
          publishedAt: '2021-12-08',
          language: 'en',
        }),
      ),
      sourceToDoc(
        source({
          id: 's2',
          title: 'Attaque à Ségou',
          text: 'Une attaque du JNIM.',
          tags: ['segou'],
          publishedAt: '2022-03-05',
          language: 'fr',
        }),
      ),
      incidentToDoc(
        incident({
          id: 'i1',
          description: 'Attack on a bus',
          location: { name: 'Songho', admin1: 'Mopti', country: 'Mali' },
          perpetrator: 'JNIM',
          date: '2021-12-03',
        }),
      ),
    ]);

    it('counts matches by kind, language, tag, region and actor', () => {
      const { facets, total } = engine.search('attack attaque');
      expect(total).toBe(3);
      expect(facets.kind).toEqual([
        { value: 'source', count: 2 },
        { value: 'incident', count: 1 },
      ]);
      expect(facets.language).toEqual([
        { value: 'en', count: 1 },
        { value: 'fr', count: 1 },
      ]);
      expect(facets.region).toEqual([{ value: 'Mopti', count: 1 }]);
      expect(facets.actor.find((a) => a.value === 'JNIM')?.count).toBe(3);
    });

    it('filters by kind, tag, language, region, actor and date range, with the query', () => {
      expect(engine.search('attack', { filters: { kinds: ['incident'] } }).hits.map((h) => h.id)).toEqual([
        'i1',
      ]);
      expect(engine.search('attaque', { filters: { tags: ['segou'] } }).hits.map((h) => h.id)).toEqual([
        's2',
      ]);
      expect(
        engine.search('attack attaque', { filters: { languages: ['fr'] } }).hits.map((h) => h.id),
      ).toEqual(['s2']);
      expect(engine.search('attack', { filters: { regions: ['Mopti'] } }).hits.map((h) => h.id)).toEqual([
        'i1',
      ]);
      const december = engine.search('attack', { filters: { dateFrom: '2021-12-01', dateTo: '2021-12-31' } });
      expect(december.hits.map((h) => h.id).sort()).toEqual(['i1', 's1']);
      expect(engine.search('', { filters: { actors: ['JNIM'], kinds: ['source'] } }).total).toBe(2);
    });
  });

  describe('malformed queries', () => {
    const engine = engineWith([sourceToDoc(bus)]);

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
      expect(engine.search('gao~x').error).toMatchObject({ code: 'notANumber', start: 4 });
      expect(engine.search('title:gao^').error?.code).toBe('notANumber');
    });
  });

  describe('segments', () => {
    const many = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) =>
        doc(`d${from + i}`, `Report ${from + i} on the convoy ${i % 3 === 0 ? 'near Gao' : 'in Mopti'}`),
      );

    it('finds documents across sealed segments and the fresh one', () => {
      const engine = engineWith(many(25), { segmentSize: 10 });
      expect(engine.stats()).toMatchObject({ segments: [10, 10], fresh: 5, documents: 25 });
      expect(engine.search('convoy').total).toBe(25);
      expect(engine.search('gao').total).toBe(9);
    });

    it('forgets a removed document at once and keeps a tombstone until a merge', () => {
      const engine = engineWith(many(20), { segmentSize: 10 });
      engine.remove(['d0', 'd3', 'd12']);
      expect(engine.search('gao').hits.map((h) => h.id)).not.toContain('d0');
      expect(engine.search('convoy').total).toBe(17);
      expect(engine.stats().deleted).toBe(3);
      while (engine.maintain());
      expect(engine.stats()).toMatchObject({ deleted: 0, documents: 17 });
      expect(engine.search('convoy').total).toBe(17);
    });

    it('merges segments without changing any result or score', () => {
      const engine = engineWith(many(40), { segmentSize: 5, maxSegments: 2 });
      const before = engine.search('convoy gao', { limit: 40 }).hits.map((h) => [h.id, h.score]);
      let steps = 0;
      while (engine.maintain()) steps++;
      expect(steps).toBeGreaterThan(0);
      expect(engine.stats().segments.length).toBeLessThanOrEqual(2);
      expect(engine.search('convoy gao', { limit: 40 }).hits.map((h) => [h.id, h.score])).toEqual(before);
    });

    it('stops merging full segments: what a commit stores does not grow with the archive', () => {
      // An import commits small batches and the index is saved between them, sealing each.
      const engine = createSearchEngine({ segmentSize: 25, maxSegments: 4, maxMergedDocs: 40 });
      const docs = corpus({ count: 600, seed: 3 }).map((d, i) => ({ ...d, id: `g${i}` }));
      let stored = new Set<string>();
      const storedDocs: number[] = [];
      for (let at = 0; at < docs.length; at += 15) {
        engine.add(docs.slice(at, at + 15));
        while (engine.maintain());
        const snapshot = engine.snapshot(stored);
        stored = new Set(snapshot.manifest.segments.map((s) => s.id));
        // Documents in the segments this save had to write.
        storedDocs.push(
          snapshot.added.reduce(
            (n, a) => n + (snapshot.manifest.segments.find((s) => s.id === a.id)?.deleted.length ?? 0),
            0,
          ),
        );
        for (const size of engine.stats().segments) expect(size).toBeLessThanOrEqual(40);
        // Four open segments, and the one this save just sealed.
        expect(engine.stats().segments.filter((size) => size < 20).length).toBeLessThanOrEqual(5);
      }
      // Every save writes at most one merge's worth of documents, at 600 as at 60.
      expect(Math.max(...storedDocs)).toBeLessThanOrEqual(40 + 15);
      expect(engine.search('attack').total).toBe(
        engineWith(docs, { segmentSize: 1000 }).search('attack').total,
      );
    });

    it('scores a document the same whichever segment holds it', () => {
      const docs = many(30);
      const one = engineWith(docs, { segmentSize: 1000 });
      const split = engineWith(docs, { segmentSize: 7 });
      const scores = (e: SearchEngine) =>
        e.search('gao convoy', { limit: 30 }).hits.map((h) => [h.id, h.score.toFixed(9)]);
      expect(scores(split)).toEqual(scores(one));
    });

    it('ranks like one plain lunr index over the same corpus (recall@10 = 1)', () => {
      const docs = corpus({ count: 600, seed: 7, frenchShare: 0 });
      const plain = plainLunr(docs);
      const ours = engineWith(docs, { segmentSize: 97, languages: ['en'], entities: null });
      const queries = [
        'convoy',
        'attack village',
        'army +base',
        'mine*',
        // A prefix's terms met before in the query, after it, or by another prefix.
        'village vil*',
        'vil* village',
        'mi* mine*',
        'police -market',
        'title:report',
        'region militants',
      ];
      for (const q of queries) {
        const expected = plain.search(q);
        const got = ours.search(q, { limit: 10 }).hits;
        expect(got.length, q).toBe(Math.min(10, expected.length));
        // Same scores as lunr's own, so the same ten (documents tied at the cut may swap places).
        const plainScore = new Map(expected.map((r) => [r.ref, r.score]));
        for (const hit of got)
          expect(hit.score, `${q}: ${hit.id}`).toBeCloseTo(plainScore.get(hit.id) ?? -1, 6);
        const cut = expected[9]?.score ?? -Infinity;
        const mustHave = expected.filter((r) => r.score > cut + 1e-9).map((r) => r.ref);
        expect(
          got.map((h) => h.id),
          q,
        ).toEqual(expect.arrayContaining(mustHave));
      }
    });
  });

  describe('add and remove', () => {
    it('finds a document added after a search, and forgets a removed one at once', () => {
      const engine = engineWith([sourceToDoc(bus)]);
      expect(ids(engine, 'convoy')).toEqual([]);
      engine.add([sourceToDoc(gao)]);
      expect(ids(engine, 'convoy')).toEqual(['gao']);
      engine.remove(['gao']);
      expect(ids(engine, 'convoy')).toEqual([]);
    });

    it('replaces a document added again with the same id (an edit)', () => {
      const engine = engineWith([sourceToDoc(bus)]);
      engine.add([sourceToDoc({ ...bus, text: 'Rewritten: an ambush near Douentza', updatedAt: 9 })]);
      expect(ids(engine, 'bandiagara')).toEqual([]);
      expect(ids(engine, 'douentza')).toEqual(['bus']);
      expect(engine.size).toBe(1);
      expect(engine.stamps().get('bus')).toBe(9);
    });
  });

  describe('persistence', () => {
    it('round-trips through serialize and load with the same answers', () => {
      const engine = engineWith(
        [
          sourceToDoc(bus),
          sourceToDoc(gao),
          sourceToDoc(segou),
          doc('fr', 'Attaque près de Tombouctou', { language: 'fr' }),
        ],
        {
          segmentSize: 2,
        },
      );
      engine.remove(['gao']);
      const loaded = loadSearchEngine(engine.serialize());
      for (const q of ['bus', 'segou', 'convoy', 'timbuktu', '"bus attack"', 'attaques'])
        expect(loaded.search(q), q).toEqual(engine.search(q));
      expect(loaded.size).toBe(3);
      expect(loaded.stamps()).toEqual(engine.stamps());
    });

    it('loads from bytes read as a Node Buffer, as from a file', () => {
      const engine = engineWith([sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou)], { segmentSize: 2 });
      // A Buffer's slice is a view on a shared pool, not a copy.
      const loaded = loadSearchEngine(Buffer.from(engine.serialize()));
      for (const q of ['bus', 'segou', 'convoy']) expect(loaded.search(q), q).toEqual(engine.search(q));
    });

    it('stores segment by segment: an edit adds one small segment, tombstones travel in the manifest', () => {
      const engine = engineWith([sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou)], { segmentSize: 2 });
      const first = engine.snapshot(new Set());
      expect(first.added.map((a) => a.id)).toEqual(first.manifest.segments.map((s) => s.id));

      engine.remove(['gao']);
      engine.add([doc('late', 'A late report from Kidal')]);
      const stored = new Set(first.manifest.segments.map((s) => s.id));
      const second = engine.snapshot(stored);
      expect(second.added).toHaveLength(1); // only the segment holding the new document
      const parts = new Map([...first.added, ...second.added].map((a) => [a.id, a.bytes] as const));
      const texts = new Map([...first.added, ...second.added].map((a) => [a.id, a.texts] as const));

      const { engine: loaded, refused } = loadSearchEngineFromParts(second.manifest, parts, texts);
      expect(refused).toEqual([]);
      for (const q of ['convoy', 'kidal', 'segou', 'bus'])
        expect(loaded.search(q), q).toEqual(engine.search(q));
      expect([...loaded.stamps().keys()].sort()).toEqual(['bus', 'late', 'segou']);
    });

    it('loads the same stored segments twice into engines that do not share tombstones', () => {
      const engine = engineWith([sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou)], { segmentSize: 2 });
      const { manifest, added } = engine.snapshot(new Set());
      const parts = new Map(added.map((a) => [a.id, a.bytes] as const));
      const texts = new Map(added.map((a) => [a.id, a.texts] as const));
      const first = loadSearchEngineFromParts(manifest, parts, texts).engine;
      first.remove(['gao', 'bus']);
      const second = loadSearchEngineFromParts(manifest, parts, texts).engine;
      expect(second.search('convoy').total).toBe(engine.search('convoy').total);
      expect(second.size).toBe(3);
      expect(first.search('convoy').total).toBe(0);
    });

    it('assembles an engine from segments decoded one by one as they are read, naming a refused one', () => {
      const docs = corpus({ count: 300, seed: 5 }).map((d, i) => ({ ...d, id: `c${i}` }));
      const engine = engineWith(docs, { segmentSize: 100 });
      const { manifest, added } = engine.snapshot(new Set());
      expect(added.length).toBeGreaterThan(2);
      const decoded = new Map(added.map((a) => [a.id, decodeOrReason(a.id, a.bytes)] as const));
      const whole = assembleSearchEngine(manifest, decoded);
      expect(whole.refused).toEqual([]);
      // Before the texts are read: the same hits, ranked the same, without snippets; a phrase waits.
      expect(whole.engine.textsPending).toBe(true);
      for (const q of ['attack', 'convoy OR market', 'vil*']) {
        const early = whole.engine.search(q);
        const full = engine.search(q);
        expect(
          early.hits.map((h) => [h.id, h.title, h.score]),
          q,
        ).toEqual(full.hits.map((h) => [h.id, h.title, h.score]));
        expect(early.total, q).toBe(full.total);
        expect(early.snippetsPending, q).toBe(true);
        expect(
          early.hits.every((h) => h.snippet === ''),
          q,
        ).toBe(true);
      }
      expect(whole.engine.search('"the village"')).toMatchObject({ hits: [], needsTexts: true });
      expect(whole.engine.maintain()).toBe(false);
      for (const a of added) expect(attachOrReason(whole.engine, a.id, a.texts)).toBeUndefined();
      expect(whole.engine.textsPending).toBe(false);
      for (const q of ['attack', 'convoy OR market', 'vil*', '"the village"'])
        expect(whole.engine.search(q), q).toEqual(engine.search(q));
      // A part stored under another segment's name is refused with the reason.
      const [a, b] = added;
      if (!a || !b) throw new Error('expected segments');
      decoded.set(a.id, decodeOrReason(a.id, b.bytes));
      const partial = assembleSearchEngine(manifest, decoded);
      expect(partial.refused).toEqual([`segment ${a.id}: it holds another segment`]);
      expect(partial.engine.size).toBe(300 - 100);
      // Texts that are not the segment's own are refused; the segment goes, and says whose documents.
      const damaged = b.texts.slice();
      damaged[7] = (damaged[7] ?? 0) ^ 0xff;
      expect(attachOrReason(partial.engine, b.id, damaged)).toMatch(/checksum of its texts/);
      expect(attachOrReason(partial.engine, b.id, b.texts.slice(1))).toMatch(/bytes, not/);
      expect(attachOrReason(partial.engine, b.id, undefined)).toBe('its texts are missing');
      expect(partial.engine.dropSegment(b.id)).toHaveLength(100);
      expect(partial.engine.size).toBe(100);
    });

    it('finds every term of a segment, and no other, before and after it hashes its vocabulary', () => {
      const docs = corpus({ count: 200, seed: 9, frenchShare: 0.5 }).map((d, i) => ({ ...d, id: `t${i}` }));
      const engine = engineWith(docs, { segmentSize: 1000 });
      const { manifest, added } = engine.snapshot(new Set());
      const [part] = added;
      if (!part) throw new Error('expected a segment');
      const segment = decodeSegmentPart(part.id, part.bytes);
      expect(manifest.segments).toHaveLength(1);
      const terms = segment.terms;
      expect(terms.length).toBeGreaterThan(2500);
      // The first lookups search the sorted terms; later ones a hash: both give the same.
      terms.forEach((term, i) => expect(segment.termIndex(term)).toBe(i));
      for (const absent of ['', 'zzzzzz', 'aaaa0', `${terms[10]}x`])
        expect(segment.termIndex(absent)).toBe(-1);
      terms.forEach((term, i) => expect(segment.termIndex(term)).toBe(i));
    });

    it('leaves out a damaged or missing segment and names it, keeping the others', () => {
      const engine = engineWith([sourceToDoc(bus), sourceToDoc(gao), sourceToDoc(segou)], { segmentSize: 2 });
      const { manifest, added } = engine.snapshot(new Set());
      const [firstPart, secondPart] = added;
      if (!firstPart || !secondPart) throw new Error('expected two segments');
      const damaged = firstPart.bytes.slice();
      damaged[damaged.length - 2] = (damaged[damaged.length - 2] ?? 0) ^ 0xff;
      const { engine: loaded, refused } = loadSearchEngineFromParts(
        manifest,
        new Map([
          [firstPart.id, damaged],
          [secondPart.id, secondPart.bytes],
        ]),
        new Map(added.map((a) => [a.id, a.texts] as const)),
      );
      expect(refused).toEqual([expect.stringMatching(new RegExp(`segment ${firstPart.id}: .*checksum`))]);
      expect(loaded.size).toBe(1);
      expect(loadSearchEngineFromParts(manifest, new Map()).refused).toHaveLength(2);
    });

    it('refuses a damaged or foreign index instead of trusting it', () => {
      const bytes = engineWith([sourceToDoc(bus)]).serialize();
      const damaged = bytes.slice();
      damaged[damaged.length - 3] = (damaged[damaged.length - 3] ?? 0) ^ 0xff;
      expect(() => loadSearchEngine(damaged)).toThrow(SearchIndexError);
      expect(() => loadSearchEngine(damaged)).toThrow(/checksum/);
      expect(() => loadSearchEngine(bytes.slice(0, 40))).toThrow(SearchIndexError);
      expect(() => loadSearchEngine(new TextEncoder().encode('{"not":"an index"}'))).toThrow(
        /not a Fieldbook search index/,
      );
      const otherVersion = bytes.slice();
      new DataView(otherVersion.buffer).setUint32(4, 99, true);
      expect(() => loadSearchEngine(otherVersion)).toThrow(/version 99/);
    });
  });
});

describe('snippets', () => {
  it('escapes the stored text so that it can never inject markup', () => {
    const text = 'The <img src=x onerror=alert(1)> attack & more';
    const { snippet } = snippetOf(text, findHighlights(text, 'en', new Set(['attack']), new Set(), null));
    expect(snippet).toBe('The &lt;img src=x onerror=alert(1)&gt; <mark>attack</mark> &amp; more');
  });

  it('comes from the paragraph that holds the matches, and says where it is', () => {
    const text = `${'Filler words here. '.repeat(30)}\n\nThe convoy was hit near Gao.\n\nMore filler.`;
    const ranges = findHighlights(text, 'en', new Set(['gao']), new Set(), null);
    const { snippet, passage, highlights } = snippetOf(text, ranges);
    expect(snippet).toBe('The convoy was hit near <mark>Gao</mark>.');
    expect(text.slice(passage.start, passage.end)).toBe('The convoy was hit near Gao.');
    expect(highlights.map((h) => text.slice(h.start, h.end))).toEqual(['Gao']);
  });
});

describe('highlights', () => {
  it('marks every word a searched term stems from, in English and French, whatever its first letter', () => {
    const texts = [
      'Years of attacks: the État islamique attacked Égyptiens near Ségou; yesterday’s toll rose.',
      'Les attaques de l’armée ont été attaquées à Ménaka. Œuvre et cœur, Ørsted and øre.',
    ];
    const termSets = [
      ['attack', 'year', 'yesterday'],
      ['attaqu', 'etat', 'egyptien', 'segou', 'menaka'],
      ['œuvr', 'uvr', 'rst', 'orst', 'cœur', 'armé', 'arme'],
    ];
    let marks = 0;
    for (const language of ['en', 'fr'] as const)
      for (const text of texts)
        for (const set of termSets) {
          const terms = new Set(set);
          const everyWord = [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)]
            .filter((m) => termsOfWord(m[0], language).some((t) => terms.has(t)))
            .map((m) => text.slice(m.index, m.index + m[0].length));
          const marked = findHighlights(text, language, terms, new Set(), null).map((r) =>
            text.slice(r.start, r.end),
          );
          expect(marked, `${language}: ${set.join(' ')}`).toEqual(everyWord);
          marks += marked.length;
        }
    expect(marks).toBeGreaterThan(10);
  });
});

describe('pages', () => {
  const pages = [
    'Situation report on Mopti.',
    'Displacement around Bandiagara.',
    'An ambush near Boulkessi.',
  ];
  const text = pages.join('\n\n');
  const pageStarts = pages.map((_, i) => pages.slice(0, i).join('\n\n').length + (i ? 2 : 0));

  it('says on which page the words of a hit are, also after the index is saved and loaded', () => {
    const engine = engineWith([doc('report', text, { pageStarts })]);
    const hit = engine.search('boulkessi').hits[0];
    expect(hit?.page).toBe(3);
    expect(engine.search('bandiagara').hits[0]?.page).toBe(2);
    const loaded = loadSearchEngine(engine.serialize());
    expect(loaded.search('boulkessi').hits[0]?.page).toBe(3);
  });

  it('gives no page for a document without pages', () => {
    expect(engineWith([doc('plain', text)]).search('boulkessi').hits[0]?.page).toBeUndefined();
  });
});

describe('scoring arithmetic', () => {
  it('rounds every positive weight exactly as Math.round does, at the halves and just below them', () => {
    const below = (x: number) => x - Number.EPSILON * Math.max(1, x); // the double just under x
    const cases = [
      0,
      1e-9,
      0.49999999999999994,
      0.5,
      1.5,
      2.5,
      below(2.5),
      12345.5,
      below(12345.5),
      2 ** 40 + 0.5,
    ];
    const random = mulberry32(7);
    for (let i = 0; i < 20_000; i++) cases.push(random() * 10 ** Math.floor(random() * 7));
    for (let n = 0; n < 5000; n++) cases.push(n + 0.5, below(n + 0.5));
    for (const x of cases) expect(roundPositive(x), String(x)).toBe(Math.round(x));
  });
});
