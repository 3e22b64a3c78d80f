/**
 * Validation of what a person typed into the source, note and incident forms. Each validator
 * takes the raw form strings and returns either a draft ready to store or the errors per field,
 * as message keys that the UI translates.
 */
import { isEventType, isSubEventOf } from './acled';
import { isIsoDate, parseBounded, parseCount, parseTags } from './fields';
import type { Claim, DatePrecision, IncidentDraft, NoteDraft, SourceDraft } from './types';
import type { MessageKey } from '../i18n/messages';

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;

export type Validated<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

function outcome<T, F extends string>(value: T, errors: FieldErrors<F>): Validated<T, F> {
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors };
}

export interface SourceForm {
  title: string;
  text: string;
  publisher: string;
  author: string;
  url: string;
  publishedAt: string;
  language: string;
  tags: string;
}

export type SourceField = keyof SourceForm;

/** What an edit keeps of the record that is not on the form. */
export type SourceKept = Pick<SourceDraft, 'origin'> &
  Partial<Pick<SourceDraft, 'html' | 'text' | 'pageStarts' | 'flags' | 'textHash'>>;

/**
 * Validates a source form; `origin` and `html` come from the record being edited or from an
 * import. Page offsets and the text's hash describe the text as imported: they are kept only
 * while the text is unchanged.
 */
export function validateSource(form: SourceForm, keep: SourceKept): Validated<SourceDraft, SourceField> {
  const errors: FieldErrors<SourceField> = {};
  const title = form.title.trim();
  const text = form.text.trim();
  const url = form.url.trim();
  const publishedAt = form.publishedAt.trim();
  if (!title) errors.title = 'validation.titleRequired';
  if (url && !/^https?:\/\/\S+$/i.test(url)) errors.url = 'validation.urlInvalid';
  if (publishedAt && !isIsoDate(publishedAt)) errors.publishedAt = 'validation.dateInvalid';
  const draft: SourceDraft = {
    title,
    text,
    publisher: form.publisher.trim(),
    author: form.author.trim(),
    url,
    language: form.language.trim(),
    tags: parseTags(form.tags),
    origin: keep.origin,
    ...(publishedAt ? { publishedAt } : {}),
    ...(keep.html !== undefined ? { html: keep.html } : {}),
  };
  if (keep.text === text) {
    if (keep.pageStarts) draft.pageStarts = keep.pageStarts;
    if (keep.textHash) draft.textHash = keep.textHash;
  }
  const flags = text ? keep.flags?.filter((f) => f !== 'noTextLayer') : keep.flags;
  if (flags?.length) draft.flags = flags;
  return outcome(draft, errors);
}

export function validateNote(
  body: string,
  sourceId: string | undefined,
  passageId?: string,
): Validated<NoteDraft, 'body'> {
  const text = body.trim();
  if (!text) return { ok: false, errors: { body: 'validation.noteEmpty' } };
  if (!sourceId) return { ok: true, value: { body: text } };
  return { ok: true, value: passageId ? { body: text, sourceId, passageId } : { body: text, sourceId } };
}

export interface IncidentForm {
  date: string;
  datePrecision: string;
  location: string;
  admin1: string;
  admin2: string;
  country: string;
  latitude: string;
  longitude: string;
  eventType: string;
  subEventType: string;
  perpetrator: string;
  target: string;
  fatalitiesLow: string;
  fatalitiesBest: string;
  fatalitiesHigh: string;
  injured: string;
  description: string;
  tags: string;
  sourceIds: string[];
  /** The place is a whole region, not a point. */
  regionLevel?: boolean;
}

export type IncidentField = keyof IncidentForm;

const PRECISIONS: readonly DatePrecision[] = ['day', 'week', 'month'];

/** The fields a source's account of an incident (a claim) gives, as typed. */
export type ClaimForm = Pick<
  IncidentForm,
  | 'date'
  | 'datePrecision'
  | 'location'
  | 'admin1'
  | 'admin2'
  | 'country'
  | 'latitude'
  | 'longitude'
  | 'perpetrator'
  | 'target'
  | 'fatalitiesLow'
  | 'fatalitiesBest'
  | 'fatalitiesHigh'
  | 'injured'
  | 'regionLevel'
>;

export type ClaimValues = Omit<Claim, 'id' | 'sourceId' | 'passageIds' | 'quotes' | 'createdAt'>;

