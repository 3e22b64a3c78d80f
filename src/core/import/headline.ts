/**
 * The headline of a page saved as text (select all, copy, paste; or a browser's "save as
 * text"): such files begin with what the page put around the article — accessibility links,
 * menus, breadcrumbs, cookie banners, share buttons, bylines, dates — and their first line is
 * rarely the title. Lines of that kind are skipped; the headline is the first line left that
 * reads as one (4 to 20 words, not a byline or a date, and, if any line does, not ending
 * with a full stop as taglines and sentences do), with a site name after a bar or dash
 * and a breadcrumb glued before it taken off. A wire story with no headline gives its first
 * sentence, without the dateline. Every such title is a guess, and said to be one.
 */
import { shortenTitle } from './text';

export interface Headline {
  title: string;
  /** Picked by these rules rather than given by the file (a heading, metadata). */
  guessed: boolean;
}

/** Lines that are the page's furniture, not its article. */
const FURNITURE = new RegExp(
  [
    '^(?:skip to|jump to|aller au contenu|aller à|accessibility|accessibilité|sign in|sign up|log ?in|log out|register|subscribe|abonnez|abonnement|se connecter|connexion|my account|mon compte|notifications|share|partager|follow us|suivez[- ]nous|related|read more|read next|lire aussi|lire la suite|voir aussi|à lire|advertisement|publicité|sponsored|image caption|légende|photo\\b|getty|afp photo|reuters/|©|copyright|all rights reserved|tous droits|accept|tout accepter|continuer sans|manage preferences|gérer|breaking|updated|mis à jour|mise à jour|published|publié|posted|last updated|by |par |listen|écouter|watch|regarder|comments?\\b|commentaires?\\b|print|imprimer|email|newsletter|download|télécharger)',
    'cookies?',
    '^\\s*\\d{1,2}:\\d{2}',
    // Menu items and lists: "• Home", "* Categories".
    '^[•*·‣▪◦–-]\\s',
  ].join('|'),
  'iu',
);

/** A date alone on its line: "12 March 2022", "March 8, 2022", "2022-03-08", « 21 juin 2022 ». */
const DATE_ONLY =
  /^\s*(?:\p{L}+,?\s+)?(?:\d{1,2}(?:er)?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})(?:\s+(?:at|à)?\s*\d{1,2}[:h]\d{2}.*)?\s*$/iu;

/** Menus and breadcrumbs: words between separators ("Home > Africa > Mali", "World | Africa"). */
const SEPARATORS = /[>›»|·•]/gu;

/** A site's own name: a few capitalised words ending as publications' names do. */
const SITE_NAME =
  /^(?:\p{Lu}[\p{L}'’.-]*\s+){0,4}(?:Blog|News|Network|Media|Times|Post|Journal|Daily|Online|Magazine|Review|Tribune|Herald|Gazette|Monitor|Observer|Express|Info|Infos|Actu|Hebdo|TV|Radio|Press|Presse)$/u;

/** Words of site navigation that a scrape glues before the headline ("Home World News In Mali…"). */
const NAV_WORDS = new Set(
  [
    'home',
    'news',
    'world',
    'africa',
    'sport',
    'sports',
    'weather',
    'politics',
    'security',
    'economy',
    'opinion',
    'video',
    'videos',
    'live',
    'latest',
    'accueil',
    'afrique',
    'monde',
    'international',
    'actualités',
    'actualites',
    'politique',
    'sécurité',
    'économie',
    'info',
    'infos',
  ].map((w) => w.toLowerCase()),
);

const WIRE_DATELINE =
  /^\p{Lu}[\p{Lu}\p{M} '’.-]{1,40}(?:\s*\([^)]{1,30}\))?,[^()\n]{0,30}\((?:Reuters|AFP|AP|Xinhua|APA|Anadolu|AA|UPI|dpa)\)\s*[-–—]\s*/u;

const wordsOf = (line: string) => line.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];

function isFurniture(line: string): boolean {
  const words = wordsOf(line);
  if (words.length <= 3) return true;
  if (FURNITURE.test(line) || DATE_ONLY.test(line) || SITE_NAME.test(line.trim())) return true;
  return (line.match(SEPARATORS)?.length ?? 0) >= 2;
}

/** Takes a site name off the end ("… | Africanews", "… - Jeune Afrique") and a breadcrumb off the start. */
function trimmed(line: string): string {
  let out = line.trim();
  const site = /\s+[|–—-]\s+((?:\p{Lu}[\p{L}\p{N}'’.]*\s*){1,4})$/u.exec(out);
  if (site && wordsOf(out.slice(0, site.index)).length >= 4) out = out.slice(0, site.index);
  const words = out.split(/\s+/u);
  let nav = 0;
  while (nav < words.length && NAV_WORDS.has((words[nav] ?? '').toLowerCase())) nav++;
  if (nav >= 2 && words.length - nav >= 4) out = words.slice(nav).join(' ');
  return out.replace(WIRE_DATELINE, '');
}

/** A line that reads as a headline: 4 to 20 words, not a question to the reader, not a label. */
function readsAsHeadline(line: string): boolean {
  const n = wordsOf(line).length;
  return n >= 4 && n <= 20 && !/[:：]\s*$/u.test(line);
}

/** The first sentence of a paragraph, without its final stop. */
function firstSentence(line: string): string {
  const end = /[.!?](?:\s|$)/u.exec(line);
  return (end ? line.slice(0, end.index) : line).trim();
}

export function pickHeadline(text: string): Headline {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 60);
  const content = lines.filter((l) => !isFurniture(l)).map(trimmed);
  // Headlines do not end with a full stop; a tagline or a first sentence does ("The
  // information source for first responders."). One that does is taken only if none other is.
  const headline =
    content.find((l) => readsAsHeadline(l) && !/[.。]$/u.test(l)) ?? content.find(readsAsHeadline);
  const first = headline ?? (content[0] ? firstSentence(content[0]) : undefined) ?? lines[0] ?? '';
  return { title: shortenTitle(first.replace(/\s*[.。]$/u, '')), guessed: true };
}
