/**
 * Assisted extraction in the app: a passage read into a claim's fields (`readIncident`), with the researcher's
 * thesaurus and the offline gazetteer (shipped in resources/, joined by the places the
 * researcher located). The extraction code and the gazetteer load on first use, in their own
 * chunk, so that start-up does not wait for them.
 */
import type { IncidentReading } from '../../../../core/incidents/reading';
import type { Entity } from '../../../../core/search/seed-entities';
import type { Gazetteer, GazetteerEntry, PlaceCandidate } from '../../../../core/extract/places';

let cached: { entities: readonly Entity[]; gazetteer: Gazetteer } | undefined;

export async function proposeClaim(
  text: string,
  options: { publishedAt?: string | undefined; language?: string | undefined; entities: readonly Entity[] },
): Promise<IncidentReading> {
  const [{ readIncident }, { Gazetteer }, shipped] = await Promise.all([
    import('../../../../core/incidents/reading'),
    import('../../../../core/extract/places'),
    import('../../../../../resources/gazetteer/sahel.json'),
  ]);
  const gazetteer = gazetteerFor(options.entities, Gazetteer, shipped.default);
  const found = readIncident(text, {
    ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}),
    language: options.language === 'fr' ? 'fr' : 'en',
    entities: options.entities,
    gazetteer,
  });
  // The gazetteer codes countries (ML); incidents and ACLED name them in English (Mali).
  const places = found.places.map((p) => ({ ...p, country: countryName(p.country) }));
  return { ...found, places, ...(places[0] ? { place: places[0] } : {}) };
}

function gazetteerFor(
  entities: readonly Entity[],
  make: typeof Gazetteer,
  shipped: readonly GazetteerEntry[],
): Gazetteer {
  if (cached?.entities !== entities) cached = { entities, gazetteer: new make(shipped, entities) };
  return cached.gazetteer;
}

/**
 * Every place a name typed by hand can be, from the gazetteer and the places the researcher
 * located, the likeliest first, with the country named as incidents name it.
 */
export async function lookupPlace(name: string, entities: readonly Entity[]): Promise<PlaceCandidate[]> {
  const [{ Gazetteer }, shipped] = await Promise.all([
    import('../../../../core/extract/places'),
    import('../../../../../resources/gazetteer/sahel.json'),
  ]);
  return gazetteerFor(entities, Gazetteer, shipped.default)
    .lookup(name)
    .map((p) => ({ ...p, country: countryName(p.country) }));
}

const names = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return names.of(code) ?? code;
  } catch {
    // Not a region Intl knows: keep the code the researcher typed.
    return code;
  }
}
