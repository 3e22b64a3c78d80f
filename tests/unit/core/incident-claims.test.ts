import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addClaim,
  applyManualEdit,
  disagreements,
  resolveIncident,
  setRule,
} from '../../../src/core/incidents/resolve';
import { distanceKm, mergeIncidents, possibleDuplicates } from '../../../src/core/incidents/duplicates';
import { describeFatalities, fatalitiesOf } from '../../../src/core/incidents/propose';
import { readIncident } from '../../../src/core/incidents/reading';
import { extractClaims } from '../../../src/core/extract/claims';
import { filterChoices, matchesFilter, sortIncidents, spanOf } from '../../../src/core/incidents/filter';
import { claim, incident } from '../factories';
import { BUS_ATTACK } from '../../fixtures/articles';

const sevare = { name: 'Sévaré', admin1: 'Mopti', country: 'ML', latitude: 14.5353, longitude: -4.0967 };
const mopti = { name: 'Mopti', admin1: 'Mopti', country: 'ML', latitude: 14.4843, longitude: -4.1827 };
const gao = { name: 'Gao', admin1: 'Gao', country: 'ML', latitude: 16.2717, longitude: -0.0447 };

/** Two outlets on the bus attack: one says at least 31 on 3 December, the other more than 30 on the 4th. */
function busAttack() {
  const first = claim({
    sourceId: 'aljazeera',
    date: '2021-12-03',
    datePrecision: 'day',
    location: mopti,
    perpetrator: 'JNIM',
    fatalities: fatalitiesOf({ kind: 'fatalities', value: 31, bound: 'atLeast', text: '', start: 0, end: 0 }),
    quotes: { fatalities: 'at least 31 people', date: 'on Friday' },
  });
  const second = claim({
    sourceId: 'france24',
    date: '2021-12-04',
    datePrecision: 'day',
    location: mopti,
    perpetrator: 'JNIM',
    fatalities: fatalitiesOf({
      kind: 'fatalities',
      value: 30,
      bound: 'moreThan',
      text: '',
      start: 0,
      end: 0,
    }),
    quotes: { fatalities: 'more than 30' },
  });
  return { first, second };
}

describe('resolving an incident from its claims', () => {
  it('takes the one claim it has, and records that claim as the source of every field', () => {
    const { first } = busAttack();
    const resolved = resolveIncident(incident({ fatalities: {}, perpetrator: '', claims: [first] }));
    expect(resolved.fatalities).toEqual({ low: 31, best: 31, high: 31 });
    expect(resolved.date).toBe('2021-12-03');
    expect(resolved.location.name).toBe('Mopti');
    expect(resolved.perpetrator).toBe('JNIM');
    expect(resolved.provenance).toMatchObject({ fatalities: first.id, date: first.id, location: first.id });
    expect(resolved.sourceIds).toEqual(['aljazeera']);
  });

  it('finds where two claims disagree (the 3rd against the 4th) and not where they agree (at least 31 is more than 30)', () => {
    const { first, second } = busAttack();
    expect(disagreements([first, second])).toEqual(['date']);
    const third = claim({ sourceId: 'rfi', fatalities: { best: 40 } });
    expect(disagreements([first, second, third])).toEqual(['date', 'fatalities']);
  });

  it('is most conservative as ACLED codes (lowest figure, earliest date), best estimate as UCDP does', () => {
    const { first, second } = busAttack();
    const third = claim({ sourceId: 'rfi', date: '2021-12-04', fatalities: { best: 40 } });
    const fourth = claim({ sourceId: 'bbc', fatalities: { best: 27 } });
    let resolved = addClaim(
      addClaim(addClaim(addClaim(incident({ claims: [] }), first), second), third),
      fourth,
    );
    // By default: best estimate, the middle figure (31 of 27, 31, 31, 40) and the date most sources give.
    expect(resolved.fatalities).toEqual({ low: 27, best: 31, high: 40 });
    expect(resolved.provenance?.fatalities).toBe(first.id);
    expect(resolved.date).toBe('2021-12-04');
    expect(resolved.provenance?.date).toBe(second.id);

    resolved = setRule(setRule(resolved, 'fatalities', 'conservative'), 'date', 'conservative');
    expect(resolved.fatalities.best).toBe(27);
    expect(resolved.provenance?.fatalities).toBe(fourth.id);
    expect(resolved.date).toBe('2021-12-03');
    expect(resolved.provenance?.date).toBe(first.id);
    expect(resolved.sourceIds).toEqual(['aljazeera', 'france24', 'rfi', 'bbc']);
  });

  it('keeps a manual value when claims change, and a hand edit makes the field manual', () => {
    const { first, second } = busAttack();
    const stored = resolveIncident(incident({ claims: [first] }));
    const edited = applyManualEdit(stored, { ...stored, fatalities: { best: 33 } });
    expect(edited.rules?.fatalities).toBe('manual');
    expect(edited.rules?.date).toBeUndefined();
    expect(edited.claims).toEqual([first]);
    const later = addClaim(edited, second);
    expect(later.fatalities).toEqual({ best: 33 });
    // The date is still resolved: the earliest of the two most-reported (a tie goes to the first).
    expect(later.date).toBe('2021-12-03');
  });
});

