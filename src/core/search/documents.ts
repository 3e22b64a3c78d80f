/**
 * What the search index sees of each record. One mapping per kind, so that the index, the
 * snippets and the result labels agree on which words belong to which record.
 */
import type { Incident, Note, Passage, Source } from '../model/types';
import { shortenTitle } from '../import/text';
import type { SearchDoc } from './engine';

export type { SearchDoc };

export function sourceToDoc(source: Source): SearchDoc {
  const meta = [source.publisher, source.author].filter(Boolean).join(' · ');
  return {
    id: source.id,
    kind: 'source',
    title: source.title,
    text: meta ? `${source.text}\n\n${meta}` : source.text,
    tags: source.tags,
    language: source.language,
    stamp: source.updatedAt,
    ...(source.publishedAt ? { date: source.publishedAt } : {}),
    ...(source.pageStarts?.length ? { pageStarts: source.pageStarts } : {}),
  };
}

/** A note's title is its first line, without Markdown heading marks. */
export function noteTitle(note: Pick<Note, 'body'>): string {
  const first = note.body.split('\n').find((line) => line.trim() !== '') ?? '';
  return shortenTitle(first.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/[*_`]/g, ''), 80);
}

export function noteToDoc(note: Note): SearchDoc {
  return {
    id: note.id,
    kind: 'note',
    title: noteTitle(note),
    text: note.body,
    tags: [],
    stamp: note.updatedAt,
  };
}

export function incidentTitle(incident: Pick<Incident, 'eventType' | 'location'>): string {
  return `${incident.eventType} — ${incident.location.name}`;
}

export function incidentToDoc(incident: Incident): SearchDoc {
  const { location } = incident;
  const lines = [
    incident.description,
    [incident.subEventType, incident.perpetrator, incident.target].filter(Boolean).join(' · '),
    [location.name, location.admin1, location.country].filter(Boolean).join(', '),
  ];
  return {
    id: incident.id,
    kind: 'incident',
    title: incidentTitle(incident),
    text: lines.filter(Boolean).join('\n'),
    tags: incident.tags,
    date: incident.date,
    region: location.admin1,
    actors: [incident.perpetrator, incident.target].filter(Boolean),
    stamp: incident.updatedAt,
  };
}

/** A highlighted passage: its words, under the title of the source it is in. */
export function passageToDoc(passage: Passage, sourceTitle: string): SearchDoc {
  return {
    id: passage.id,
    kind: 'passage',
    title: sourceTitle,
    text: passage.target.quote.exact,
    tags: [],
    stamp: passage.updatedAt,
  };
}
