import { describe, expect, it, vi } from 'vitest';
import { announceSaved } from '../../../src/renderer/src/lib/state/saved';
import { Notices } from '../../../src/renderer/src/lib/state/notices.svelte';
import { I18n } from '../../../src/renderer/src/lib/state/i18n.svelte';
import type { Snapshotter } from '../../../src/renderer/src/lib/backup/snapshotter.svelte';

/** The app's pieces `announceSaved` uses, with a journal write that takes `settle` to end. */
function app(settle: Promise<void>) {
  const i18n = new I18n('en');
  return { i18n, notices: new Notices(i18n), snapshots: { durable: () => settle } as unknown as Snapshotter };
}

describe('announceSaved', () => {
  it('says "saved" only once the copy outside the database holds the write', async () => {
    let write!: () => void;
    const a = app(new Promise<void>((resolve) => (write = resolve)));
    const said = announceSaved(a, 'notes.saved');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(a.notices.items).toEqual([]);
    write();
    await said;
    expect(a.notices.items.map((n) => [n.kind, n.text])).toEqual([['info', 'Note saved.']]);
  });

  it('says the write is not protected when that copy cannot be written, instead of "saved"', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const a = app(Promise.reject(new Error('the disk is full')));
    await announceSaved(a, 'notes.saved');
    expect(a.notices.items.map((n) => [n.kind, n.text])).toEqual([
      [
        'error',
        'Saved in the archive, but its copy in the snapshot folder could not be written (the disk is full): until a snapshot succeeds, a loss of the database would take it.',
      ],
    ]);
    error.mockRestore();
  });
});
