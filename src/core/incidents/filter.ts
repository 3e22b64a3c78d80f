/**
 * Narrowing and ordering incidents: by date range, region, actor, event type, fatality range
 * and the disputed flag; sorted by any column. The same filter narrows the table, the timeline,
 * the map and the incidents among search results.
 */
import type { EventType } from '../model/acled';
import type { Incident, IsoDate } from '../model/types';
import { figureOf } from './resolve';
import { nameKey } from '../text/fold';
import { DAY_MS, dayTime, isoDay } from '../model/fields';

export interface IncidentFilter {
  from?: IsoDate;
  to?: IsoDate;
  /** Admin-1 region, as written on the incidents. */
  region?: string;
  /** An actor on either side (perpetrator or target). */
  actor?: string;
  eventType?: EventType;
  minFatalities?: number;
  maxFatalities?: number;
  disputedOnly?: boolean;
  /** Only incidents holding a conflict from team work (see sync/conflicts.ts). */
  conflictsOnly?: boolean;
}

/**
 * The days an incident may have happened on: its range when the sources give one, the week
 * or the month when its date is only known to that precision, else the day itself.
 */
export function spanOf(incident: Incident): { start: IsoDate; end: IsoDate } {
  const start = incident.date;
  if (incident.dateUntil && incident.dateUntil > start) return { start, end: incident.dateUntil };
  if (incident.datePrecision === 'week') return { start, end: isoDay(dayTime(start) + 6 * DAY_MS) };
  if (incident.datePrecision === 'month') {
    const d = new Date(dayTime(start));
    return { start, end: isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)) };
  }
  return { start, end: start };
}

export const isFiltering = (f: IncidentFilter) =>
  Object.values(f).some((v) => v !== undefined && v !== '' && v !== false);

export function matchesFilter(incident: Incident, f: IncidentFilter): boolean {
  const { start, end } = spanOf(incident);
  // A range that overlaps the chosen dates is kept: the incident may have happened within them.
  if (f.from && end < f.from) return false;
  if (f.to && start > f.to) return false;
  if (f.region && nameKey(incident.location.admin1) !== nameKey(f.region)) return false;
  if (f.actor && ![incident.perpetrator, incident.target].some((a) => nameKey(a) === nameKey(f.actor ?? '')))
    return false;
  if (f.eventType && incident.eventType !== f.eventType) return false;
  const figure = figureOf(incident.fatalities);
  if (f.minFatalities !== undefined && (figure === undefined || figure < f.minFatalities)) return false;
  if (f.maxFatalities !== undefined && (figure === undefined || figure > f.maxFatalities)) return false;
  if (f.disputedOnly && !incident.disputed) return false;
  if (f.conflictsOnly && !incident.conflicts) return false;
  return true;
}

/** The regions and actors the incidents name, for the filters' choices. */
export function filterChoices(incidents: readonly Incident[]): { regions: string[]; actors: string[] } {
  const distinct = (values: string[]) => {
    const byKey = new Map<string, string>();
    for (const v of values) if (v.trim() && !byKey.has(nameKey(v))) byKey.set(nameKey(v), v.trim());
    return [...byKey.values()].sort((a, b) => a.localeCompare(b));
  };
  return {
    regions: distinct(incidents.map((i) => i.location.admin1)),
    actors: distinct(incidents.flatMap((i) => [i.perpetrator, i.target])),
  };
}

export type SortKey = 'date' | 'location' | 'region' | 'eventType' | 'perpetrator' | 'fatalities';

export function sortIncidents(incidents: readonly Incident[], key: SortKey, descending: boolean): Incident[] {
  const value = (i: Incident): string | number => {
    switch (key) {
      case 'date':
        return i.date;
      case 'location':
        return nameKey(i.location.name);
      case 'region':
        return nameKey(i.location.admin1);
      case 'eventType':
        return i.eventType;
      case 'perpetrator':
        return nameKey(i.perpetrator);
      case 'fatalities':
        return figureOf(i.fatalities) ?? -1;
    }
  };
  const sign = descending ? -1 : 1;
  return [...incidents].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.date.localeCompare(b.date) || a.id.localeCompare(b.id);
  });
}
