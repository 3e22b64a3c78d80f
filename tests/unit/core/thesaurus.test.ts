import { describe, expect, it } from 'vitest';
import { parseAliases, validateEntity } from '../../../src/core/search/entity-form';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';
import { Thesaurus } from '../../../src/core/search/thesaurus';
import { createSearchEngine } from '../../../src/core/search/engine';

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
      { name: 'Dan Na Ambassagou', kind: 'actor', aliases: 'Dozo militia' },
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
    expect(validateEntity({ name: ' ', kind: 'group', aliases: '' }, SEED_ENTITIES)).toEqual({
      ok: false,
      errors: { name: 'thesaurus.nameRequired', kind: 'thesaurus.kindRequired' },
    });
    expect(validateEntity({ name: 'jnim', kind: 'actor', aliases: '' }, SEED_ENTITIES)).toEqual({
      ok: false,
      errors: { name: 'thesaurus.nameTaken' },
    });
    // Editing an entry may keep its own name.
    expect(
      validateEntity({ name: 'JNIM', kind: 'actor', aliases: 'GSIM' }, SEED_ENTITIES, 'actor:jnim').ok,
    ).toBe(true);
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
});
