/**
 * "Saved" is said only once a write is held outside the database too (the snapshot folder's
 * journal): Chromium has been seen wiping a whole database after a crash, and what the app
 * called saved must survive that. If that copy cannot be written, the user is told so.
 */
import type { MessageKey, MessageParams } from '../../../../core/i18n/messages';
import type { AppContext } from './context';

export async function announceSaved(
  app: Pick<AppContext, 'snapshots' | 'notices' | 'i18n'>,
  key: MessageKey,
  params?: MessageParams,
): Promise<void> {
  try {
    await app.snapshots.durable();
    app.notices.info(app.i18n.t(key, params));
  } catch (error) {
    app.notices.error(
      app.i18n.t('snapshots.notProtected', {
        reason: error instanceof Error ? error.message : String(error),
      }),
      error,
    );
  }
}
