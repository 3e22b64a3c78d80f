/** Small typed factories for test data: each test states only what matters to it. */
import type { IncidentForm, SourceForm } from '../../src/core/model/validate';
import type { Claim, Incident, Note, Source, SourceDraft } from '../../src/core/model/types';

let counter = 0;
const nextId = () => `id-${++counter}`;

export function sourceDraft(overrides: Partial<SourceDraft> = {}): SourceDraft {
  return {
    title: 'Bus attacked near Bandiagara',
    text: 'At least 31 people were killed when militants attacked a bus in the Mopti region.',
    publisher: 'Al Jazeera',
    author: '',
    url: '',
    language: 'en',
    tags: [],
    origin: { kind: 'manual' },
    ...overrides,
  };
}

export function source(overrides: Partial<Source> = {}): Source {
  return { ...sourceDraft(), id: nextId(), createdAt: 1, updatedAt: 1, ...overrides };
}

export function note(overrides: Partial<Note> = {}): Note {
  return { id: nextId(), body: 'A note', createdAt: 1, updatedAt: 1, ...overrides };
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: nextId(),
    date: '2021-12-03',
    datePrecision: 'day',
    location: { name: 'Songho', admin1: 'Mopti', country: 'Mali' },
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    perpetrator: 'JNIM',
    target: 'Civilians',
    fatalities: { best: 31 },
    description: 'Militants attacked a bus carrying civilians to a market.',
    tags: [],
    sourceIds: [],
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

export function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    id: nextId(),
    sourceId: 'source-1',
    passageIds: [],
    fatalities: {},
    quotes: {},
    createdAt: 1,
    ...overrides,
  };
}

export function sourceForm(overrides: Partial<SourceForm> = {}): SourceForm {
  return {
    title: 'A title',
    text: 'Some text',
    publisher: '',
    author: '',
    url: '',
    publishedAt: '',
    language: '',
    tags: '',
    ...overrides,
  };
}

export function incidentForm(overrides: Partial<IncidentForm> = {}): IncidentForm {
  return {
    date: '2021-12-03',
    datePrecision: 'day',
    location: 'Songho',
    admin1: 'Mopti',
    admin2: '',
    country: 'Mali',
    latitude: '',
    longitude: '',
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    perpetrator: 'JNIM',
    target: 'Civilians',
    fatalitiesLow: '',
    fatalitiesBest: '31',
    fatalitiesHigh: '',
    injured: '',
    description: '',
    tags: '',
    sourceIds: [],
    ...overrides,
  };
}
