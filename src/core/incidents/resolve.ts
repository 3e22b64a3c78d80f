/**
 * An incident resolved from its claims. Each source's account (a claim) gives some of the
 * fields; where they disagree, a rule per field chooses: the most conservative figure and the
 * earliest date, as ACLED codes them; the best estimate, as UCDP does (the middle figure, the
 * date or place most sources give); or the researcher's own value. The incident records which
 * claim supplied each field, so that every value can be traced back to the words behind it.
 */
import type {
  Claim,
  ClaimField,
  Fatalities,
  Incident,
  IncidentLocation,
  ResolutionRule,
} from '../model/types';
import { CLAIM_FIELDS } from '../model/types';
import { nameKey } from '../text/fold';

/** The fields whose rule can be "most conservative"; the others are chosen by most sources. */
export const RANKED_FIELDS: readonly ClaimField[] = ['date', 'fatalities', 'injured'];

export function rulesFor(field: ClaimField): readonly ResolutionRule[] {
  return RANKED_FIELDS.includes(field) ? ['conservative', 'best', 'manual'] : ['best', 'manual'];
}

export const ruleOf = (incident: Incident, field: ClaimField): ResolutionRule =>
  incident.rules?.[field] ?? 'best';

/** A name as claims are compared by: its name key, with punctuation and runs of spaces as one space. */
const fold = (s: string) =>
  nameKey(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The figure a claim gives: its best estimate, else the bound it states. */
export const figureOf = (f: Fatalities): number | undefined => f.best ?? f.low ?? f.high;

/**
 * What a claim says about a field, as a key that equal accounts share (`undefined` when the
 * claim says nothing about it). Two claims disagree on a field when their keys differ.
 */
export function claimKey(claim: Claim, field: ClaimField): string | undefined {
  switch (field) {
    case 'date':
      return claim.date ? `${claim.date}/${claim.dateUntil ?? ''}` : undefined;
    case 'location':
      return claim.location?.name ? fold(claim.location.name) : undefined;
    case 'perpetrator':
    case 'target': {
      const value = claim[field];
      return value ? fold(value) : undefined;
    }
    case 'fatalities': {
      const { low, best, high } = claim.fatalities;
      return figureOf(claim.fatalities) === undefined
        ? undefined
        : `${low ?? ''}/${best ?? ''}/${high ?? ''}`;
    }
    case 'injured':
      return claim.injured === undefined ? undefined : String(claim.injured);
  }
}

/** The fields on which at least two claims give different accounts. */
export function disagreements(claims: readonly Claim[]): ClaimField[] {
  return CLAIM_FIELDS.filter((field) => {
    const keys = new Set(claims.map((c) => claimKey(c, field)).filter((k) => k !== undefined));
    return keys.size > 1;
  });
}

/**
 * How precisely a claim places the event: coordinates, then a district, then a region's
 * name only (ACLED's geo-precision 1, 2, 3), then a region given as the area.
 */
function precisionOf(claim: Claim): number {
  const l = claim.location;
  if (!l) return 0;
  if (l.latitude !== undefined && l.longitude !== undefined) return 4;
  if (l.region) return 1;
  return l.admin2 ? 3 : 2;
}

/**
 * The claim most others agree with. A tie goes to the most precise place (for the location),
 * then to the claim entered first.
 */
function mostReported(claims: readonly Claim[], field: ClaimField): Claim | undefined {
  const counts = new Map<string, number>();
  for (const c of claims) {
    const key = claimKey(c, field);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let chosen: Claim | undefined;
  let most = 0;
  for (const c of claims) {
    const n = counts.get(claimKey(c, field) ?? '') ?? 0;
    const finer = field === 'location' && chosen && n === most && precisionOf(c) > precisionOf(chosen);
    if (n > most || finer) [chosen, most] = [c, n];
  }
  return chosen;
}

/** The claim with the lowest value, or the middle one (the lower of two middles). */
function ranked(
  claims: readonly Claim[],
  value: (c: Claim) => number | string | undefined,
  rule: 'conservative' | 'best',
): Claim | undefined {
  const giving = claims
    .map((c, i) => ({ c, i, v: value(c) }))
    .filter((x): x is { c: Claim; i: number; v: number | string } => x.v !== undefined)
    .sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.i - b.i));
  if (giving.length === 0) return undefined;
  const at = rule === 'conservative' ? 0 : Math.floor((giving.length - 1) / 2);
  return giving[at]?.c;
}

function chooseClaim(claims: readonly Claim[], field: ClaimField, rule: ResolutionRule): Claim | undefined {
  if (rule === 'manual') return undefined;
  switch (field) {
    case 'fatalities':
      return ranked(claims, (c) => figureOf(c.fatalities), rule);
    case 'injured':
      return ranked(claims, (c) => c.injured, rule);
    case 'date':
      return rule === 'conservative' ? ranked(claims, (c) => c.date, rule) : mostReported(claims, field);
    default:
      return mostReported(claims, field);
  }
}

