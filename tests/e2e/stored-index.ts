import type { Page } from '@playwright/test';

/** How many search-index segments the app has stored in IndexedDB (sealed or not). */
export function storedSegments(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(open.error ?? new Error('cannot open the database'));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('searchSegments').objectStore('searchSegments').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
  );
}