describe('possible duplicates', () => {
  it('measures distances on the globe', () => {
    expect(
      distanceKm(
        { lat: mopti.latitude, lng: mopti.longitude },
        { lat: sevare.latitude, lng: sevare.longitude },
      ),
    ).toBeCloseTo(10.9, 0);
    expect(
      distanceKm({ lat: mopti.latitude, lng: mopti.longitude }, { lat: gao.latitude, lng: gao.longitude }),
    ).toBeGreaterThan(400);
  });

  it('suggests incidents of the same type within two days and 25 km, and nothing else', () => {
    const base = incident({ date: '2021-12-03', location: mopti });
    const near = incident({ date: '2021-12-05', location: sevare });
    const tooLate = incident({ date: '2021-12-06', location: mopti });
    const tooFar = incident({ date: '2021-12-03', location: gao });
    const otherType = incident({ date: '2021-12-03', location: mopti, eventType: 'Battles' });
    const trashed = incident({ date: '2021-12-03', location: mopti, deletedAt: 5 });
    const sameNameNoCoordinates = incident({
      date: '2021-12-02',
      location: { name: 'MOPTI', admin1: '', country: '' },
    });
    const all = [base, near, tooLate, tooFar, otherType, trashed, sameNameNoCoordinates];
    expect(possibleDuplicates(base, all).map((i) => i.id)).toEqual([sameNameNoCoordinates.id, near.id]);
  });

  it('merges two incidents keeping every claim of both', () => {
    const { first, second } = busAttack();
    const a = resolveIncident(incident({ claims: [first], tags: ['bus'] }));
    const b = resolveIncident(incident({ claims: [second], tags: ['Mopti'], disputed: true }));
    const merged = mergeIncidents(a, b);
    expect(merged.id).toBe(a.id);
    expect(merged.claims?.map((c) => c.id)).toEqual([first.id, second.id]);
    expect(merged.sourceIds).toEqual(['aljazeera', 'france24']);
    expect(merged.tags).toEqual(['bus', 'Mopti']);
    expect(merged.disputed).toBe(true);
  });
});

describe('assisted proposals', () => {
  it('reads figures as ranges', () => {
    const at = (value: number, bound: 'exact' | 'atLeast' | 'moreThan' | 'atMost' | 'approx') =>
      fatalitiesOf({ kind: 'fatalities', value, bound, text: '', start: 0, end: 0 });
    expect(at(31, 'atLeast')).toEqual({ low: 31, best: 31 });
    // ACLED and UCDP read "more than 30" as 31 at least: it agrees with "at least 31".
    expect(at(30, 'moreThan')).toEqual({ low: 31, best: 31 });
    expect(
      disagreements([claim({ fatalities: at(31, 'atLeast') }), claim({ fatalities: at(30, 'moreThan') })]),
    ).toEqual([]);
    // "up to 40" bounds the figure from above and says nothing of the least.
    expect(at(40, 'atMost')).toEqual({ high: 40 });
    expect(describeFatalities(at(40, 'atMost'))).toBe('≤ 40');
    expect(at(12, 'approx')).toEqual({ best: 12 });
    expect(describeFatalities(at(31, 'atLeast'))).toBe('≥ 31');
    expect(describeFatalities(at(18, 'exact'))).toBe('18');
  });

  it('reads the sample bus attack article whole: the event of its lead, not its commentary', () => {
    const text = readFileSync(BUS_ATTACK, 'utf8');
    const reading = readIncident(text, { publishedAt: '2021-12-08', language: 'en' });
    expect(reading.eventType).toMatchObject({
      eventType: 'Violence against civilians',
      subEventType: 'Attack',
    });
    expect(reading.date?.date).toBe('2021-12-03');
    expect(reading.fatalities?.figures).toEqual({ low: 31, best: 31 });
    expect(reading.perpetrator?.name).toBe('Unidentified armed group');
    expect(reading.target?.name).toBe('Civilians');
  });

  it('types the event by what happened, not by single words', () => {
    const type = (text: string, language = 'en') => {
      const r = readIncident(text, { publishedAt: '2022-03-10', language }).eventType;
      return r && `${r.eventType}/${r.subEventType}`;
    };
    expect(type('Un engin explosif a frappé un convoi près de Gao', 'fr')).toBe(
      'Explosions/Remote violence/Remote explosive/landmine/IED',
    );
    // Civilians named beside an attack on soldiers do not make it violence against civilians.
    expect(
      type('Jihadists attacked an army camp on Tuesday, killing 4 soldiers; civilians fled the town.'),
    ).toBe('Battles/Armed clash');
    expect(type('Soldiers killed 20 villagers on Monday.')).toBe('Violence against civilians/Attack');
    expect(type('The weather was fine.')).toBeUndefined();
  });

  it('turns the bus attack passage into a claim of at least 31 killed on 3 December in the Mopti region', () => {
    const passage =
      'At least 31 people have been killed after gunmen attacked a bus in central Mali on Friday, in the Mopti region.';
    const found = extractClaims(passage, { publishedAt: '2021-12-08', language: 'en' });
    const fatalities = found.fatalities[0];
    expect(fatalities && fatalitiesOf(fatalities)).toEqual({ low: 31, best: 31 });
    expect(found.dates[0]?.date).toBe('2021-12-03');
  });
});

