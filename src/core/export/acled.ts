/**
 * Incidents as ACLED data: the 31 columns of ACLED's current export, in its order and
 * spelling, so the file can sit beside ACLED's own; a sidecar with what ACLED has no column
 * for (the low, best and high figures, injuries, the sources and their ids, the disputed flag,
 * which report each field came from, and the reports themselves); and GeoJSON for a GIS.
 * Fatalities follow ACLED's rule, the most conservative figure reported, unless the
 * researcher chose another rule for an incident resolved from reports.
 *
 * Cells that a spreadsheet would read as a formula (=, +, -, @ …) are escaped: a hostile
 * source title must not run in the analyst's spreadsheet.
 */
import Papa from 'papaparse';
import type { EventType } from '../model/acled';
import type { ClaimField, DatePrecision, Incident, SourceSummary } from '../model/types';
import { describeFatalities } from '../incidents/propose';
import { countryCodes } from '../model/countries';

export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

export const SIDECAR_COLUMNS = [
  'event_id_cnty',
  'fieldbook_id',
  'fatalities_low',
  'fatalities_best',
  'fatalities_high',
  'injured',
  'source_ids',
  'source_titles',
  'disputed',
  'fatalities_rule',
  'provenance',
  'claims',
] as const;

type AcledRow = Record<(typeof ACLED_COLUMNS)[number], string | number>;
type SidecarRow = Record<(typeof SIDECAR_COLUMNS)[number], string | number>;

const DISORDER: Record<EventType, string> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};

const TIME_PRECISION: Record<DatePrecision, number> = { day: 1, week: 2, month: 3 };

/** The most conservative figure reported, as ACLED records it. */
export function conservativeFatalities({ low, best, high }: Incident['fatalities']): number {
  return low ?? best ?? high ?? 0;
}

/**
 * The figure for ACLED's column: for an incident resolved from reports, the one its rule
 * chose (most conservative, as ACLED does, or the best estimate); for one entered by hand,
 * the most conservative figure entered.
 */
export function exportedFatalities(incident: Incident): number {
  const resolved = incident.provenance?.fatalities !== undefined || incident.rules?.fatalities !== undefined;
  return resolved
    ? (incident.fatalities.best ?? conservativeFatalities(incident.fatalities))
    : conservativeFatalities(incident.fatalities);
}

/** A stable id in ACLED's shape: the country's alpha-3 code, then a number from the record's id. */
export function eventId(incident: Incident): string {
  const prefix = countryCodes(incident.location.country)?.alpha3 ?? 'XXX';
  const digits = Number.parseInt(incident.id.replace(/[^0-9a-f]/gi, '').slice(0, 8) || '0', 16);
  return `${prefix}${digits}`;
}

export function acledRow(incident: Incident, sources: ReadonlyMap<string, SourceSummary>): AcledRow {
  const country = countryCodes(incident.location.country);
  const linked = incident.sourceIds.map((id) => sources.get(id)).filter((s): s is SourceSummary => !!s);
  const { latitude, longitude } = incident.location;
  const civilians = incident.eventType === 'Violence against civilians' || /civilian/i.test(incident.target);
  return {
    event_id_cnty: eventId(incident),
    event_date: incident.date,
    year: Number(incident.date.slice(0, 4)),
    time_precision: TIME_PRECISION[incident.datePrecision],
    disorder_type: DISORDER[incident.eventType],
    event_type: incident.eventType,
    sub_event_type: incident.subEventType,
    actor1: incident.perpetrator,
    assoc_actor_1: '',
    inter1: '',
    actor2: incident.target,
    assoc_actor_2: '',
    inter2: '',
    interaction: '',
    civilian_targeting: civilians ? 'Civilian targeting' : '',
    iso: country?.iso ?? '',
    region: country?.region ?? '',
    country: incident.location.country,
    admin1: incident.location.admin1,
    admin2: incident.location.admin2 ?? '',
    admin3: '',
    location: incident.location.name,
    latitude: latitude ?? '',
    longitude: longitude ?? '',
    // 1: the town itself, when its coordinates are known; 3: only its region is known.
    geo_precision: incident.location.region ? 3 : latitude !== undefined && longitude !== undefined ? 1 : '',
    source: [...new Set(linked.map((s) => s.publisher || s.title))].join('; '),
    source_scale: '',
    notes: incident.description,
    fatalities: exportedFatalities(incident),
    tags: incident.tags.join('; '),
    timestamp: Math.floor(incident.updatedAt / 1000),
  };
}

