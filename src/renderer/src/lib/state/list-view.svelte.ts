/**
 * How the lists are looked at: the order of the Sources, Notes and Trash lists (each kept from
 * one session to the next) and what the Sources list is narrowed to (publisher, words of the
 * title or publisher). The filter is never stored: in a vault, a publisher or a word written in
 * clear to the browser's storage would say what the archive holds. An order says nothing.
 */
import {
  isFilteringSources,
  isNoteOrder,
  isSourceOrder,
  isTrashOrder,
  sourceMatcher,
  type NoteOrder,
  type SourceFilter,
  type SourceOrder,
  type TrashOrder,
} from '../../../../core/model/list-order';
import type { SourceSummary } from '../../../../core/model/types';

const KEYS = {
  sources: 'fieldbook.sources.order',
  notes: 'fieldbook.notes.order',
  trash: 'fieldbook.trash.order',
} as const;

export class ListView {
  #sourceOrder = $state<SourceOrder>('added');
  #noteOrder = $state<NoteOrder>('newest');
  #trashOrder = $state<TrashOrder>('deleted');
  sourceFilter = $state<SourceFilter>({});
  #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    const stored = (list: keyof typeof KEYS) => storage?.getItem(KEYS[list]);
    const sources = stored('sources');
    const notes = stored('notes');
    const trash = stored('trash');
    if (isSourceOrder(sources)) this.#sourceOrder = sources;
    if (isNoteOrder(notes)) this.#noteOrder = notes;
    if (isTrashOrder(trash)) this.#trashOrder = trash;
  }

  get sourceOrder(): SourceOrder {
    return this.#sourceOrder;
  }
  set sourceOrder(order: SourceOrder) {
    this.#sourceOrder = order;
    this.#storage?.setItem(KEYS.sources, order);
  }

  get noteOrder(): NoteOrder {
    return this.#noteOrder;
  }
  set noteOrder(order: NoteOrder) {
    this.#noteOrder = order;
    this.#storage?.setItem(KEYS.notes, order);
  }

  get trashOrder(): TrashOrder {
    return this.#trashOrder;
  }
  set trashOrder(order: TrashOrder) {
    this.#trashOrder = order;
    this.#storage?.setItem(KEYS.trash, order);
  }

  get filteringSources(): boolean {
    return isFilteringSources(this.sourceFilter);
  }

  /** The sources of `sorted` the filter keeps, in its order. */
  filterSources(sorted: readonly SourceSummary[]): readonly SourceSummary[] {
    return this.filteringSources ? sorted.filter(sourceMatcher(this.sourceFilter)) : sorted;
  }

  clearSourceFilter(): void {
    this.sourceFilter = {};
  }
}
