/**
 * The live contents of the archive, kept current by observing the database: every add, edit
 * and delete (here or in another window) shows up without a reload. Each change is also handed
 * to `onDocuments`, which keeps the search index in step.
 */
import type { Incident, Note, Passage, Source } from '../../../../core/model/types';
import {
  incidentToDoc,
  noteToDoc,
  passageToDoc,
  sourceToDoc,
  type SearchDoc,
} from '../../../../core/search/documents';
import type { Archive } from '../data/archive';
import { observe } from '../data/live';
import type { TrashItem } from '../data/trash';
import type { Entity } from '../../../../core/search/seed-entities';

/** The tables whose records go to the search index: sources, notes, incidents, passages. */
const FEEDS = 4;

export interface LibraryHooks {
  onDocuments: (docs: SearchDoc[]) => void;
  onEntities: (entities: Entity[]) => void;
  onError: (error: unknown) => void;
}

export class Library {
  // Records are replaced, never mutated in place: raw state avoids deep proxies (and keeps them cloneable).
  #sources = $state.raw<Source[]>([]);
  #notes = $state.raw<Note[]>([]);
  #incidents = $state.raw<Incident[]>([]);
  #trash = $state.raw<TrashItem[]>([]);
  #entities = $state.raw<Entity[]>([]);
  #passages = $state.raw<Passage[]>([]);
  #loaded = $state(0);
  #stops: (() => void)[] = [];

  readonly sourceTitles: ReadonlyMap<string, string> = $derived(
    // Rebuilt whole on every change and never mutated, so a plain Map is right here.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    new Map(this.#sources.map((s) => [s.id, s.title])),
  );

  constructor(archive: Archive, { onDocuments, onEntities, onError }: LibraryHooks) {
    const feed = () => {
      if (this.#loaded >= FEEDS) {
        const titles = this.sourceTitles;
        onDocuments([
          ...this.#sources.map(sourceToDoc),
          ...this.#notes.map(noteToDoc),
          ...this.#incidents.map(incidentToDoc),
          // A passage of a source in the Trash is not searched.
          ...this.#passages
            .filter((p) => titles.has(p.sourceId))
            .map((p) => passageToDoc(p, titles.get(p.sourceId)!)),
        ]);
      }
    };
    const track = <T>(query: () => Promise<T>, set: (value: T) => void, feeds: boolean) => {
      let first = true;
      this.#stops.push(
        observe(
          query,
          (value) => {
            set(value);
            if (first && feeds) this.#loaded++;
            first = false;
            if (feeds) feed();
          },
          onError,
        ),
      );
    };
    track(
      () => archive.sources.listLive(),
      (v) => (this.#sources = v),
      true,
    );
    track(
      () => archive.notes.listLive(),
      (v) => (this.#notes = v),
      true,
    );
    track(
      () => archive.incidents.listLive(),
      (v) => (this.#incidents = v),
      true,
    );
    track(
      () => archive.trash.list(),
      (v) => (this.#trash = v),
      false,
    );
    track(
      () => archive.passages.listAll(),
      (v) => (this.#passages = v),
      true,
    );
    track(
      () => archive.entities.list(),
      (v) => {
        this.#entities = v;
        onEntities(v);
      },
      false,
    );
  }

  get ready(): boolean {
    return this.#loaded >= FEEDS;
  }
  get sources(): readonly Source[] {
    return this.#sources;
  }
  get notes(): readonly Note[] {
    return this.#notes;
  }
  /** Newest first. */
  get incidents(): readonly Incident[] {
    return this.#incidents;
  }
  get trash(): readonly TrashItem[] {
    return this.#trash;
  }
  /** Every passage marked in a source, oldest first. */
  get passages(): readonly Passage[] {
    return this.#passages;
  }
  /** The thesaurus: actors, then places, by name. */
  get entities(): readonly Entity[] {
    return this.#entities;
  }

  destroy(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
  }
}
