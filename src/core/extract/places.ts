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
import { countryCodes } from '../model/countries';
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
 * A country's name (any country's, in English or French, or its ISO code), which reporting
 * writes far more often than the towns that share it (Mali, a town of Guinea; Niger): such a
 * mention is the country, not a place.
 */
const isCountry = (name: string) => countryCodes(name) !== undefined;

/**
 * A name in a place context ("in …", "near …", "the village of …", « à … », « près de … »)
 * that neither the gazetteer nor the thesaurus knows: a village to locate. Its region and
 * country are those of the known place named beside it ("Songho, near Bandiagara"), when one is.
 */
export interface NewPlaceCandidate {
  name: string;
  /** The region and country of the known place beside it (not its district: "near" may cross one). */
  admin1?: string;
  country?: string;
  text: string;
  start: number;
  end: number;
}

const NAME = "\\p{Lu}[\\p{Ll}\\p{M}'’-]+(?:[ -]\\p{Lu}[\\p{Ll}\\p{M}'’-]+)?";
const PLACE_CONTEXT = new RegExp(
  '(?<![\\p{L}])(?:in|near|at|outside|around|close to|the (?:villages?|towns?|localit(?:y|ies)|communes?|hamlets?|camps?) of|' +
    "à|près d(?:e\\s+|['’])|non loin d(?:e\\s+|['’])|aux environs d(?:e\\s+|['’])|" +
    "(?:le|les|du|des|la) (?:villages?|localités?|communes?|hameaux?|camps? militaires?|camps?|ville) d(?:e\\s+|['’]))\\s*" +
    `(${NAME}(?:\\s*,\\s*${NAME})*(?:\\s+(?:and|et)\\s+${NAME})?)`,
  'gu',
);
/** Capitalised words that follow "in" or « à » without being places. */
const NOT_PLACES = new Set(
  [
    'January February March April May June July August September October November December',
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday',
    'The A An This That These Those Its Their His Her Our',
    'Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre',
    'Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche',
    'Le La Les Un Une Des Ce Cette Ces Son Sa Ses Leur Leurs',
    'Africa Afrique Sahel Europe Asia Asie West Ouest North South East Nord Sud Est Central Centre',
  ]
    .join(' ')
    .split(' ')
    .map(nameKey),
);

/**
 * The located place named beside a name, in the same sentence: after it first ("Songho, near
 * Bandiagara", "Tessit, in the Gao region"), else before it.
 */
export function placeBeside(
  text: string,
  span: { start: number; end: number },
  found: readonly PlaceCandidate[],
): PlaceCandidate | undefined {
  const sentenceEnd = text.slice(span.end).search(/[.!?\n]/u);
  const limit = sentenceEnd < 0 ? text.length : span.end + sentenceEnd;
  const sentenceStart = Math.max(text.lastIndexOf('.', span.start), text.lastIndexOf('\n', span.start));
  return (
    found.find((f) => f.start >= span.end && f.start < limit) ??
    [...found].reverse().find((f) => f.end <= span.start && f.start > sentenceStart)
  );
}

function candidateOf(e: GazetteerEntry, at: { text: string; start: number; end: number }): PlaceCandidate {
  return {
    gazetteerId: e.id,
    name: e.name,
    admin1: e.admin1,
    ...(e.admin2 ? { admin2: e.admin2 } : {}),
    country: e.country,
    ...(e.lat !== undefined && e.lng !== undefined ? { latitude: e.lat, longitude: e.lng } : {}),
    region: e.region ?? false,
    ...at,
  };
}

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

  /**
   * Names in a place context that no entry knows, given the places `find` found in the same
   * text; `isKnown` tells the other names to leave out (the thesaurus's actors, countries).
   */
  newPlaces(
    text: string,
    found: readonly PlaceCandidate[],
    isKnown: (name: string) => boolean = () => false,
  ): NewPlaceCandidate[] {
    const out: NewPlaceCandidate[] = [];
    for (const match of text.matchAll(PLACE_CONTEXT)) {
      const list = match[1] ?? '';
      const listStart = match.index + match[0].length - list.length;
      for (const name of list.matchAll(new RegExp(NAME, 'gu'))) {
        const start = listStart + name.index;
        const end = start + name[0].length;
        const words = name[0];
        if (NOT_PLACES.has(nameKey(words.split(/[ -]/u)[0] ?? '')) || isKnown(words)) continue;
        if (found.some((f) => f.start < end && start < f.end)) continue;
        if (out.some((o) => o.start === start)) continue;
        const beside = placeBeside(text, { start, end }, found);
        out.push({
          name: words,
          ...(beside ? { admin1: beside.admin1, country: beside.country } : {}),
          text: words,
          start,
          end,
        });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /**
   * Every place a name typed by hand can be (case, accents and the thesaurus's other names do
   * not matter), the likeliest first: the researcher's own, then Mali's, towns before regions,
   * the more populous first.
   */
  lookup(name: string): PlaceCandidate[] {
    const typed = name.trim();
    if (!typed) return [];
    const ids = new Set(
      this.#thesaurus
        .mentions(typed)
        .filter((m) => m.start === 0 && m.end === typed.length)
        .map((m) => m.entityId),
    );
    return [...ids]
      .map((id) => this.#entries.get(id))
      .filter((e) => e !== undefined)
      .sort((a, b) => rank(a) - rank(b) || (b.population ?? 0) - (a.population ?? 0))
      .map((e) => candidateOf(e, { text: typed, start: 0, end: typed.length }));
  }

  find(text: string): PlaceCandidate[] {
    const byPosition = new Map<number, GazetteerEntry[]>();
    const ends = new Map<number, number>();
    for (const mention of this.#thesaurus.mentions(text)) {
      if (!/^\p{Lu}/u.test(text.slice(mention.start, mention.start + 1))) continue;
      if (isCountry(text.slice(mention.start, mention.end))) continue;
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
      return candidateOf(best, { text: text.slice(start, end), start, end });
    });
  }
}
