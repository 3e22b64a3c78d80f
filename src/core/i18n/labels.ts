/**
 * The message keys for values the interface labels in several places: kinds of record,
 * language codes and query errors. One mapping, so that every list, facet and reader names them alike.
 */
import type { MessageKey } from './messages';
import type { QueryErrorCode } from '../search/query';
import { ACLED_EVENT_TYPES } from '../model/acled';

const KIND_KEYS = {
  source: 'kind.source',
  note: 'kind.note',
  incident: 'kind.incident',
  passage: 'search.kind.passage',
} as const satisfies Record<string, MessageKey>;

export type LabelledKind = keyof typeof KIND_KEYS;

export function isLabelledKind(value: string): value is LabelledKind {
  return Object.hasOwn(KIND_KEYS, value);
}

export function kindKey(kind: LabelledKind): MessageKey {
  return KIND_KEYS[kind];
}

/** The name of a language code the app knows (en, fr, other), or undefined. */
export function languageKey(code: string): MessageKey | undefined {
  return code === 'en' || code === 'fr' || code === 'other' ? `language.${code}` : undefined;
}

const QUERY_ERROR_KEYS = {
  unknownField: 'search.error.unknownField',
  missingTerm: 'search.error.missingTerm',
  notANumber: 'search.error.notANumber',
  unclosedPhrase: 'search.error.unclosedPhrase',
  syntax: 'search.error.syntax',
} as const satisfies Record<QueryErrorCode, MessageKey>;

/** What a malformed query is told, by its error code. */
export function queryErrorKey(code: QueryErrorCode): MessageKey {
  return QUERY_ERROR_KEYS[code];
}

const SUB_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(ACLED_EVENT_TYPES).flat());

/** The label of one of ACLED's sub-event types (exports keep ACLED's spelling), or undefined. */
export function subEventKey(subEventType: string): MessageKey | undefined {
  return SUB_EVENT_TYPES.has(subEventType) ? (`subEvent.${subEventType}` as MessageKey) : undefined;
}
