/**
 * Assisted extraction in the app: the candidates of a passage, read with the researcher's
 * thesaurus and the offline gazetteer (shipped in resources/, joined by the places the
 * researcher located). The extraction code and the gazetteer load on first use, in their own
 * chunk, so that start-up does not wait for them.
 */
import type { ClaimCandidates } from '../../../../core/extract/claims';
import type { Entity } from '../../../../core/search/seed-entities';
import type { Gazetteer } from '../../../../core/extract/places';

let cached: { entities: readonly Entity[]; gazetteer: Gazetteer } | undefined;

export async function proposeClaim(
  text: string,
  options: { publishedAt?: string | undefined; language?: string | undefined; entities: readonly Entity[] },
): Promise<ClaimCandidates> {
  const [{ extractClaims }, { Gazetteer }, shipped] = await Promise.all([
    import('../../../../core/extract/claims'),
    import('../../../../core/extract/places'),
    import('../../../../../resources/gazetteer/sahel.json'),
  ]);
  if (cached?.entities !== options.entities)
    cached = { entities: options.entities, gazetteer: new Gazetteer(shipped.default, options.entities) };
  const found = extractClaims(text, {
    ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}),
    language: options.language === 'fr' ? 'fr' : 'en',
    entities: options.entities,
    gazetteer: cached.gazetteer,
  });
  // The gazetteer codes countries (ML); incidents and ACLED name them in English (Mali).
  return { ...found, locations: found.locations.map((l) => ({ ...l, country: countryName(l.country) })) };
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
