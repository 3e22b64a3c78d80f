import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gazetteer, type GazetteerEntry } from '../../../src/core/extract/places';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';
import { BUS_ATTACK } from '../../fixtures/articles';

const entries = JSON.parse(
  readFileSync(join(__dirname, '../../../resources/gazetteer/sahel.json'), 'utf8'),
) as GazetteerEntry[];
const gazetteer = new Gazetteer(entries, SEED_ENTITIES);
const found = (text: string) =>
  gazetteer.find(text).map(({ name, admin1, country, region }) => ({ name, admin1, country, region }));

describe('Gazetteer', () => {
  it('finds towns in English and French spellings, with their region and coordinates', () => {
    const text = 'Gunmen attacked a checkpoint near Tombouctou, then moved towards Segou and Ménaka.';
    const places = gazetteer.find(text);
    expect(places.map((p) => p.name)).toEqual(['Timbuktu', 'Ségou', 'Ménaka']);
    expect(places[0]).toMatchObject({ admin1: 'Tombouctou', country: 'ML', region: false });
    expect(places[0]?.latitude).toBeCloseTo(16.77, 1);
    expect(places[0]?.longitude).toBeCloseTo(-3.01, 1);
    for (const p of places) expect(text.slice(p.start, p.end)).toBe(p.text);
  });

  it('prefers the Malian town to a region or a foreign place of the same name', () => {
    expect(found('The convoy left Gao at dawn.')).toEqual([
      { name: 'Gao', admin1: 'Gao', country: 'ML', region: false },
    ]);
    expect(found('Fighting spread across the Taoudénit region.')).toEqual([
      { name: 'Taoudénit', admin1: 'Taoudénit', country: 'ML', region: true },
    ]);
  });

  it('takes only capitalised words for names', () => {
    expect(found('Residents say the market in gao reopened.')).toEqual([]);
  });

  it('finds the places of the sample bus attack article', () => {
    const text = readFileSync(BUS_ATTACK, 'utf8');
    expect(gazetteer.find(text).map((p) => p.name)).toContain('Mopti');
  });

  it('finds a village the researcher located in the thesaurus, before any shipped place of that name', () => {
    const text = 'Militants attacked Ogossagou, then Sévaré.';
    expect(found(text)).toEqual([]);
    const own = new Gazetteer(entries, [
      ...SEED_ENTITIES,
      {
        id: 'place:ogossagou',
        kind: 'place',
        name: 'Ogossagou',
        aliases: ['Ogossagou-Peul'],
        lat: 14.46,
        lng: -3.3,
        admin1: 'Mopti',
        country: 'ML',
      },
      {
        id: 'place:sevare',
        kind: 'place',
        name: 'Sévaré',
        aliases: [],
        lat: 14.5353,
        lng: -4.0967,
        admin1: 'Mopti',
        country: 'ML',
      },
    ]);
    expect(own.find(text)).toMatchObject([
      { name: 'Ogossagou', admin1: 'Mopti', latitude: 14.46, longitude: -3.3, text: 'Ogossagou' },
      { name: 'Sévaré', admin1: 'Mopti', text: 'Sévaré' },
    ]);
    expect(own.find('They fled from Ogossagou-Peul.')).toMatchObject([{ name: 'Ogossagou' }]);
  });

  it('takes "the Mopti region" and "la région de Ségou" for the region, and "Mopti" alone for the town', () => {
    expect(found('Gunmen attacked a bus in the Mopti region.')).toEqual([
      { name: 'Mopti', admin1: 'Mopti', country: 'ML', region: true },
    ]);
    expect(found('Des hommes armés ont attaqué un village de la région de Ségou.')).toEqual([
      { name: 'Ségou', admin1: 'Ségou', country: 'ML', region: true },
    ]);
    expect(found('Gunmen attacked a bus near Mopti.')).toEqual([
      { name: 'Mopti', admin1: 'Mopti', country: 'ML', region: false },
    ]);
  });
});

describe('a place typed by hand', () => {
  it('is looked up by its name, every place that fits it listed, the likeliest first', () => {
    const [mopti] = gazetteer.lookup('mopti');
    expect(mopti).toMatchObject({
      name: 'Mopti',
      admin1: 'Mopti',
      admin2: 'Mopti',
      country: 'ML',
      region: false,
    });
    expect(mopti?.latitude).toBeCloseTo(14.48, 1);
    // Koro: the Malian town first, then the Ivorian one; the region of Mopti after its town.
    expect(gazetteer.lookup('Koro').map((p) => p.country)).toEqual(['ML', 'CI']);
    expect(gazetteer.lookup('Mopti').map((p) => p.region)).toEqual([false, true]);
    // Other spellings and accents: the thesaurus's and the folded ones.
    expect(gazetteer.lookup('Tombouctou')[0]).toMatchObject({ name: 'Timbuktu', admin1: 'Tombouctou' });
    expect(gazetteer.lookup('Segou')[0]?.name).toBe('Ségou');
    expect(gazetteer.lookup('Sokolo village')).toEqual([]);
    expect(gazetteer.lookup('  ')).toEqual([]);
  });
});
