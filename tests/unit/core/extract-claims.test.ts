import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/core/extract/claims';
import { readIncident } from '../../../src/core/incidents/reading';
import { Gazetteer, type GazetteerEntry } from '../../../src/core/extract/places';
import { SEED_ENTITIES } from '../../../src/core/search/seed-entities';
import { readArticle } from '../../fixtures/articles';

const article = (name: string) => readArticle(name);

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
      expect.arrayContaining(['atLeast 31', 'moreThan 30']),
    );
    expect(claims.places.map((p) => p.name)).toContain('Mopti');
  });

  const gazetteer = () =>
    new Gazetteer(
      JSON.parse(
        readFileSync(join(__dirname, '../../../resources/gazetteer/sahel.json'), 'utf8'),
      ) as GazetteerEntry[],
      SEED_ENTITIES,
    );

  it('reads the bus attack article as a claim of at least 31 killed on 3 December in the Mopti region', () => {
    const options = { publishedAt: '2021-12-08', language: 'en', gazetteer: gazetteer() };
    const claims = extractClaims(article('mali-2021-12-bus-attack-mopti.txt'), options);
    const reading = readIncident(article('mali-2021-12-bus-attack-mopti.txt'), options);
    expect(reading.date).toMatchObject({ date: '2021-12-03', precision: 'day' });
    expect(reading.place).toMatchObject({ admin1: 'Mopti' });
    expect(claims.fatalities[0]).toMatchObject({ value: 31, bound: 'atLeast' });
    expect(claims.locations.map((l) => l.admin1)).toContain('Mopti');
    expect(claims.actors.map((a) => a.name)).toContain('JNIM');
  });

  it('reads the March 2022 article: each attack its date and toll, and no date after publication', () => {
    const claims = extractClaims(article('mali-2022-03-security-deteriorating.txt'), {
      publishedAt: '2022-03-09',
      language: 'en',
      gazetteer: gazetteer(),
    });
    expect(claims.dates.map((d) => d.date)).toEqual(
      expect.arrayContaining(['2022-03-07', '2022-03-05', '2022-03-04']),
    );
    expect(claims.dates.every((d) => d.date <= '2022-03-09')).toBe(true);
    expect(claims.dates.map((d) => d.text)).not.toContain('for several weeks');
    expect(claims.fatalities.map((f) => `${f.bound} ${f.value}`)).toEqual(
      expect.arrayContaining(['exact 27', 'approx 15', 'exact 2']),
    );
    expect(claims.actors.map((a) => a.name)).toEqual(
      expect.arrayContaining(['FAMa', 'MINUSMA', 'Katiba Macina']),
    );
    const places = claims.locations.map((l) => `${l.name}, ${l.admin2 ?? ''}, ${l.admin1}`);
    expect(places).toEqual(expect.arrayContaining(['Gao, Gao, Gao', 'Mopti, Mopti, Mopti']));
    // "Mali" is the country, not the town of that name in Guinea.
    expect(claims.locations.map((l) => l.name)).not.toContain('Mali');
  });

  it('reads the defenceWeb article: the groups under their names, and Ménaka with its cercle', () => {
    const claims = extractClaims(article('mali-terrorist-cells-defenceweb.txt'), {
      publishedAt: '2016-06-01',
      language: 'en',
      gazetteer: gazetteer(),
    });
    expect(claims.actors.map((a) => a.name)).toEqual(
      expect.arrayContaining(['AQIM', 'MUJAO', 'Al-Mourabitoun', 'FAMa']),
    );
    expect(claims.locations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Ménaka', admin1: 'Ménaka', admin2: 'Ménaka' }),
      ]),
    );
    expect(claims.dates.map((d) => `${d.date} ${d.precision}`)).toEqual(
      expect.arrayContaining(['2015-11-01 month', '2016-03-01 month']),
    );
    expect(claims.fatalities).toEqual([]);
  });
});