/** Reads the fields of a claim; each may be blank, but what is given must be valid. */
function readClaim(form: ClaimForm, errors: FieldErrors<IncidentField>): ClaimValues {
  const date = form.date.trim();
  if (date && !isIsoDate(date)) errors.date = 'validation.dateInvalid';
  const precision = PRECISIONS.find((p) => p === form.datePrecision) ?? 'day';

  const latitude = parseBounded(form.latitude, -90, 90);
  const longitude = parseBounded(form.longitude, -180, 180);
  if (latitude === null) errors.latitude = 'validation.latitudeInvalid';
  if (longitude === null) errors.longitude = 'validation.longitudeInvalid';
  if (latitude !== null && longitude !== null && (latitude === undefined) !== (longitude === undefined))
    errors[latitude === undefined ? 'latitude' : 'longitude'] = 'validation.coordinatesPair';

  const low = parseCount(form.fatalitiesLow);
  const best = parseCount(form.fatalitiesBest);
  const high = parseCount(form.fatalitiesHigh);
  const injured = parseCount(form.injured);
  if (low === null) errors.fatalitiesLow = 'validation.countInvalid';
  if (best === null) errors.fatalitiesBest = 'validation.countInvalid';
  if (high === null) errors.fatalitiesHigh = 'validation.countInvalid';
  if (injured === null) errors.injured = 'validation.countInvalid';
  if (typeof low === 'number' && typeof best === 'number' && low > best)
    errors.fatalitiesLow = 'validation.lowAboveBest';
  if (typeof high === 'number' && typeof best === 'number' && high < best)
    errors.fatalitiesHigh = 'validation.highBelowBest';
  if (typeof low === 'number' && typeof high === 'number' && low > high)
    errors.fatalitiesHigh ??= 'validation.highBelowLow';

  const name = form.location.trim();
  const perpetrator = form.perpetrator.trim();
  const target = form.target.trim();
  return {
    ...(date ? { date, datePrecision: precision } : {}),
    ...(name
      ? {
          location: {
            name,
            admin1: form.admin1.trim(),
            ...(form.admin2.trim() ? { admin2: form.admin2.trim() } : {}),
            country: form.country.trim(),
            ...(typeof latitude === 'number' ? { latitude } : {}),
            ...(typeof longitude === 'number' ? { longitude } : {}),
            ...(form.regionLevel ? { region: true } : {}),
          },
        }
      : {}),
    ...(perpetrator ? { perpetrator } : {}),
    ...(target ? { target } : {}),
    fatalities: {
      ...(typeof low === 'number' ? { low } : {}),
      ...(typeof best === 'number' ? { best } : {}),
      ...(typeof high === 'number' ? { high } : {}),
    },
    ...(typeof injured === 'number' ? { injured } : {}),
  };
}

/** A claim as confirmed by the researcher: any field may be left blank. */
export function validateClaim(form: ClaimForm): Validated<ClaimValues, IncidentField> {
  const errors: FieldErrors<IncidentField> = {};
  const values = readClaim(form, errors);
  return outcome(values, errors);
}

export function validateIncident(form: IncidentForm): Validated<IncidentDraft, IncidentField> {
  const errors: FieldErrors<IncidentField> = {};
  const claim = readClaim(form, errors);
  if (!form.date.trim()) errors.date = 'validation.dateRequired';
  if (!claim.location) errors.location = 'validation.locationRequired';

  const eventType = form.eventType;
  if (!isEventType(eventType)) errors.eventType = 'validation.eventTypeRequired';
  else if (form.subEventType && !isSubEventOf(eventType, form.subEventType))
    errors.subEventType = 'validation.subEventTypeMismatch';

  const draft: IncidentDraft = {
    date: claim.date ?? form.date.trim(),
    datePrecision: claim.datePrecision ?? PRECISIONS.find((p) => p === form.datePrecision) ?? 'day',
    location: claim.location ?? { name: '', admin1: form.admin1.trim(), country: form.country.trim() },
    eventType: isEventType(eventType) ? eventType : 'Battles',
    subEventType: form.subEventType,
    perpetrator: claim.perpetrator ?? '',
    target: claim.target ?? '',
    fatalities: claim.fatalities,
    ...(claim.injured !== undefined ? { injured: claim.injured } : {}),
    description: form.description.trim(),
    tags: parseTags(form.tags),
    sourceIds: [...new Set(form.sourceIds)],
  };
  return outcome(draft, errors);
}
