/**
 * The notebook's records. Every record carries an id, creation and update times, and the
 * trash fields: a deleted record keeps all of its content and is only marked, so that it can
 * be restored; it leaves the archive only when the Trash is emptied.
 */
import type { PassageTarget } from '../annotate/selectors';
import type { EventType } from './acled';
import type { Conflicted } from '../sync/conflicts';

export type Id = string;

/** ISO date, YYYY-MM-DD. */
export type IsoDate = string;

export interface Trashable {
  /** Epoch milliseconds when the record was moved to the Trash; absent while it is live. */
  deletedAt?: number;
  /** The id of the record whose deletion carried this one along (a source's notes). */
  trashedWith?: Id;
}

export interface Timestamps {
  createdAt: number;
  updatedAt: number;
}

/*
 * `Conflicted` (sync/conflicts.ts): a shared record's fields changed apart by two members of a
 * team, each value kept with who set it and when, until someone chooses.
 */

/** Where a source came from. An imported file's original bytes are kept under its SHA-256. */
export type SourceOrigin =
  | { kind: 'manual' }
  | {
      kind: 'file';
      /** The file's name, with the folder or archive path it was imported from. */
      name: string;
      /** Media type. */
      type: string;
      size: number;
      format: ImportFormat;
      /** SHA-256 of the original bytes (hex); absent on sources imported before originals were kept. */
      sha256?: string;
    };

export type ImportFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'citation';

/** Something the reader should know about how a source's text was obtained. */
/** `titleGuessed`: the title was picked from the text (or is the file's name), not given by the file. */
export type SourceFlag = 'noTextLayer' | 'titleGuessed';

/** An imported file's bytes, stored once however many sources came from it. */
export interface Original {
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  bytes: Uint8Array;
  type: string;
  size: number;
  /** The name it was first imported under. */
  name: string;
}

export interface Source extends Trashable, Timestamps, Conflicted {
  id: Id;
  title: string;
  /** The plain text that is read, searched and quoted. */
  text: string;
  /** Sanitized article HTML kept for display, when the source came from a web page. */
  html?: string;
  publisher: string;
  author: string;
  url: string;
  publishedAt?: IsoDate;
  /** BCP 47 language code (`en`, `fr`), or empty when unknown. */
  language: string;
  tags: string[];
  origin: SourceOrigin;
  /** Offsets in `text` where each page starts, for sources with pages (PDF). */
  pageStarts?: number[];
  flags?: SourceFlag[];
  /** Hash of the normalized text, to recognise the same text imported again. */
  textHash?: string;
}

/**
 * What lists, titles and filters need of a source: everything but its text, HTML and page
 * offsets, which only the reader and the search index read (one record at a time).
 */
export type SourceSummary = Omit<Source, 'text' | 'html' | 'pageStarts'>;

export function summaryOf(source: Source): SourceSummary {
  const { text: _text, html: _html, pageStarts: _pageStarts, ...summary } = source;
  return summary;
}

export interface Note extends Trashable, Timestamps, Conflicted {
  id: Id;
  /** The source the note is about; absent for a free-standing note. */
  sourceId?: Id;
  /** The passage of that source the note is about, when it is about one. */
  passageId?: Id;
  /** Markdown. */
  body: string;
}

export type DatePrecision = 'day' | 'week' | 'month';

export interface IncidentLocation {
  name: string;
  admin1: string;
  /** The area within the region (a cercle, a province), as ACLED's admin2. */
  admin2?: string;
  country: string;
  latitude?: number;
  longitude?: number;
  /** The sources name only a region (admin 1), not a point within it. */
  region?: boolean;
}

export interface Fatalities {
  low?: number;
  best?: number;
  high?: number;
}

/** The fields of an incident that claims give and that are resolved from them. */
export const CLAIM_FIELDS = ['date', 'location', 'perpetrator', 'target', 'fatalities', 'injured'] as const;
export type ClaimField = (typeof CLAIM_FIELDS)[number];

/**
 * How a field is resolved when claims disagree: the most conservative figure or the earliest
 * date, as ACLED codes them; the best estimate, as UCDP does (the middle figure, the date most
 * sources give); or the researcher's own value.
 */
export type ResolutionRule = 'conservative' | 'best' | 'manual';

/** One source's account of an incident, read from passages of that source. */
export interface Claim {
  id: Id;
  sourceId: Id;
  /** The passages the claim was read from (they may since have been deleted). */
  passageIds: Id[];
  date?: IsoDate;
  /** Last day, when the source gives a range ("from 18 to 19 June"). */
  dateUntil?: IsoDate;
  datePrecision?: DatePrecision;
  location?: IncidentLocation;
  perpetrator?: string;
  target?: string;
  fatalities: Fatalities;
  injured?: number;
  /** The words each value was read from: "at least 31", "on Friday". */
  quotes: Partial<Record<ClaimField, string>>;
  createdAt: number;
}

export interface Incident extends Trashable, Timestamps, Conflicted {
  id: Id;
  date: IsoDate;
  /** Last day, when the incident spans several ("from 18 to 19 June"). */
  dateUntil?: IsoDate;
  datePrecision: DatePrecision;
  location: IncidentLocation;
  eventType: EventType;
  subEventType: string;
  /** ACLED's actor 1: who acted. */
  perpetrator: string;
  /** ACLED's actor 2: who was acted upon. */
  target: string;
  fatalities: Fatalities;
  injured?: number;
  description: string;
  tags: string[];
  /** Every source that reports the incident: those of its claims, and any linked by hand. */
  sourceIds: Id[];
  /** Each source's account; absent on incidents entered by hand only. */
  claims?: Claim[];
  /** How each field is resolved from the claims (`best` when not given). */
  rules?: Partial<Record<ClaimField, ResolutionRule>>;
  /** The claim each resolved field was taken from. */
  provenance?: Partial<Record<ClaimField, Id>>;
  /** The researcher judges the reports irreconcilable. */
  disputed?: boolean;
}

/** A highlight's colour; the names are the meanings researchers give them, shown translated. */
export const PASSAGE_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type PassageColor = (typeof PASSAGE_COLORS)[number];

/** A passage marked in a source's text, anchored as a W3C Web Annotation target. */
export interface Passage extends Timestamps, Conflicted {
  id: Id;
  sourceId: Id;
  target: PassageTarget;
  color: PassageColor;
}

export type RecordKind = 'source' | 'note' | 'incident';

export type SourceDraft = Omit<Source, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'trashedWith'>;
export type NoteDraft = Omit<Note, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'trashedWith'>;
export type IncidentDraft = Omit<Incident, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'trashedWith'>;
