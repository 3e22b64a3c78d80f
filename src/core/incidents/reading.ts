/**
 * Reading a passage as a conflict-data coder does, into the fields of a claim: which of the
 * dates, places, figures and actors found (`extractClaims`) belong to the event the passage
 * reports, who did it to whom, and what kind of event it is in ACLED's terms.
 *
 * - The event is told in the first sentence that names violence and is not background
 *   ("Since January, attacks have killed more than 500 civilians…" is context, not the event);
 *   figures, dates and places are taken from it first, then from the other sentences that are
 *   not background. A dateline or a "Published …" line is the report's, never the event's.
 * - A date next to a reporting verb ("the government said on Monday") is the report's day;
 *   the event's comes first.
 * - Perpetrator and target follow the sentence: the subject of an active verb ("gunmen
 *   attacked a bus"), the agent of a passive one ("was attacked by armed men", « tués par
 *   des assaillants »), "an attack on / against X" (« attaque contre X »), "X repelled an attack
 *   by Y". People named only by what they are ("gunmen", « hommes armés », "villagers") are
 *   coded as ACLED does: an unidentified armed group, civilians, the country's forces.
 * - The event type follows ACLED's definitions: remote violence by its means (a mine, a
 *   suicide bomber, a drone, shells), an abduction, territory taken, then by the target: armed
 *   forces engaged is a battle, civilians attacked is violence against civilians.
 *
 * Proposals only: the researcher confirms or corrects every one.
 */
import type { ClaimCandidates, ExtractOptions, EntityCandidate } from '../extract/claims';
import { extractClaims } from '../extract/claims';
import type { CountCandidate } from '../extract/counts';
import type { DateCandidate, UnplacedDate } from '../extract/dates';
import { publishedDateIn } from '../extract/dates';
import { placeBeside, type PlaceCandidate } from '../extract/places';
import type { EventType } from '../model/acled';
import type { Fatalities } from '../model/types';
import { fatalitiesOf } from './propose';

export type ActorClass = 'state' | 'armed' | 'civilian';

export interface RoleProposal {
  name: string;
  /** The words it was read from. */
  text: string;
  start: number;
  end: number;
}

/** A place named in the passage, with what the gazetteer knows of it (nothing for a new place). */
export interface PlaceProposal extends Omit<PlaceCandidate, 'gazetteerId'> {
  /** Neither the gazetteer nor the thesaurus knows it: a place for the researcher to locate. */
  unknown: boolean;
}

export interface EventReading {
  eventType: EventType;
  subEventType: string;
  /** The words the type was read from. */
  text: string;
}

export interface IncidentReading {
  candidates: ClaimCandidates;
  /** The day the text is read against: the source's, or read from its own text. */
  publishedAt?: string;
  /** Where that day came from. */
  publishedFrom?: 'source' | 'text';
  /** Relative dates ("on Wednesday") an undated source cannot place. */
  unplacedDates: UnplacedDate[];
  date?: DateCandidate;
  place?: PlaceProposal;
  /** Every place named, the proposed one first. */
  places: PlaceProposal[];
  perpetrator?: RoleProposal;
  target?: RoleProposal;
  fatalities?: { figures: Fatalities; count: CountCandidate };
  injuries?: CountCandidate;
  eventType?: EventReading;
}

export type ReadOptions = ExtractOptions;

export const UNIDENTIFIED = 'Unidentified armed group';
export const CIVILIANS = 'Civilians';

interface Mention extends RoleProposal {
  kind: ActorClass;
  /** A name the thesaurus knows, rather than a word for what the people are. */
  named: boolean;
  /** "people", « personnes »: civilians only when nothing says otherwise. */
  weak?: boolean;
}

interface Span {
  start: number;
  end: number;
}