/** The range every claim together spans, around the chosen figure. */
function spannedFatalities(claims: readonly Claim[], chosen: Fatalities): Fatalities {
  const best = figureOf(chosen);
  if (best === undefined) return {};
  const lows = claims.map((c) => c.fatalities.low ?? figureOf(c.fatalities)).filter((v) => v !== undefined);
  const highs = claims.map((c) => c.fatalities.high ?? figureOf(c.fatalities)).filter((v) => v !== undefined);
  const low = Math.min(best, ...lows);
  const high = Math.max(best, ...highs);
  return { low, best, high };
}

/**
 * The incident with every field that a rule resolves taken from its claims, and the claim
 * that supplied it recorded. Fields set to "manual", and fields no claim gives, keep the
 * incident's own value. The sources of the claims are added to the incident's sources.
 */
export function resolveIncident(incident: Incident): Incident {
  const claims = incident.claims ?? [];
  if (claims.length === 0) return incident;
  const next: Incident = { ...incident, location: { ...incident.location } };
  const provenance: Partial<Record<ClaimField, string>> = {};
  for (const field of CLAIM_FIELDS) {
    const rule = ruleOf(incident, field);
    const claim = chooseClaim(claims, field, rule);
    if (!claim) {
      // A manual value keeps the claim it was confirmed from, if it still matches one.
      const kept = incident.provenance?.[field];
      if (rule === 'manual' && kept && claims.some((c) => c.id === kept)) provenance[field] = kept;
      continue;
    }
    provenance[field] = claim.id;
    switch (field) {
      case 'date':
        next.date = claim.date ?? next.date;
        next.datePrecision = claim.datePrecision ?? next.datePrecision;
        if (claim.dateUntil) next.dateUntil = claim.dateUntil;
        else delete next.dateUntil;
        break;
      case 'location':
        if (claim.location) next.location = { ...claim.location };
        break;
      case 'perpetrator':
        next.perpetrator = claim.perpetrator ?? '';
        break;
      case 'target':
        next.target = claim.target ?? '';
        break;
      case 'fatalities':
        next.fatalities = spannedFatalities(claims, claim.fatalities);
        break;
      case 'injured':
        if (claim.injured !== undefined) next.injured = claim.injured;
        break;
    }
  }
  next.provenance = provenance;
  next.sourceIds = [...new Set([...incident.sourceIds, ...claims.map((c) => c.sourceId)])];
  return next;
}

/** The incident's value of a field, as claimKey would write it for a claim. */
function incidentKey(incident: Incident, field: ClaimField): string | undefined {
  const asClaim: Claim = {
    id: '',
    sourceId: '',
    passageIds: [],
    date: incident.date,
    location: incident.location,
    perpetrator: incident.perpetrator,
    target: incident.target,
    fatalities: incident.fatalities,
    ...(incident.injured !== undefined ? { injured: incident.injured } : {}),
    quotes: {},
    createdAt: 0,
  };
  return claimKey(asClaim, field);
}

const sameLocation = (a: IncidentLocation, b: IncidentLocation) =>
  a.name === b.name &&
  a.admin1 === b.admin1 &&
  (a.admin2 ?? '') === (b.admin2 ?? '') &&
  a.country === b.country &&
  a.latitude === b.latitude &&
  a.longitude === b.longitude &&
  Boolean(a.region) === Boolean(b.region);

/**
 * An incident edited by hand: every field the researcher changed from its resolved value is
 * from then on manual, so that no later claim overwrites it. Claims, rules and the disputed
 * flag are kept from the stored incident.
 */
export function applyManualEdit(stored: Incident, edited: Incident): Incident {
  const rules = { ...stored.rules };
  for (const field of CLAIM_FIELDS) {
    const changed =
      incidentKey(stored, field) !== incidentKey(edited, field) ||
      (field === 'location' && !sameLocation(stored.location, edited.location)) ||
      (field === 'date' && stored.datePrecision !== edited.datePrecision);
    if (changed && stored.claims?.length) rules[field] = 'manual';
  }
  const merged: Incident = {
    ...edited,
    ...(stored.claims ? { claims: stored.claims } : {}),
    ...(stored.provenance ? { provenance: stored.provenance } : {}),
    ...(stored.disputed !== undefined ? { disputed: stored.disputed } : {}),
    ...(Object.keys(rules).length ? { rules } : {}),
  };
  return resolveIncident(merged);
}

/** An incident with a claim added, resolved again. */
export function addClaim(incident: Incident, claim: Claim): Incident {
  return resolveIncident({ ...incident, claims: [...(incident.claims ?? []), claim] });
}

/** An incident with one field's rule changed, resolved again. */
export function setRule(incident: Incident, field: ClaimField, rule: ResolutionRule): Incident {
  return resolveIncident({ ...incident, rules: { ...incident.rules, [field]: rule } });
}
