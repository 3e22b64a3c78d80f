import { describe, expect, it } from 'vitest';
import {
  entityForm,
  parseAliases,
  validateEntity,
  type EntityForm,
} from '../../../src/core/search/entity-form';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';
import { Thesaurus } from '../../../src/core/search/thesaurus';
import { createSearchEngine } from '../../../src/core/search/engine';

const form = (fields: Partial<EntityForm>): EntityForm => ({ ...entityForm(), ...fields });

describe('Thesaurus', () => {
  const thesaurus = new Thesaurus(SEED_ENTITIES);

  it('finds the longest name at each place in a text, whatever its apostrophes and case', () => {
    const text = 'JAMA’AT NUSRAT AL-ISLAM wal Muslimeen and Aqmi met near Tombouctou.';
    const found = thesaurus.mentions(text).map((m) => [m.entityId, text.slice(m.start, m.end)]);
    expect(found).toEqual([
      ['actor:jnim', 'JAMA’AT NUSRAT AL-ISLAM wal Muslimeen'],
      ['actor:aqim', 'Aqmi'],
      ['place:timbuktu', 'Tombouctou'],
    ]);
  });

  it('names the entities of a one-word query', () => {
    expect(thesaurus.entitiesOfWord('gsim')).toEqual(['actor:jnim']);
    expect(thesaurus.entitiesOfWord('Ségou')).toEqual(['place:segou']);
    expect(thesaurus.entitiesOfWord('convoy')).toEqual([]);
  });
});

