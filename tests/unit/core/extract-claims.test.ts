import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/core/extract/claims';
import { Gazetteer, type GazetteerEntry } from '../../../src/core/extract/places';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';

const article = (name: string) =>
  readFileSync(join(__dirname, '../../../../shared/fixtures/articles', name), 'utf8');

describe('extractClaims', () => {
  it('proposes the date, toll, actors and places of a passage, each where it was read', () => {
    const text =
      'Jama’at Nusrat al-Islam wal-Muslimin fighters killed 15 troops and three civilians near Tombouctou on Wednesday.';
    const claims = extractClaims(text, { publishedAt: '2022-03-11', language: 'en' });
    expect(claims.dates.map((d) => d.date)).toEqual(['2022-03-09']);
    expect(claims.fatalities.map((f) => f.value)).toEqual([18]);
    expect(claims.actors.map((a) => a.name)).toEqual(['JNIM']);
    expect(claims.places.map((p) => p.name)).toContain('Timbuktu');
    for (const found of [...claims.dates, ...claims.fatalities, ...claims.actors, ...claims.places])
      expect(text.slice(found.start, found.end)).toBe(found.text);
  });

  it('gives a place its region and coordinates from the gazetteer', () => {
    const entries = JSON.parse(
      readFileSync(join(__dirname, '../../../resources/gazetteer/sahel.json'), 'utf8'),
    ) as GazetteerEntry[];
    const claims = extractClaims('Au moins 20 civils ont été tués à Tombouctou le 5 mars.', {
      publishedAt: '2022-03-08',
      language: 'fr',
      gazetteer: new Gazetteer(entries, SEED_ENTITIES),
    });
    expect(claims.locations).toMatchObject([
      { name: 'Timbuktu', admin1: 'Tombouctou', country: 'ML', text: 'Tombouctou' },
    ]);
    expect(claims.fatalities).toMatchObject([{ value: 20, bound: 'atLeast' }]);
    expect(claims.dates).toMatchObject([{ date: '2022-03-05' }]);
  });

  it('reads the sample bus attack article against its publication date', () => {
    const text = article('mali-2021-12-bus-attack-mopti.txt');
    const claims = extractClaims(text, { publishedAt: '2021-12-08', language: 'en' });
    expect(claims.dates.map((d) => d.date)).toContain('2021-12-03');
    expect(claims.fatalities.map((f) => `${f.bound} ${f.value}`)).toEqual(
      expect.arrayContaining(['atLeast 31', 'atLeast 30']),
    );
    expect(claims.places.map((p) => p.name)).toContain('Mopti');
  });
});