function sidecarRow(incident: Incident, sources: ReadonlyMap<string, SourceSummary>): SidecarRow {
  const { low, best, high } = incident.fatalities;
  const claims = incident.claims ?? [];
  const titleOf = (id: string) => sources.get(id)?.title ?? id;
  return {
    event_id_cnty: eventId(incident),
    fieldbook_id: incident.id,
    fatalities_low: low ?? '',
    fatalities_best: best ?? '',
    fatalities_high: high ?? '',
    injured: incident.injured ?? '',
    source_ids: incident.sourceIds.join('; '),
    source_titles: incident.sourceIds.map((id) => sources.get(id)?.title ?? '').join('; '),
    disputed: incident.disputed ? 'yes' : '',
    fatalities_rule: incident.claims?.length ? (incident.rules?.fatalities ?? 'best') : '',
    provenance: Object.entries(incident.provenance ?? {})
      .map(([field, claimId]) => {
        const claim = claims.find((c) => c.id === claimId);
        if (!claim) return '';
        const quote = claim.quotes[field as ClaimField];
        return `${field}: ${titleOf(claim.sourceId)}${quote ? ` “${quote}”` : ''}`;
      })
      .filter(Boolean)
      .join('; '),
    claims: claims
      .map((c) =>
        [
          titleOf(c.sourceId),
          c.date ?? '',
          c.location?.name ?? '',
          describeFatalities(c.fatalities),
          c.perpetrator ?? '',
        ].join(', '),
      )
      .join(' | '),
  };
}

/**
 * A CSV file in UTF-8 that begins with a byte-order mark, as ACLED's own files do: without it,
 * Excel on Windows reads the bytes as its legacy code page and shows “Ségou” as “SÃ©gou”.
 */
const csv = (columns: readonly string[], rows: object[]) =>
  Papa.BYTE_ORDER_MARK +
  Papa.unparse(
    { fields: [...columns], data: rows.map((r) => columns.map((c) => r[c as keyof typeof r])) },
    {
      escapeFormulae: true,
      newline: '\r\n',
    },
  );

/** The ACLED file and its sidecar, oldest event first. */
export function acledExport(
  incidents: readonly Incident[],
  sources: readonly SourceSummary[],
): { events: string; sidecar: string } {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ordered = [...incidents].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return {
    events: csv(
      ACLED_COLUMNS,
      ordered.map((i) => acledRow(i, byId)),
    ),
    sidecar: csv(
      SIDECAR_COLUMNS,
      ordered.map((i) => sidecarRow(i, byId)),
    ),
  };
}

/**
 * Incidents with coordinates as GeoJSON points (RFC 7946: WGS 84 longitude and latitude, no
 * `crs`); the others are counted, not placed.
 */
export function incidentsGeoJson(
  incidents: readonly Incident[],
  sources: readonly SourceSummary[],
): { geojson: string; unplaced: number } {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const placed = incidents.filter(
    (i) => i.location.latitude !== undefined && i.location.longitude !== undefined,
  );
  // A value missing is null: an empty string would make GDAL (and so QGIS) read a numeric
  // column such as `iso` as text as soon as one incident lacks it.
  const present = (row: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === '' ? null : value]));
  const features = placed.map((i) => ({
    type: 'Feature',
    id: i.id,
    geometry: { type: 'Point', coordinates: [i.location.longitude, i.location.latitude] },
    properties: present({ ...acledRow(i, byId), ...sidecarRow(i, byId) }),
  }));
  return {
    geojson: JSON.stringify({ type: 'FeatureCollection', features }, null, 2),
    unplaced: incidents.length - placed.length,
  };
}
