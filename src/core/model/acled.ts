/**
 * The ACLED event taxonomy (ACLED Codebook): six event types, each with its sub-event types.
 * Labels are ACLED's own spelling, because exports must match it to the letter; the UI shows
 * translated labels looked up by these keys.
 */
export const ACLED_EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const satisfies Record<string, readonly string[]>;

export type EventType = keyof typeof ACLED_EVENT_TYPES;

export const EVENT_TYPES = Object.keys(ACLED_EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(ACLED_EVENT_TYPES, value);
}

export function subEventTypes(eventType: EventType): readonly string[] {
  return ACLED_EVENT_TYPES[eventType];
}

export function isSubEventOf(eventType: EventType, subEventType: string): boolean {
  return (ACLED_EVENT_TYPES[eventType] as readonly string[]).includes(subEventType);
}
