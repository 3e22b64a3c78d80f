/** Where a row of a virtual list stands in the whole list, and the attributes its `<li>` carries to say so. */
export interface RowPlace {
  index: number;
  attributes: { 'aria-posinset': number; 'aria-setsize': number; 'data-index': number };
}
