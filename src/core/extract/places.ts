/**
 * Places named in a text, found in an offline gazetteer (GeoNames, shipped in
 * resources/gazetteer) and in the thesaurus's places, with their region and coordinates:
 * "Tombouctou" is Timbuktu, in the Tombouctou region, at 16.77, −3.01. Matching ignores case
 * and accents, but a mention must begin with a capital letter, as names do in prose ("say" is
 * not Say, Niger). When a name fits several places, Mali comes first, then towns before
 * regions, then the more populous — except that a place the researcher located in the thesaurus
 * comes before all of them.
 */
import type { Entity } from '../search/seed-entities';
import { Thesaurus } from '../search/thesaurus';
import { nameKey } from '../text/fold';

export interface GazetteerEntry {
  id: string;
  name: string;
  aliases: string[];
  lat?: number;
  lng?: number;
  /** ISO 3166 code. */
  country: string;
  admin1: string;
  /** The area within the region (a Malian cercle, a Burkinabè province), when known. */
  admin2?: string;
  population?: number;
  /** An admin-1 region rather than a town. */
  region?: boolean;
  /** Added by the researcher: chosen before any other place of the same name. */
  own?: boolean;
}

export interface PlaceCandidate {
  gazetteerId: string;
  name: string;
  admin1: string;
  admin2?: string;
  country: string;
  latitude?: number;
  longitude?: number;
  /** True when the place is a region: the location is an area, not a point. */
  region: boolean;
  text: string;
  start: number;
  end: number;
}

/**
 * Names of countries, which reporting writes far more often than the towns that share them
 * (Mali, a town of Guinea; Niger, Guinea): such a mention is the country, not a place.
 */
const COUNTRY_NAMES = new Set(
  [
    'Mali',
    'Niger',
    'Nigeria',
    'Guinea',
    'Guinée',
    'Senegal',
    'Sénégal',
    'Mauritania',
    'Mauritanie',
    'Algeria',
    'Algérie',
    'Burkina Faso',
    'Burkina',
    'Chad',
    'Tchad',
    'Libya',
    'Libye',
    'Ghana',
    'Togo',
    'Benin',
    'Bénin',
  ].map(nameKey),
);

const rank = (e: GazetteerEntry) => (e.own ? -4 : 0) + (e.country === 'ML' ? 0 : 1) * 2 + (e.region ? 1 : 0);

/** A thesaurus place the researcher gave coordinates to, as a gazetteer entry. */
function ownEntry(place: Entity): GazetteerEntry | undefined {
  if (place.kind !== 'place' || place.lat === undefined || place.lng === undefined) return undefined;
  return {
    id: place.id,
    name: place.name,
    aliases: place.aliases,
    lat: place.lat,
    lng: place.lng,
    country: place.country ?? '',
    admin1: place.admin1 ?? '',
    own: true,
  };
}

export class Gazetteer {
  readonly #entries: Map<string, GazetteerEntry>;
  readonly #thesaurus: Thesaurus;

  /** `places` adds other names (the thesaurus's, e.g. Tombouctou) to the entries of the same name. */
  constructor(shipped: readonly GazetteerEntry[], places: readonly Entity[] = []) {
    const own = places.map(ownEntry).filter((e) => e !== undefined);
    const entries = [...own, ...shipped];
    this.#entries = new Map(entries.map((e) => [e.id, e]));
    const byName = new Map<string, GazetteerEntry[]>();
    for (const entry of entries)
      for (const name of [entry.name, ...entry.aliases])
        byName.set(nameKey(name), [...(byName.get(nameKey(name)) ?? []), entry]);
    const extra = new Map<string, string[]>();
    for (const place of places.filter((p) => p.kind === 'place' && !ownEntry(p))) {
      const names = [place.name, ...place.aliases];
      const target = names.flatMap((n) => byName.get(nameKey(n)) ?? []).sort((a, b) => rank(a) - rank(b))[0];
      if (target) extra.set(target.id, [...(extra.get(target.id) ?? []), ...names]);
    }
    this.#thesaurus = new Thesaurus(
      entries.map((e) => ({
        id: e.id,
        kind: 'place',
        name: e.name,
        aliases: [...e.aliases, ...(extra.get(e.id) ?? [])],
      })),
    );
  }

  find(text: string): PlaceCandidate[] {
    const byPosition = new Map<number, GazetteerEntry[]>();
    const ends = new Map<number, number>();
    for (const mention of this.#thesaurus.mentions(text)) {
      if (!/^\p{Lu}/u.test(text.slice(mention.start, mention.start + 1))) continue;
      if (COUNTRY_NAMES.has(nameKey(text.slice(mention.start, mention.end)))) continue;
      const entry = this.#entries.get(mention.entityId);
      if (!entry) continue;
      byPosition.set(mention.start, [...(byPosition.get(mention.start) ?? []), entry]);
      ends.set(mention.start, mention.end);
    }
    return [...byPosition.entries()].map(([start, candidates]) => {
      const end = ends.get(start) ?? start;
      // "the Mopti region", "la région de Mopti": the region, not the town of that name.
      const saysRegion =
        /^\s+region\b/iu.test(text.slice(end, end + 12)) ||
        /r[ée]gion\s+(?:de\s+|du\s+|d['’]\s*)$/iu.test(text.slice(Math.max(0, start - 14), start));
      const regionFirst = (e: GazetteerEntry) => (saysRegion && e.region ? -10 : 0);
      const best = [...candidates].sort(
        (a, b) =>
          regionFirst(a) - regionFirst(b) || rank(a) - rank(b) || (b.population ?? 0) - (a.population ?? 0),
      )[0] as GazetteerEntry;
      return {
        gazetteerId: best.id,
        name: best.name,
        admin1: best.admin1,
        ...(best.admin2 ? { admin2: best.admin2 } : {}),
        country: best.country,
        ...(best.lat !== undefined ? { latitude: best.lat, longitude: best.lng } : {}),
        region: best.region ?? false,
        text: text.slice(start, end),
        start,
        end,
      };
    });
  }
}
