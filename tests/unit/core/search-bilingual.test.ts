import { describe, expect, it } from 'vitest';
import { createSearchEngine, type SearchDoc, type SearchEngine } from '../../../src/core/search/engine';
import { stripClitics } from '../../../src/core/search/analysis';
import { findHighlights } from '../../../src/core/search/highlight';
import { Thesaurus } from '../../../src/core/search/thesaurus';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';

const fr = (id: string, text: string, title = ''): SearchDoc => ({
  id,
  kind: 'source',
  title,
  text,
  language: 'fr',
});
const en = (id: string, text: string, title = ''): SearchDoc => ({
  id,
  kind: 'source',
  title,
  text,
  language: 'en',
});

function engineWith(docs: SearchDoc[]): SearchEngine {
  const engine = createSearchEngine();
  engine.add(docs);
  return engine;
}
const ids = (engine: SearchEngine, query: string) =>
  engine
    .search(query)
    .hits.map((h) => h.id)
    .sort();

describe('bilingual analysis', () => {
  describe('French elision', () => {
    const engine = engineWith([
      fr('armee', 'L’armée malienne a repoussé l’attaque du camp.'),
      fr('village', 'Des hommes ont encerclé le village d’Ogossagou avant l’aube.'),
      fr('straight', "Selon l'état-major, l'attaque a fait douze morts jusqu'à l'hôpital."),
      fr('names', 'Les FAMa ont repris la base de N’tahaka, près de Gao.'),
    ]);

    it('finds a word written after l’, d’ or qu’ with either apostrophe', () => {
      expect(ids(engine, 'armée')).toEqual(['armee']);
      expect(ids(engine, 'Ogossagou')).toEqual(['village']);
      expect(ids(engine, 'attaque')).toEqual(['armee', 'straight']);
      expect(ids(engine, 'hôpital')).toEqual(['straight']);
      expect(ids(engine, 'aube')).toEqual(['village']);
    });

    it('finds an elided word typed with its article, with either apostrophe', () => {
      expect(ids(engine, 'l’armée')).toEqual(['armee']);
      expect(ids(engine, "d'Ogossagou")).toEqual(['village']);
    });

    it('leaves a name whose apostrophe is not an elision whole (N’tahaka, before a consonant)', () => {
      expect(ids(engine, 'Ntahaka')).toEqual(['names']);
      expect(ids(engine, 'N’tahaka')).toEqual(['names']);
      expect(ids(engine, 'tahaka')).toEqual([]);
    });

    it('strips the clitics of one word as the index does', () => {
      expect(stripClitics("l'armee")).toBe('armee');
      expect(stripClitics("jusqu'a")).toBe('a');
      expect(stripClitics("qu'il")).toBe('il');
      expect(stripClitics("lorsqu'elle")).toBe('elle');
      expect(stripClitics("n'tahaka")).toBe('ntahaka');
      expect(stripClitics("mali's")).toBe('mali');
      expect(stripClitics("jama'at")).toBe('jamaat');
      expect(stripClitics('aujourd’hui')).toBe('aujourdhui');
    });
  });

  describe('in a text of the other language', () => {
    it('reads a French elision in an English text and an English possessive in a French one', () => {
      const engine = engineWith([
        en('quote', "The spokesman said: 'L’armée malienne respecte les droits de l’homme,' in French."),
        fr('cite', 'Selon le rapport de Human Rights Watch, Wagner’s men were there.'),
      ]);
      expect(ids(engine, 'armée')).toEqual(['quote']);
      expect(ids(engine, 'homme')).toEqual(['quote']);
      expect(ids(engine, 'Wagner')).toEqual(['cite']);
    });
  });

  describe('English possessives', () => {
    const engine = engineWith([
      en('army', 'Mali’s army said the convoy’s escort was ambushed.'),
      en('plural', "The militants' leader fled; the soldiers’ camp was shelled."),
    ]);

    it('finds a name or noun written with ’s or s’', () => {
      expect(ids(engine, 'Mali')).toEqual(['army']);
      expect(ids(engine, 'convoy')).toEqual(['army']);
      expect(ids(engine, 'militant')).toEqual(['plural']);
      expect(ids(engine, 'soldiers')).toEqual(['plural']);
      expect(ids(engine, "Mali's")).toEqual(['army']);
    });
  });

  describe('accents', () => {
    const engine = engineWith([
      fr('maj', 'La majorité des victimes étaient des civils de la région de Ségou.'),
      fr('secu', 'La sécurité se dégrade à Ménaka.'),
      en('plain', 'Security in Menaka and Segou worsened.'),
    ]);

    it('finds a French accented word typed without its accent, and the other way', () => {
      expect(ids(engine, 'majorite')).toEqual(['maj']);
      expect(ids(engine, 'majorité')).toEqual(['maj']);
      expect(ids(engine, 'securite')).toEqual(['secu']);
      expect(ids(engine, 'region')).toEqual(['maj']);
    });

    it('folds accents in phrases, prefixes and fuzzy terms', () => {
      expect(ids(engine, '"majorite des victimes"')).toEqual(['maj']);
      expect(ids(engine, '"majorité"')).toEqual(['maj']);
      expect(ids(engine, 'majorit*')).toEqual(['maj']);
      expect(ids(engine, 'sécu*')).toEqual(['plain', 'secu']);
      expect(ids(engine, 'majorité~1')).toEqual(['maj']);
      expect(ids(engine, '"Ménaka"')).toEqual(['plain', 'secu']);
      expect(ids(engine, 'segou')).toEqual(['maj', 'plain']);
    });

    it('finds a French plural that Snowball leaves whole after a vowel (convois, motos)', () => {
      const plural = engineWith([
        fr('p', 'Les convois et les motos des katibas ont été vus près de Boni.'),
        fr('s', 'Un convoi a été attaqué par un homme à moto.'),
      ]);
      expect(ids(plural, 'convoi')).toEqual(['p', 's']);
      expect(ids(plural, 'convois')).toEqual(['p', 's']);
      expect(ids(plural, 'moto')).toEqual(['p', 's']);
      expect(ids(plural, 'katiba')).toEqual(['p']);
      expect(ids(plural, '"convoi et les moto"')).toEqual(['p']);
    });

    it('folds ligatures as their letters (cœur, manœuvre)', () => {
      const lig = engineWith([fr('c', 'Au cœur de la manœuvre, les soldats ont tenu.')]);
      expect(ids(lig, 'coeur')).toEqual(['c']);
      expect(ids(lig, 'manoeuvre')).toEqual(['c']);
      expect(ids(lig, 'cœur')).toEqual(['c']);
    });
  });

  describe('phrases in a mixed archive', () => {
    const docs = [
      en('gunman', 'Witnesses said a gunman opened fire on the market in Gao.'),
      fr('defense', 'Le ministre de la défense a été reçu à Bamako.'),
      en('la', 'Officials in LA said the vote was delayed.'),
      fr('tue', 'Un soldat a été tué près de Sévaré.'),
    ];

    it('keeps an English phrase with a stop word once a French text holds that word', () => {
      expect(ids(engineWith(docs.filter((d) => d.language === 'en')), '"a gunman opened"')).toEqual([
        'gunman',
      ]);
      expect(ids(engineWith(docs), '"a gunman opened"')).toEqual(['gunman']);
    });

    it('keeps a French phrase with a stop word once an English text holds that word', () => {
      expect(ids(engineWith(docs), '"la défense"')).toEqual(['defense']);
      expect(ids(engineWith(docs), '"ministre de la défense"')).toEqual(['defense']);
      expect(ids(engineWith(docs), '"a été tué"')).toEqual(['tue']);
    });

    it('matches a phrase whose word begins with a letter that folds to no a–z (Øresund)', () => {
      // English trims such a letter off the word's front: the term is "resund".
      const engine = engineWith([en('o', 'The Øresund bridge was closed to traffic.')]);
      expect(ids(engine, '"Øresund bridge"')).toEqual(['o']);
    });

    it('matches phrases on stemmed words, as the words around them are', () => {
      const engine = engineWith([
        en('past', 'Militants attacked the convoy near Tessit.'),
        fr('fr', 'Des jihadistes ont attaqué les convois de la Minusma.'),
      ]);
      expect(ids(engine, '"militants attack"')).toEqual(['past']);
      expect(ids(engine, '"attacking the convoys"')).toEqual(['past']);
      expect(ids(engine, '"attaquer les convois"')).toEqual(['fr']);
      expect(ids(engine, '"attaqué des convois"')).toEqual(['fr']);
      expect(ids(engine, '"convoy attacked"')).toEqual([]);
    });

    it('keeps proximity on stemmed words in each language', () => {
      const engine = engineWith([
        en('en', 'The convoys came under a heavy attack near Tessit.'),
        fr('fr', 'Le convoi a subi une violente attaque près de Tessit.'),
      ]);
      expect(ids(engine, '"attacks convoy"~4')).toEqual(['en']);
      expect(ids(engine, '"attaques convoi"~4')).toEqual(['fr']);
      expect(ids(engine, '"attacks convoy"~1')).toEqual([]);
    });
  });

  describe('names written several ways', () => {
    const engine = createSearchEngine({ entities: null });
    engine.add([
      en('hyphen', 'Al-Mourabitoun claimed the attack.'),
      en('space', 'A statement by Al Mourabitoun was read.'),
      fr('joined', 'Le groupe Almourabitoun a revendiqué l’attentat.'),
      en('jamaat', 'Jama’at Nusrat al-Islam wal-Muslimin fighters were seen.'),
      en('jamaat2', 'Jamaat Nusrat al Islam issued a claim.'),
      en('ansar', 'Ansar-Dine fighters took the town.'),
      en('ansar2', 'Ansar Dine was founded in 2012.'),
      fr('menaka', 'Des combats à Ménaka.'),
      en('menaka2', 'Fighting in Menaka.'),
    ]);

    it('matches the hyphenated, spaced and joined spellings of a name', () => {
      for (const q of ['Al-Mourabitoun', 'Al Mourabitoun', 'Almourabitoun'])
        expect(ids(engine, q), q).toEqual(['hyphen', 'joined', 'space']);
    });

    it('matches names with and without an apostrophe or hyphen', () => {
      expect(ids(engine, 'Jamaat')).toEqual(['jamaat', 'jamaat2']);
      expect(ids(engine, 'Jama’at')).toEqual(['jamaat', 'jamaat2']);
      expect(ids(engine, '"Ansar Dine"')).toEqual(['ansar', 'ansar2']);
      expect(ids(engine, '"Ansar-Dine"')).toEqual(['ansar', 'ansar2']);
      expect(ids(engine, 'Menaka')).toEqual(['menaka', 'menaka2']);
      expect(ids(engine, 'Ménaka')).toEqual(['menaka', 'menaka2']);
    });

    it('keeps the thesaurus working with every spelling', () => {
      const withThesaurus = createSearchEngine();
      withThesaurus.add([
        en('hyphen', 'Al-Mourabitoun claimed the attack.'),
        fr('joined', 'Le groupe Almourabitoun a revendiqué l’attentat.'),
        en('jnim', 'Jamaat Nusrat al-Islam wal Muslimin fighters were seen.'),
        fr('gsim', 'Le GSIM a revendiqué l’attaque.'),
      ]);
      expect(ids(withThesaurus, 'Almourabitoun')).toEqual(['hyphen', 'joined']);
      expect(ids(withThesaurus, 'JNIM')).toEqual(['gsim', 'jnim']);
      const thesaurus = new Thesaurus(SEED_ENTITIES);
      expect(thesaurus.entitiesOfWord('Tombouctou')).toEqual(['place:timbuktu']);
      expect(thesaurus.entitiesOfWord('d’Tombouctou')).toEqual([]); // not an elision: a consonant follows
      expect(thesaurus.entitiesOfWord('l’Almourabitoun')).toEqual(['actor:al-mourabitoun']);
      expect(thesaurus.entitiesOfWord('JNIM’s')).toEqual(thesaurus.entitiesOfWord('JNIM'));
      expect(thesaurus.entitiesOfWord('JNIM').length).toBe(1);
    });
  });

  describe('query languages', () => {
    it('matches a query word in a document only as that document’s language analyses it', () => {
      // The French stemmer makes "min" of "mine", which an English text writes for minutes.
      const engine = engineWith([
        en('minutes', 'The convoy waited 15 min at the checkpoint.'),
        en('mine', 'A mine exploded under the convoy.'),
        fr('fr', 'Une mine a explosé.'),
      ]);
      expect(ids(engine, 'mine')).toEqual(['fr', 'mine']);
      expect(ids(engine, 'knife')).toEqual([]);
    });

    it('still finds a French word in a French document and an English one in an English document', () => {
      const engine = engineWith([
        fr('fr', 'Les attaques se multiplient.'),
        en('en', 'The attacks multiply.'),
      ]);
      expect(ids(engine, 'attaque')).toEqual(['fr']);
      expect(ids(engine, 'attack')).toEqual(['en']);
    });
  });

  describe('highlights', () => {
    it('marks an elided word whole, and a word after a possessive', () => {
      const text = 'L’armée a repoussé l’attaque.';
      const terms = new Set(['arme', 'attaqu']);
      const marks = findHighlights(text, 'fr', terms, new Set(), null).map((r) => text.slice(r.start, r.end));
      expect(marks).toEqual(['L’armée', 'l’attaque']);
      const english = 'Mali’s army moved.';
      const ranges = findHighlights(english, 'en', new Set(['mali']), new Set(), null);
      expect(ranges.map((r) => english.slice(r.start, r.end))).toEqual(['Mali’s']);
    });
  });
});
