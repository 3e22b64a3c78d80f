/**
 * Restoring a snapshot from the interface (the start-up banner, or Settings): the restore,
 * its outcome told in plain words, and a reload so that every view and the search index start
 * again from the restored archive.
 */
import type { AppContext } from '../state/context';

export async function restoreSnapshot(
  { snapshots, notices, i18n }: Pick<AppContext, 'snapshots' | 'notices' | 'i18n'>,
  name?: string,
): Promise<void> {
  try {
    const read = await snapshots.restore(name);
    if (!read.ok) {
      notices.error(i18n.t('snapshots.restoreFailed', { reason: read.error.detail }));
      return;
    }
    if (read.skipped.length)
      notices.error(
        i18n.t('snapshots.skipped', { count: read.skipped.length, names: read.skipped.join(', ') }),
      );
    notices.info(i18n.t('snapshots.restored'));
    setTimeout(() => location.reload(), 1000);
  } catch (error) {
    notices.failure(error, i18n.t('snapshots.title'));
  }
}