describe('filtering incidents', () => {
  const a = incident({
    date: '2021-12-03',
    location: { name: 'Bandiagara', admin1: 'Mopti', country: 'Mali' },
    perpetrator: 'JNIM',
    target: 'Civilians',
    fatalities: { best: 31 },
  });
  const b = incident({
    date: '2022-03-01',
    datePrecision: 'month',
    location: { name: 'Mondoro', admin1: 'mopti', country: 'Mali' },
    eventType: 'Battles',
    perpetrator: 'Islamic State Sahel',
    target: 'FAMa',
    fatalities: { best: 27 },
    disputed: true,
  });
  const c = incident({
    date: '2022-06-18',
    dateUntil: '2022-06-19',
    location: { name: 'Diallassagou', admin1: 'Bandiagara', country: 'Mali' },
    perpetrator: 'Katiba Macina',
    fatalities: {},
  });
  const ids = (f: Parameters<typeof matchesFilter>[1]) =>
    [a, b, c].filter((i) => matchesFilter(i, f)).map((i) => i.id);

  it('narrows by dates, keeping an incident known only to the month when the range reaches into it', () => {
    expect(ids({ from: '2022-03-20', to: '2022-06-18' })).toEqual([b.id, c.id]);
    expect(spanOf(b)).toEqual({ start: '2022-03-01', end: '2022-03-31' });
    expect(spanOf(c)).toEqual({ start: '2022-06-18', end: '2022-06-19' });
    expect(ids({ to: '2021-12-31' })).toEqual([a.id]);
  });

  it('narrows by region (whatever its case), actor on either side, type, figures and the disputed flag', () => {
    expect(ids({ region: 'Mopti' })).toEqual([a.id, b.id]);
    expect(ids({ actor: 'fama' })).toEqual([b.id]);
    expect(ids({ eventType: 'Battles' })).toEqual([b.id]);
    expect(ids({ minFatalities: 28 })).toEqual([a.id]);
    expect(ids({ maxFatalities: 30 })).toEqual([b.id]);
    expect(ids({ disputedOnly: true })).toEqual([b.id]);
    expect(filterChoices([a, b, c])).toEqual({
      regions: ['Bandiagara', 'Mopti'],
      actors: ['Civilians', 'FAMa', 'Islamic State Sahel', 'JNIM', 'Katiba Macina'],
    });
  });

  it('sorts by any column, unknown figures last when descending', () => {
    expect(sortIncidents([a, b, c], 'fatalities', true).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect(sortIncidents([a, b, c], 'location', false).map((i) => i.location.name)).toEqual([
      'Bandiagara',
      'Diallassagou',
      'Mondoro',
    ]);
  });
});

describe('the place most reports give', () => {
  it('on a tie, keeps the most precise location: a point before a district, a district before a region', () => {
    const region = { name: 'Mopti', admin1: 'Mopti', country: 'Mali', region: true };
    const district = { name: 'Bandiagara', admin1: 'Mopti', admin2: 'Bandiagara', country: 'Mali' };
    const point = { ...district, latitude: 14.35, longitude: -3.61 };
    const vague = claim({ sourceId: 'a', location: region });
    const middle = claim({ sourceId: 'b', location: { ...district, name: 'Bandiagara cercle' } });
    const precise = claim({ sourceId: 'c', location: point });
    let resolved = addClaim(addClaim(incident({ claims: [] }), vague), precise);
    expect(resolved.location).toMatchObject({ name: 'Bandiagara', latitude: 14.35 });
    expect(resolved.provenance?.location).toBe(precise.id);
    resolved = addClaim(addClaim(incident({ claims: [] }), vague), middle);
    expect(resolved.location.name).toBe('Bandiagara cercle');
    // More reports still win over precision.
    const again = claim({ sourceId: 'd', location: region });
    resolved = addClaim(addClaim(addClaim(incident({ claims: [] }), vague), precise), again);
    expect(resolved.location.name).toBe('Mopti');
  });
});
