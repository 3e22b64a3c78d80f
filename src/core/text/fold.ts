/**
 * Folding for matching: accents removed (Ségou → Segou, Ménaka → Menaka) and typographic
 * apostrophes and quotes made plain (Jama’at → Jama'at), so that the way a name was typed
 * does not decide whether it is found.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02BC\u2032]/g, "'")
    .replace(/[\u201C\u201D\u00AB\u00BB]/g, '"')
    .normalize('NFC');
}
