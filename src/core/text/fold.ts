/**
 * Folding for matching: accents removed (Ségou → Segou, Ménaka → Menaka) and typographic
 * apostrophes and quotes made plain (Jama’at → Jama'at), ligatures written out (cœur → coeur), so that the way a name was typed
 * does not decide whether it is found.
 */
/**
 * A key to compare short names by (places, regions, actors): compatibility forms and accents
 * folded, lower case, outer spaces dropped — "Ménaka " and "menaka" are the same place.
 */
export const nameKey = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' };

export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02BC\u2032\u00B4\u201B]/g, "'")
    .replace(/[\u201C\u201D\u00AB\u00BB]/g, '"')
    .replace(/[œŒæÆ]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFC');
}
