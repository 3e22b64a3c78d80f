/**
 * How the incidents are looked at: the filter shared by the list, the table, the timeline, the
 * map and the incidents among search results; the table's order; and which overview is open.
 */
import {
  filterChoices,
  isFiltering,
  matchesFilter,
  sortIncidents,
  type IncidentFilter,
  type SortKey,
} from '../../../../core/incidents/filter';
import type { Incident } from '../../../../core/model/types';

export type Overview = 'table' | 'timeline' | 'map';

export class IncidentView {
  filter = $state<IncidentFilter>({});
  sortKey = $state<SortKey>('date');
  descending = $state(true);
  overview = $state<Overview>('table');

  get filtering(): boolean {
    return isFiltering(this.filter);
  }

  matches(incident: Incident): boolean {
    return matchesFilter(incident, this.filter);
  }

  /** The incidents the filter keeps, in the table's order. */
  apply(incidents: readonly Incident[]): Incident[] {
    return sortIncidents(
      incidents.filter((i) => matchesFilter(i, this.filter)),
      this.sortKey,
      this.descending,
    );
  }

  choices(incidents: readonly Incident[]) {
    return filterChoices(incidents);
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = key === 'date' || key === 'fatalities';
    }
  }

  clear(): void {
    this.filter = {};
  }
}