describe('editing the thesaurus', () => {
  it('keeps one alias per line, without blanks, repeats or the name itself', () => {
    expect(parseAliases('Katiba Macina\n\n FLM ;flm\nkatiba macina\nMacina', 'Katiba Macina')).toEqual([
      'FLM',
      'Macina',
    ]);
  });

  it('gives a new entry an id from its kind and name, unique in the thesaurus', () => {
    const first = validateEntity(
      form({ name: 'Dan Na Ambassagou', kind: 'actor', aliases: 'Dozo militia' }),
      SEED_ENTITIES,
    );
    expect(first).toEqual({
      ok: true,
      value: {
        id: 'actor:dan-na-ambassagou',
        kind: 'actor',
        name: 'Dan Na Ambassagou',
        aliases: ['Dozo militia'],
      },
    });
  });

  it('refuses an entry without a name, without a kind, or named like another', () => {
    expect(validateEntity(form({ name: ' ', kind: 'group', aliases: '' }), SEED_ENTITIES)).toEqual({
      ok: false,
      errors: { name: 'thesaurus.nameRequired', kind: 'thesaurus.kindRequired' },
    });
    expect(validateEntity(form({ name: 'jnim', kind: 'actor', aliases: '' }), SEED_ENTITIES)).toEqual({
      ok: false,
      errors: { name: 'thesaurus.nameTaken' },
    });
    // Editing an entry may keep its own name.
    expect(
      validateEntity(form({ name: 'JNIM', kind: 'actor', aliases: 'GSIM' }), SEED_ENTITIES, 'actor:jnim').ok,
    ).toBe(true);
  });

  it('locates a place the researcher adds, and refuses coordinates that are not a pair on the globe', () => {
    expect(
      validateEntity(
        form({
          name: 'Ogossagou',
          kind: 'place',
          admin1: 'Mopti',
          country: 'ml',
          latitude: '14,46',
          longitude: '-3.3',
        }),
        SEED_ENTITIES,
      ),
    ).toEqual({
      ok: true,
      value: {
        id: 'place:ogossagou',
        kind: 'place',
        name: 'Ogossagou',
        aliases: [],
        admin1: 'Mopti',
        country: 'ML',
        lat: 14.46,
        lng: -3.3,
      },
    });
    expect(
      validateEntity(form({ name: 'Boni', kind: 'place', latitude: '95', longitude: '-1' }), SEED_ENTITIES),
    ).toEqual({
      ok: false,
      errors: { latitude: 'validation.latitudeInvalid' },
    });
    expect(validateEntity(form({ name: 'Boni', kind: 'place', latitude: '15.3' }), SEED_ENTITIES)).toEqual({
      ok: false,
      errors: { longitude: 'validation.coordinatesPair' },
    });
    // An actor has no place on the map, whatever the form held.
    const actor = validateEntity(form({ name: 'Dozo', kind: 'actor', latitude: '14' }), SEED_ENTITIES);
    expect(actor.ok && actor.value).toEqual({ id: 'actor:dozo', kind: 'actor', name: 'Dozo', aliases: [] });
  });

  it('changes what the engine finds once the engine is given the new thesaurus', () => {
    const engine = createSearchEngine();
    engine.add([
      { id: 'a', kind: 'source', title: '', text: 'Fighters of Katiba Hanifa attacked the post.' },
    ]);
    expect(engine.search('JNIM').total).toBe(0);
    const jnim = SEED_ENTITIES.find((e) => e.id === 'actor:jnim');
    if (!jnim) throw new Error('the seed has no JNIM');
    engine.setEntities(
      SEED_ENTITIES.map((e) => (e === jnim ? { ...jnim, aliases: [...jnim.aliases, 'Katiba Hanifa'] } : e)),
    );
    expect(engine.search('JNIM').hits.map((h) => h.id)).toEqual(['a']);
    expect(engine.search('JNIM').facets.actor).toEqual([{ value: 'JNIM', count: 1 }]);
  });

  it('after an edit, finds exactly what an index built with the new thesaurus finds, reading again only the documents it concerns', () => {
    const texts = [
      'Fighters of Katiba Hanifa attacked the post near Gao.',
      'JNIM claimed the attack on the convoy.',
      'Dozo hunters clashed with herders.',
      'Les combattants du GSIM ont attaqué Tombouctou.',
      'Rain fell on the market in Kayes.',
      'The army patrolled the road to Sévaré.',
      'Claimed by JNIM/GSIM’s fighters.',
    ];
    const docs = Array.from({ length: 60 }, (_, i) => ({
      id: `d${i}`,
      kind: 'source' as const,
      title: '',
      // Words repeated, so that term frequencies and field lengths weigh in the scores.
      text: `${texts[i % texts.length]} Report ${i}.${' Attack report.'.repeat(i % 4)}`,
      language: i % texts.length === 3 ? 'fr' : 'en',
      ...(i % 7 === 0 ? { actors: ['FAMa'] } : {}),
    }));
    const jnim = SEED_ENTITIES.find((e) => e.id === 'actor:jnim');
    if (!jnim) throw new Error('the seed has no JNIM');
    const edited = [
      ...SEED_ENTITIES.filter((e) => e.id !== 'place:gao').map((e) =>
        e === jnim ? { ...jnim, aliases: [...jnim.aliases, 'Katiba Hanifa'] } : e,
      ),
      { id: 'actor:dozo', kind: 'actor' as const, name: 'Dan Na Ambassagou', aliases: ['Dozo'] },
    ];

    // One segment, and documents spread over several.
    for (const segmentSize of [5000, 16]) {
      const engine = createSearchEngine({ segmentSize });
      engine.add(docs);
      const stored = new Set(engine.snapshot(new Set()).manifest.segments.map((s) => s.id));
      engine.setEntities(edited);
      // The texts naming JNIM, Katiba Hanifa, Dozo or Gao: 5 of every 7 documents, no others.
      const { manifest, added } = engine.snapshot(stored);
      const readAgain = added.map((a) => manifest.segments.find((s) => s.id === a.id)?.deleted.length);
      expect(
        readAgain.reduce((n, x) => (n ?? 0) + (x ?? 0), 0),
        `segments of ${segmentSize}`,
      ).toBe(44);
      // Tombstones count in the statistics until segments merge, as in Lucene: merged, the
      // scores are those of a fresh index.
      while (engine.maintain());
      const fresh = createSearchEngine({ entities: edited, segmentSize });
      fresh.add(docs);
      for (const query of [
        'JNIM',
        'Katiba Hanifa',
        'Dan Na Ambassagou',
        'Dozo',
        'Gao',
        'Timbuktu',
        'attack',
        'report',
        'attaqu*',
        '"fighters of katiba hanifa"',
        '"herders"',
      ]) {
        const mine = engine.search(query, { limit: 100 });
        const theirs = fresh.search(query, { limit: 100 });
        expect(mine.total, `${query}, segments of ${segmentSize}`).toBeGreaterThan(0);
        expect(mine.hits.map((h) => [h.id, h.score, h.snippet]).sort(), query).toEqual(
          theirs.hits.map((h) => [h.id, h.score, h.snippet]).sort(),
        );
        expect(mine.facets, query).toEqual(theirs.facets);
      }
    }
  });
});