// Words for who people are, when the report does not name them.
const ARMED_WORDS =
  /(?<![\p{L}])(?:(?:suspected |presumed )?(?:gunmen|armed men|armed individuals|assailants|attackers|jihadists?|jihadis|militants?|terrorists?|insurgents?|extremists?|fighters|rebels|bandits)|hommes armés(?: non identifiés)?|individus armés|assaillants(?: non identifiés)?|(?:d)?jihadistes?(?: présumés)?|terroristes?|combattants|rebelles|groupes? armés?|insurgés)(?![\p{L}])/giu;
const CIVILIAN_WORDS =
  /(?<![\p{L}])(?:civilians?|villagers?|passengers?|residents?|herders?|traders?|worshippers?|farmers?|aid workers?|humanitarian workers?|journalists?|teachers?|students?|pupils?|drivers?|truck drivers?|gold miners?|pilgrims?|village (?:chiefs?|heads?)|imams?|women|children|people|civils?|villageois|passagers?|habitants?|éleveurs?|commerçants?|fidèles|humanitaires|travailleurs humanitaires|journalistes?|enseignants?|élèves|chauffeurs?|camionneurs?|orpailleurs?|pèlerins?|chefs? de village|chefs? coutumiers?|femmes|enfants|personnes)(?![\p{L}])/giu;
const FORCE_WORDS =
  /(?<![\p{L}])(?:soldiers?|troops?|army|military|servicemen|gendarmes?|soldats?|militaires?|armée|forces armées)(?![\p{L}])/giu;
const PEACEKEEPER_WORDS = /(?<![\p{L}])(?:peacekeepers?|blue helmets|casques? bleus?)(?![\p{L}])/giu;
const WEAK_CIVILIANS = /^(?:people|personnes|women|children|femmes|enfants)$/iu;

/** Forces of a state or a mission, by the names a researcher gives them. */
const STATE_NAMES =
  /\b(?:army|armed forces|forces armées|armée|military|police|gendarmerie|mission|operation|opération|barkhane|minusma|wagner|africa corps|fama|eutm|takuba)\b/iu;
const STATE_IDS = new Set(['actor:fama', 'actor:wagner', 'actor:minusma', 'actor:barkhane']);

// What a sentence's verbs say about roles.
const VIOLENCE =
  '(?:attack\\p{L}*|ambush\\p{L}*|kill\\p{L}*|target\\p{L}*|fired|launched|carried out|perpetrated|claimed|abducted|kidnapped|struck|hit|raid\\p{L}*|assault\\p{L}*|offensive|stormed|shot|executed|massacred?|' +
  'attaqu\\p{L}*|tu[ée]\\p{L}*|cibl\\p{L}*|vis[ée]\\p{L}*|enlev\\p{L}*|revendiqu\\p{L}*|men[ée]e?s?|perpétr\\p{L}*|commis\\p{L}*|tir[ée]e?s?|exécut\\p{L}*|assaut|embuscade|attentat)';
