/**
 * What assisted extraction proposes for a claim, from the candidates `extractClaims` found in
 * a passage: the figures as low/best/high, and an ACLED event type read from the words that
 * name the violence. Proposals only: the researcher confirms or corrects every one.
 */
import type { CountCandidate } from '../extract/counts';
import type { DateCandidate } from '../extract/dates';
import type { EventType } from '../model/acled';
import type { Fatalities } from '../model/types';

/**
 * A reported figure as ACLED and UCDP read it: "at least 31" is 31 at the low end and the best
 * estimate; "more than 30" is 31 and up (so that it agrees with "at least 31"); "up to 40" is
 * the high end only; "about 20", "nearly 20" and "dozens" (12) are best estimates; a plain
 * figure is all three.
 */
export function fatalitiesOf(count: CountCandidate): Fatalities {
  switch (count.bound) {
    case 'exact':
      return { low: count.value, best: count.value, high: count.value };
    case 'atLeast':
      return { low: count.value, best: count.value };
    case 'moreThan':
      return { low: count.value + 1, best: count.value + 1 };
    case 'atMost':
      return { high: count.value };
    case 'approx':
      return { best: count.value };
  }
}

/** How a figure was written, in the words of the claim list: "≥ 31", "≤ 40", "~ 20". */
export function describeFatalities(f: Fatalities): string {
  const { low, best, high } = f;
  if (best === undefined) return low !== undefined ? `≥ ${low}` : high !== undefined ? `≤ ${high}` : '';
  if (low === best && high === best) return String(best);
  if (low === best && high === undefined) return `≥ ${best}`;
  if (high === best && low === undefined) return `≤ ${best}`;
  if (low === undefined && high === undefined) return `~ ${best}`;
  return `${best} (${low ?? '?'}–${high ?? '?'})`;
}

export interface EventTypeProposal {
  eventType: EventType;
  subEventType: string;
  /** The words the type was read from. */
  text: string;
}

// In order: the more specific kind of violence first.
const RULES: readonly { pattern: RegExp; eventType: EventType; subEventType: string }[] = [
  {
    pattern: /\b(suicide (?:bomb\w*|attack\w*)|kamikaze|attentat[- ]suicide)\b/iu,
    eventType: 'Explosions/Remote violence',
    subEventType: 'Suicide bomb',
  },
  {
    pattern: /\b(drone strikes?|air ?strikes?|airstrikes?|frappes? (?:aérienne|de drone)s?)\b/iu,
    eventType: 'Explosions/Remote violence',
    subEventType: 'Air/drone strike',
  },
  {
    pattern:
      /\b(improvised explosive devices?|IEDs?|landmines?|roadside bombs?|mines? artisanales?|engins? explosifs?|explosive devices?)\b/iu,
    eventType: 'Explosions/Remote violence',
    subEventType: 'Remote explosive/landmine/IED',
  },
  {
    pattern: /\b(shell(?:s|ing)|mortars?|rockets?|obus|roquettes?)\b/iu,
    eventType: 'Explosions/Remote violence',
    subEventType: 'Shelling/artillery/missile attack',
  },
  {
    pattern: /\b(kidnapp\w+|abduct\w+|hostages?|enlev\w+|otages?)\b/iu,
    eventType: 'Violence against civilians',
    subEventType: 'Abduction/forced disappearance',
  },
  {
    pattern: /\b(clash\w*|fighting|battles?|ambush\w*|affrontements?|combats?|embuscades?)\b/iu,
    eventType: 'Battles',
    subEventType: 'Armed clash',
  },
  {
    // People killed on a bus, in a market, in a village: civilians, unless fighting was named above.
    pattern:
      /\b(civilians?|passengers?|villagers?|people|bus(?:es)?|markets?|civils?|passagers?|villageois|personnes|autobus|marchés?|massacres?)\b/iu,
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
  },
  {
    pattern: /\b(soldiers?|troops?|army|military|soldats?|militaires?|armée)\b/iu,
    eventType: 'Battles',
    subEventType: 'Armed clash',
  },
];

/** The ACLED event type a passage's words suggest, if any do. */
export function proposeEventType(text: string): EventTypeProposal | undefined {
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return { eventType: rule.eventType, subEventType: rule.subEventType, text: match[0] };
  }
  return undefined;
}

/**
 * The date to propose for the event: the first one read before the day of publication (a
 * dateline or "updated on" is the report's own date, not the event's), else the first one.
 */
export function proposeDate(
  dates: readonly DateCandidate[],
  publishedAt: string | undefined,
): DateCandidate | undefined {
  return (publishedAt ? dates.find((d) => d.date < publishedAt) : undefined) ?? dates[0];
}
