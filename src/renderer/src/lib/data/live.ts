/**
 * Observing the database: re-runs a query whenever the tables it read change (in this tab or
 * another), through Dexie's liveQuery. Returns the function that stops observing.
 */
import { liveQuery } from 'dexie';

export function observe<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}
