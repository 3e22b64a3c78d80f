/**
 * Assisted extraction: from a passage (or a whole source), the dates, casualty figures,
 * actors and places a claim could be built from — candidates for the researcher to confirm or
 * correct, never saved by themselves. Every candidate keeps its character offsets in the text.
 * Actors and places come from the thesaurus the search engine shares (JNIM = GSIM = Jama'at
 * Nusrat al-Islam wal-Muslimin; Timbuktu = Tombouctou); locations with coordinates from the
 * offline gazetteer.
 */
import { SEED_ENTITIES, type Entity, type EntityKind } from '../search/seed-entities';
import { Thesaurus } from '../search/thesaurus';
import { extractCounts, type CountCandidate } from './counts';
import { readDates, type DateCandidate, type UnplacedDate } from './dates';
import type { Gazetteer, NewPlaceCandidate, PlaceCandidate } from './places';
import { countryCodes } from '../model/countries';

export type { CountCandidate, DateCandidate, NewPlaceCandidate, PlaceCandidate, UnplacedDate };

export interface EntityCandidate {
  entityId: string;
  kind: EntityKind;
  /** The entity's name in the thesaurus. */
  name: string;
  /** The words in the text. */
  text: string;
  start: number;
  end: number;
}

export interface ClaimCandidates {
  dates: DateCandidate[];
  /** "on Wednesday" in a source with no date: nothing to place it against. */
  unplacedDates: UnplacedDate[];
  fatalities: CountCandidate[];
  injuries: CountCandidate[];
  actors: EntityCandidate[];
  /** Places the thesaurus knows, by the name it files them under. */
  places: EntityCandidate[];
  /** Places found in the gazetteer, with region and coordinates (when one is given). */
  locations: PlaceCandidate[];
  /** Names in a place context that neither the gazetteer nor the thesaurus knows. */
  newPlaces: NewPlaceCandidate[];
}

export interface ExtractOptions {
  /** ISO date the source was published: "on Wednesday" is read against it. */
  publishedAt?: string;
  /** `en` or `fr` (English otherwise). */
  language?: string;
  /** The thesaurus to read actors and places with (default: the seed). */
  entities?: readonly Entity[];
  /** The offline gazetteer, for coordinates and regions. */
  gazetteer?: Gazetteer;
  /** ISO date of today (default: the clock's): an undated text tells of nothing later. */
  today?: string;
}

export function extractClaims(text: string, options: ExtractOptions = {}): ClaimCandidates {
  const thesaurus = new Thesaurus(options.entities ?? SEED_ENTITIES);
  const entities: EntityCandidate[] = thesaurus.mentions(text).map((m) => {
    const entity = thesaurus.entities.get(m.entityId);
    return {
      entityId: m.entityId,
      kind: entity?.kind ?? 'actor',
      name: thesaurus.name(m.entityId),
      text: text.slice(m.start, m.end),
      start: m.start,
      end: m.end,
    };
  });
  const counts = extractCounts(text);
  const dates = readDates(text, {
    publishedAt: options.publishedAt,
    language: options.language ?? 'en',
    ...(options.today ? { today: options.today } : {}),
  });
  const locations = options.gazetteer?.find(text) ?? [];
  // Names the thesaurus files (actors, places) and countries are not villages to locate.
  const known = (name: string) =>
    countryCodes(name) !== undefined || thesaurus.mentions(name).some((m) => m.start === 0);
  return {
    dates: dates.dates,
    unplacedDates: dates.unplaced,
    fatalities: counts.filter((c) => c.kind === 'fatalities'),
    injuries: counts.filter((c) => c.kind === 'injuries'),
    actors: entities.filter((e) => e.kind === 'actor'),
    places: entities.filter((e) => e.kind === 'place'),
    locations,
    newPlaces: options.gazetteer?.newPlaces(text, locations, known) ?? [],
  };
}