/** The agent follows: "attacked by", "blamed on", « tués par », « attribué à ». */
const BY = new RegExp(
  `(?<![\\p{L}])(?:${VIOLENCE}(?:\\s+[\\p{L}'’]+){0,2}?\\s+(?:by|par)|blamed(?:\\s+[\\p{L}'’]+){0,3}?\\s+on|attributed to|attribuée?s?\\s+(?:à|au|aux)|imputée?s?\\s+(?:à|au|aux)|,\\s*par)(?![\\p{L}])`,
  'giu',
);
/** « une attaque du GSIM », « attaque de l'État islamique »: the agent right after. */
const ATTACK_OF =
  /(?<![\p{L}])(?:attaques?|assauts?|embuscades?|offensive|frappes? de drone|frappes?)\s+(?:du|de l['’]|de la|des|de)\s*/giu;
/** The target follows: "attack on", "attacks against", « attaque … contre ». */
const AGAINST =
  /(?<![\p{L}])(?:(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive|strikes?|operations?)\s+(?:\p{Ll}+\s+){0,2}?(?:on|against|targeting)|(?:attaques?|assauts?|embuscades?|offensive|frappes?|opérations?)(?:[^.;]{0,60}?)\s(?:contre|visant))(?![\p{L}])/giu;
/** The subject was attacked: "X repelled an attack". */
const REPELLED =
  /(?<![\p{L}])(?:repelled|repulsed|fought off|foiled|thwarted|(?:a|ont|avoir)\s+repoussé|repoussé)(?![\p{L}])/giu;
/** Subject does it to object. */
const ACTIVE =
  /(?<![\p{L}])(?:(?<!(?:was|were|been|being|be|is|are|have|has)\s+(?:\p{Ll}+\s+)?)(?:attacked|killed|ambushed|targeted|stormed|raided|struck|abducted|kidnapped|shot|executed|massacred|overran|overrun|seized|captured|took control of|opened fire on|bombed|shelled|carried out|launched|conducted)|(?:a|ont|avoir)\s+(?:(?!été(?![\p{L}]))\p{Ll}+\s+){0,2}?(?:attaqué|tué|visé|ciblé|enlevé|exécuté|incendié|pris|tendu|ouvert le feu|frappé|neutralisé|revendiqué|massacré|mené|lancé|conduit|bombardé)|se sont emparés?)(?![\p{L}])/giu;
/** Both sides fought: the first named is the actor, the other the target. */
const RECIPROCAL =
  /(?<![\p{L}])(?:clashed|fought each other|se sont affrontés?|se sont battus)(?![\p{L}])/giu;
/** Between a subject and its verb, a new clause: "…killed when their vehicle struck…". */
const CLAUSE_BREAK =
  /(?<![\p{L}])(?:when|after|as|while|before|lorsque|lorsqu['’]|quand|après|alors que|avant)(?![\p{L}])|[;:]/iu;

/** A sentence that names violence. */
const EVENT =
  /(?<![\p{L}])(?:attack\p{L}*|kill\p{L}*|ambush\p{L}*|explo\p{L}*|struck|strikes?|clash\p{L}*|kidnap\p{L}*|abduct\p{L}*|massacre\p{L}*|raid\p{L}*|storm\p{L}*|fighting|shell\p{L}*|overr[au]n|took control|seized|opened fire|bomb\p{L}*|IEDs?|mines?|died|dead|wounded|attaqu\p{L}*|tu[ée]\p{L}*|tuant|embuscades?|frappes?|affront\p{L}*|enlev\p{L}*|assauts?|obus|attentat\p{L}*|engins? explosifs?|emparés?|contrôle|neutralis\p{L}*|morts?)(?![\p{L}])/iu;
/** Context rather than the event: totals, earlier attacks, the year so far. */
const BACKGROUND =
  /(?<![\p{L}])(?:since (?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4}|the (?:start|beginning))|so far this year|this year|last year|in (?:19|20)\d\d|earlier this (?:year|month)|last month|in total|bringing the|the past (?:year|months)|deadliest since|depuis (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|\d{4}|le début)|cette année|l['’]an dernier|l['’]année dernière|en (?:19|20)\d\d|au total|le mois dernier|portant à)(?![\p{L}])/iu;
/** Words that make a date the report's own ("said on Monday", "on Monday condemned"). */
const REPORTING =
  /(?<![\p{L}])(?:said|says|told|announced|condemned|reported|declared|stated|added|confirmed|a déclaré|a annoncé|a indiqué|a condamné|ont déclaré|ont annoncé|a affirmé|selon)(?![\p{L}])/iu;

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Sentences, each line of a page on its own (a scraped page's menus are lines without stops). */
function sentencesOf(text: string, language: string): Span[] {
  const out: Span[] = [];
  const segmenter = new Intl.Segmenter(language === 'fr' ? 'fr' : 'en', { granularity: 'sentence' });
  let at = 0;
  for (const line of text.split('\n')) {
    for (const s of segmenter.segment(line)) {
      if (s.segment.trim()) out.push({ start: at + s.index, end: at + s.index + s.segment.length });
    }
    at += line.length + 1;
  }
  return out;
}

function mentionsOf(text: string, actors: readonly EntityCandidate[], malian: boolean): Mention[] {
  const named: Mention[] = actors.map((a) => ({
    name: a.name,
    text: a.text,
    start: a.start,
    end: a.end,
    named: true,
    kind: STATE_IDS.has(a.entityId) || STATE_NAMES.test(a.name) ? 'state' : 'armed',
  }));
  const forces = actors.find((a) => a.entityId === 'actor:fama')?.name ?? 'FAMa';
  const mission = actors.find((a) => a.entityId === 'actor:minusma')?.name ?? 'MINUSMA';
  const generic: Mention[] = [];
  const add = (pattern: RegExp, kind: ActorClass, name: (words: string) => string) => {
    for (const m of text.matchAll(pattern)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (named.some((n) => overlaps(n, span))) continue;
      generic.push({
        ...span,
        text: m[0],
        name: name(m[0]),
        kind,
        named: false,
        ...(WEAK_CIVILIANS.test(m[0]) ? { weak: true } : {}),
      });
    }
  };
  add(ARMED_WORDS, 'armed', () => UNIDENTIFIED);
  add(CIVILIAN_WORDS, 'civilian', () => CIVILIANS);
  add(FORCE_WORDS, 'state', () => (malian ? forces : 'Military forces'));
  add(PEACEKEEPER_WORDS, 'state', () => mission);
  // "fighters of the Islamic State", « combattants du JNIM », "JNIM militants", "its fighters":
  // the group named beside them is who they are.
  const kept = generic.filter(
    (g) =>
      g.kind !== 'armed' ||
      !named.some(
        (n) =>
          n.kind === 'armed' &&
          ((n.start >= g.end && n.start - g.end <= 12) || (g.start >= n.end && g.start - n.end <= 12)),
      ),
  );
  return [...named, ...kept].sort((a, b) => a.start - b.start);
}

const role = (m: Mention): RoleProposal => ({ name: m.name, text: m.text, start: m.start, end: m.end });

interface Roles {
  perpetrator?: Mention;
  target?: Mention;
}

function rolesIn(text: string, sentence: Span, mentions: readonly Mention[]): Roles {
  const inside = mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
  const words = text.slice(sentence.start, sentence.end);
  const at = (pattern: RegExp) =>
    [...words.matchAll(pattern)].map((m) => ({
      start: sentence.start + m.index,
      end: sentence.start + m.index + m[0].length,
    }));
  const after = (cue: Span, ok: (m: Mention) => boolean = () => true) =>
    inside.find((m) => m.start >= cue.end && ok(m));
  const before = (cue: Span, ok: (m: Mention) => boolean = () => true, sameClause = false) =>
    [...inside].reverse().find((m) => {
      if (m.end > cue.start || !ok(m)) return false;
      return !sameClause || !CLAUSE_BREAK.test(text.slice(m.end, cue.start));
    });
  const armed = (m: Mention) => m.kind !== 'civilian';

  let perpetrator: Mention | undefined;
  let target: Mention | undefined;
  const by = at(BY)[0];
  if (by) perpetrator = after(by, armed);
  if (!perpetrator)
    for (const cue of at(ATTACK_OF)) {
      const next = after(cue, armed);
      if (next && next.start - cue.end <= 2) {
        perpetrator = next;
        break;
      }
    }
  const active = at(ACTIVE)[0];
  const reciprocal = at(RECIPROCAL)[0];
  if (!perpetrator && active) perpetrator = before(active, armed, true);
  if (!perpetrator && reciprocal) perpetrator = inside.find((m) => m.end <= reciprocal.start && armed(m));

  const against = at(AGAINST)[0];
  const repelled = at(REPELLED)[0];
  const other = (m: Mention) => m.name !== perpetrator?.name;
  // The object of "attack on": the words right after it, not a noun further on.
  if (against)
    target = after(
      against,
      (m) => other(m) && m.start - against.end <= 40 && !CLAUSE_BREAK.test(text.slice(against.end, m.start)),
    );
  if (!target && repelled) target = before(repelled, other);
  if (!target && active) target = after(active, other);
  if (!target && reciprocal)
    target = inside.find((m) => m.end <= reciprocal.start && armed(m) && other(m) && m !== perpetrator);
  if (!target && by) target = before(by, other);
  return { ...(perpetrator ? { perpetrator } : {}), ...(target ? { target } : {}) };
}

// ACLED's event types, by what the passage says happened (in order: the most specific first).
const REMOTE: readonly { pattern: RegExp; subEventType: string }[] = [
  {
    pattern:
      /(?<![\p{L}])(?:suicide (?:car )?(?:bomb\p{L}*|attack\p{L}*)|kamikaze|attentat[- ]suicide|voiture piégée|véhicule piégé)(?![\p{L}])/iu,
    subEventType: 'Suicide bomb',
  },
  {
    pattern:
      /(?<![\p{L}])(?:drone strikes?|drones?|air ?strikes?|airstrikes?|air force|aircraft|warplanes?|helicopters?|frappes? (?:aériennes?|de drones?)|aviation|armée de l['’]air|hélicoptères?)(?![\p{L}])/iu,
    subEventType: 'Air/drone strike',
  },
  {
    pattern:
      /(?<![\p{L}])(?:improvised explosive devices?|IEDs?|landmines?|mines?|roadside bombs?|explosive devices?|mines? artisanales?|engins? explosifs?(?: improvisés?)?|EEI)(?![\p{L}])/iu,
    subEventType: 'Remote explosive/landmine/IED',
  },
  {
    pattern:
      /(?<![\p{L}])(?:shells?|shelling|mortars?|rockets?|artillery|obus|roquettes?|tirs? d['’]artillerie)(?![\p{L}])/iu,
    subEventType: 'Shelling/artillery/missile attack',
  },
];
const ABDUCTION =
  /(?<![\p{L}])(?:kidnapp\p{L}+|abduct\p{L}+|took \p{L}+ hostage|hostages?|enlev\p{L}+|otages?|séquestr\p{L}+)(?![\p{L}])/iu;
const TERRITORY =
  /(?<![\p{L}])(?:took control|seized control|taken control|overran|overrun|captured the (?:town|village|city|camp|base)|seized the (?:town|village|city|camp|base)|pris (?:\p{Ll}+\s+)?le contrôle|emparés?|empar\p{L}+)(?![\p{L}])/iu;
const BATTLE_WORDS =
  /(?<![\p{L}])(?:clash\p{L}*|fighting|battles?|affrontements?|combats?|affront\p{L}*)(?![\p{L}])/iu;

function eventTypeOf(
  text: string,
  focus: readonly Span[],
  perpetrator: Mention | undefined,
  target: Mention | undefined,
): EventReading | undefined {
  const find = (pattern: RegExp) => {
    for (const s of focus) {
      const m = pattern.exec(text.slice(s.start, s.end));
      if (m) return m[0];
    }
    return undefined;
  };
  for (const rule of REMOTE) {
    const words = find(rule.pattern);
    if (words)
      return { eventType: 'Explosions/Remote violence', subEventType: rule.subEventType, text: words };
  }
  const abducted = find(ABDUCTION);
  if (abducted)
    return {
      eventType: 'Violence against civilians',
      subEventType: 'Abduction/forced disappearance',
      text: abducted,
    };
  const taken = find(TERRITORY);
  if (taken)
    return {
      eventType: 'Battles',
      subEventType:
        perpetrator?.kind === 'state'
          ? 'Government regains territory'
          : 'Non-state actor overtakes territory',
      text: taken,
    };
  if (target?.kind === 'civilian')
    return { eventType: 'Violence against civilians', subEventType: 'Attack', text: target.text };
  if (target) return { eventType: 'Battles', subEventType: 'Armed clash', text: target.text };
  const fought = find(BATTLE_WORDS);
  if (fought) return { eventType: 'Battles', subEventType: 'Armed clash', text: fought };
  return undefined;
}

/** Where a candidate stands: in the event's sentence, elsewhere in the event, or in background. */
function ranker(event: Span | undefined, background: readonly Span[], report: readonly Span[]) {
  return (c: Span): number => {
    if (report.some((r) => overlaps(r, c))) return 3;
    if (event && overlaps(event, c)) return 0;
    return background.some((b) => overlaps(b, c)) ? 2 : 1;
  };
}

function best<T extends Span>(list: readonly T[], rank: (c: T) => number, usable = 2): T | undefined {
  return [...list].filter((c) => rank(c) <= usable).sort((a, b) => rank(a) - rank(b) || a.start - b.start)[0];
}

export function readIncident(text: string, options: ReadOptions = {}): IncidentReading {
  const language = options.language ?? 'en';
  const printed = options.publishedAt
    ? undefined
    : publishedDateIn(text, { language, ...(options.today ? { today: options.today } : {}) });
  const publishedAt = options.publishedAt ?? printed?.date;
  const candidates = extractClaims(text, {
    ...options,
    ...(publishedAt ? { publishedAt } : {}),
  });
  const report: Span[] = printed ? [printed] : [];
  // A source with its own date may still open on a dateline: the report's words, not the event's.
  const dateline =
    printed ?? publishedDateIn(text, { language, today: publishedAt ?? options.today ?? '9999-12-31' });
  if (dateline && !report.some((r) => overlaps(r, dateline))) report.push(dateline);

  const sentences = sentencesOf(text, language).filter(
    (s) => !report.some((r) => r.start <= s.start && s.end <= r.end),
  );
  const background = sentences.filter((s) => BACKGROUND.test(text.slice(s.start, s.end)));
  const foreground = sentences.filter((s) => !background.includes(s));
  // The event's sentence: the first that names violence with a figure or a day (a lead), else
  // the first that names violence (commentary about "attacks" in general comes before it).
  const violent = foreground.filter((s) => EVENT.test(text.slice(s.start, s.end)));
  const counted = (s: Span) => [...candidates.fatalities, ...candidates.injuries].some((c) => overlaps(s, c));
  const dated = (s: Span) =>
    candidates.dates.some((c) => overlaps(s, c) && !(publishedAt && c.date >= publishedAt));
  const event = violent.find((s) => counted(s) || dated(s)) ?? violent[0] ?? foreground[0] ?? sentences[0];
  const rank = ranker(event, background, report);
  const focus = [event, ...foreground.filter((s) => s !== event)].filter((s) => s !== undefined);

  // The date: the event's, before the day of publication, not the day a statement was made.
  const reported = (d: DateCandidate) => {
    // "Friday's attack" is the event's day, whatever verb comes before it.
    if (/^['’]s\s/u.test(text.slice(d.end, d.end + 3))) return false;
    const sentence = sentences.find((s) => overlaps(s, d)) ?? { start: 0, end: text.length };
    const before = text.slice(Math.max(sentence.start, d.start - 30), d.start);
    const after = text.slice(d.end, Math.min(sentence.end, d.end + 30));
    return (
      REPORTING.test(before.split(/[,;]/u).at(-1) ?? '') || REPORTING.test(after.split(/[,;]/u)[0] ?? '')
    );
  };
  // Before publication first (the day of publication is usually the report's), then the event's
  // sentence, then not a statement's day.
  const dateRank = (d: DateCandidate) =>
    rank(d) > 2 ? 99 : (publishedAt && d.date >= publishedAt ? 8 : 0) + rank(d) * 2 + (reported(d) ? 1 : 0);
  const date = best(candidates.dates, dateRank, 98);

  const malian =
    /(?<![\p{L}])(?:Mali|Malian|malien(?:ne)?s?)(?![\p{L}])/u.test(text) ||
    candidates.locations.some((l) => l.country === 'ML' || l.country === 'Mali');
  const mentions = mentionsOf(text, candidates.actors, malian);
  const roles = event ? rolesIn(text, event, mentions) : {};
  let { perpetrator, target } = roles;
  for (const s of focus.slice(1)) {
    if (perpetrator && target) break;
    const more = rolesIn(text, s, mentions);
    perpetrator ??= more.perpetrator;
    target ??= more.target && more.target.name !== perpetrator?.name ? more.target : undefined;
  }
  // A group named as responsible anywhere in the event ("It blamed the killings on Katiba
  // Macina") says who the gunmen were.
  if (!perpetrator?.named) {
    for (const s of focus) {
      const named = rolesIn(text, s, mentions).perpetrator;
      if (named?.named && named.kind === 'armed' && named.name !== target?.name) {
        perpetrator = named;
        break;
      }
    }
  }
  const inFocus = (m: Mention) => rank(m) <= 1;
  target ??=
    mentions.find((m) => inFocus(m) && m.kind !== 'armed' && !m.weak && m.name !== perpetrator?.name) ??
    mentions.find((m) => inFocus(m) && m.kind !== 'armed' && m.name !== perpetrator?.name);
  const eventType = eventTypeOf(text, focus, perpetrator, target);
  const happened = !!eventType || candidates.fatalities.length > 0;

  const fatalityCount = best(candidates.fatalities, rank, 1);
  const injuries = best(candidates.injuries, rank, 1);

  const places = placesOf(text, candidates, rank, event);

  const reading: IncidentReading = {
    candidates,
    unplacedDates: candidates.unplacedDates,
    places,
  };
  if (publishedAt) {
    reading.publishedAt = publishedAt;
    reading.publishedFrom = options.publishedAt ? 'source' : 'text';
  }
  if (date) reading.date = date;
  if (places[0]) reading.place = places[0];
  if (perpetrator) reading.perpetrator = role(perpetrator);
  else if (happened && event)
    reading.perpetrator = { name: UNIDENTIFIED, text: '', start: event.start, end: event.start };
  if (target) reading.target = role(target);
  if (fatalityCount) reading.fatalities = { figures: fatalitiesOf(fatalityCount), count: fatalityCount };
  if (injuries) reading.injuries = injuries;
  if (eventType) reading.eventType = eventType;
  return reading;
}

/** Every place named, the event's first: a town before a region, a village to locate included. */
function placesOf(
  text: string,
  candidates: ClaimCandidates,
  rank: (c: Span) => number,
  event: Span | undefined,
): PlaceProposal[] {
  const located: PlaceProposal[] = candidates.locations.map((l) => ({
    name: l.name,
    admin1: l.admin1,
    ...(l.admin2 ? { admin2: l.admin2 } : {}),
    country: l.country,
    ...(l.latitude !== undefined ? { latitude: l.latitude } : {}),
    ...(l.longitude !== undefined ? { longitude: l.longitude } : {}),
    region: l.region,
    unknown: false,
    text: l.text,
    start: l.start,
    end: l.end,
  }));
  const named: PlaceProposal[] = candidates.places
    .filter((p) => !located.some((l) => overlaps(l, p)))
    .map((p) => {
      const beside = placeBeside(text, p, candidates.locations);
      return {
        name: p.name,
        admin1: beside?.admin1 ?? '',
        country: beside?.country ?? '',
        region: false,
        unknown: false,
        text: p.text,
        start: p.start,
        end: p.end,
      };
    });
  const fresh: PlaceProposal[] = candidates.newPlaces
    .filter((p) => ![...located, ...named].some((l) => overlaps(l, p)))
    .map((p) => ({
      name: p.name,
      admin1: p.admin1 ?? '',
      country: p.country ?? '',
      region: false,
      unknown: true,
      text: p.text,
      start: p.start,
      end: p.end,
    }));
  const all = [...located, ...named, ...fresh];
  // In the event's sentence, a town before a region; elsewhere, the nearer to that sentence.
  const distance = (p: PlaceProposal) =>
    !event ? 0 : p.end <= event.start ? event.start - p.end : p.start >= event.end ? p.start - event.end : 0;
  const key = (p: PlaceProposal) => [rank(p), distance(p), p.region ? 1 : 0, p.start];
  return all.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const i = ka.findIndex((v, n) => v !== kb[n]);
    return i < 0 ? 0 : (ka[i] ?? 0) - (kb[i] ?? 0);
  });
}
