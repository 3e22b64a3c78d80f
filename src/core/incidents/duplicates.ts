/**
 * Incidents that may be the same event entered twice, from different sources: the same event
 * type, dates at most two days apart, and places at most 25 km apart (or, where either has no
 * coordinates, the same place name). Merging keeps every claim of both.
 */
import type { Incident } from '../model/types';
import { resolveIncident } from './resolve';
import { nameKey } from '../text/fold';
import { daysApart } from '../model/fields';

export const DUPLICATE_DAYS = 2;
export const DUPLICATE_KM = 25;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const point = (i: Incident) =>
  i.location.latitude !== undefined && i.location.longitude !== undefined
    ? { lat: i.location.latitude, lng: i.location.longitude }
    : undefined;

export function mayBeSameEvent(a: Incident, b: Incident): boolean {
  if (a.id === b.id || a.eventType !== b.eventType) return false;
  if (!(daysApart(a.date, b.date) <= DUPLICATE_DAYS)) return false;
  const pa = point(a);
  const pb = point(b);
  if (pa && pb) return distanceKm(pa, pb) <= DUPLICATE_KM;
  return nameKey(a.location.name) !== '' && nameKey(a.location.name) === nameKey(b.location.name);
}

/** The live incidents that may be the same event as `incident`, nearest in time first. */
export function possibleDuplicates(incident: Incident, all: readonly Incident[]): Incident[] {
  return all
    .filter((other) => other.deletedAt === undefined && mayBeSameEvent(incident, other))
    .sort((x, y) => daysApart(incident.date, x.date) - daysApart(incident.date, y.date));
}

/**
 * `kept` with the claims, sources and tags of `merged` added, resolved again. An incident
 * entered by hand, without claims, contributes its sources and tags; its figures stay in the
 * merged incident's record, which goes to the Trash and can be restored.
 */
export function mergeIncidents(kept: Incident, merged: Incident): Incident {
  const claims = [...(kept.claims ?? []), ...(merged.claims ?? [])];
  return resolveIncident({
    ...kept,
    ...(claims.length ? { claims } : {}),
    sourceIds: [...new Set([...kept.sourceIds, ...merged.sourceIds])],
    tags: [...new Set([...kept.tags, ...merged.tags])],
    description: [kept.description, merged.description].filter(Boolean).join('\n\n'),
    ...(kept.disputed || merged.disputed ? { disputed: true } : {}),
  });
}
