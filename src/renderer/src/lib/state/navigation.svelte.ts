/** Where the user is: the main view and the record open in it. */
import type { RecordKind } from '../../../../core/model/types';

export type View = 'sources' | 'notes' | 'incidents' | 'trash' | 'settings';

const VIEW_OF: Record<RecordKind, View> = { source: 'sources', note: 'notes', incident: 'incidents' };

export class Navigation {
  #view = $state<View>('sources');
  #selected = $state<{ kind: RecordKind; id: string } | null>(null);
  /** The page of the open source to show, when a search hit pointed to one. */
  #page = $state<number | null>(null);
  /** The passage of the open source to show. */
  #passage = $state<string | null>(null);

  get view(): View {
    return this.#view;
  }

  get selected(): { kind: RecordKind; id: string } | null {
    return this.#selected;
  }

  selectedId(kind: RecordKind): string | null {
    return this.#selected?.kind === kind ? this.#selected.id : null;
  }

  go(view: View): void {
    this.#view = view;
    if (this.#selected && VIEW_OF[this.#selected.kind] !== view) this.#selected = null;
  }

  /** Opens a record; `page`, for a source with pages, is shown first. */
  open(kind: RecordKind, id: string, page?: number): void {
    this.#view = VIEW_OF[kind];
    this.#selected = { kind, id };
    this.#page = page ?? null;
    this.#passage = null;
  }

  /** Opens a source at one of its passages (the words an incident's field was read from). */
  openPassage(sourceId: string, passageId: string): void {
    this.open('source', sourceId);
    this.#passage = passageId;
  }

  get page(): number | null {
    return this.#page;
  }

  get passage(): string | null {
    return this.#passage;
  }

  close(): void {
    this.#selected = null;
  }
}
