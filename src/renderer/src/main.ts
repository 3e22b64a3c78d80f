/**
 * Start-up: open the archive, start the search worker, and mount the app. Unexpected errors
 * anywhere in the page are reported to the user, not lost.
 */
import { mount, unmount } from 'svelte';
import App from './App.svelte';
import LockScreen from './lib/components/vault/LockScreen.svelte';
import { folderVaultHeader, sealedFolder } from './lib/backup/sealed-folder';
import { VaultState } from './lib/state/vault.svelte';
import './app.css';
import { openArchive } from './lib/data/archive';
import { changeFeed } from './lib/data/changes';
import { isNewerDatabase, openChecked, SCHEMA_VERSION } from './lib/data/db';
import { Snapshotter } from './lib/backup/snapshotter.svelte';
import { workerExtractor } from './lib/import/extractor';
import { detectPlatform } from './lib/platform';
import { SearchClient } from './lib/search/client';
import type { AppContext } from './lib/state/context';
import { I18n } from './lib/state/i18n.svelte';
import { Importer } from './lib/state/importer.svelte';
import { Library } from './lib/state/library.svelte';
import { IncidentView } from './lib/state/incident-view.svelte';
import { ListView } from './lib/state/list-view.svelte';
import { Navigation } from './lib/state/navigation.svelte';
import { Notices } from './lib/state/notices.svelte';
import { SearchState } from './lib/state/search.svelte';
import { TeamView } from './lib/state/team.svelte';

/** A message in place of the app, when the archive cannot be opened safely. */
function showFatal(message: string): void {
  const target = document.getElementById('app');
  if (!target) return;
  const box = document.createElement('div');
  box.className = 'fatal';
  box.setAttribute('role', 'alert');
  const heading = document.createElement('h1');
  heading.textContent = 'Fieldbook';
  const text = document.createElement('p');
  text.textContent = message;
  box.append(heading, text);
  target.replaceChildren(box);
}

/** Shows the lock screen until the vault is unlocked. */
function unlocked(vault: VaultState, i18n: I18n): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('The page has no #app element to mount Fieldbook in');
  return new Promise((resolve) => {
    const screen = mount(LockScreen, {
      target,
      props: {
        vault,
        i18n,
        onunlocked: () => {
          void unmount(screen);
          resolve();
        },
      },
    });
  });
}

async function start(): Promise<void> {
  const platform = detectPlatform();
  const i18n = new I18n(await platform.systemLocale());
  const notices = new Notices(i18n);
  const report = (error: unknown) =>
    notices.error(
      i18n.t('error.unexpected', { message: error instanceof Error ? error.message : String(error) }),
      error,
    );
  window.addEventListener('error', (event) => report(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => report(event.reason));

  const archive = openArchive();
  try {
    await openChecked(archive.db);
    performance.mark('fieldbook:archive-open');
  } catch (error) {
    // Nothing else starts: no view, no index, no snapshot may touch an archive this code cannot read.
    showFatal(
      isNewerDatabase(error)
        ? i18n.t('error.newerDatabase', { found: error.found, supported: SCHEMA_VERSION })
        : i18n.t('error.openFailed', { message: error instanceof Error ? error.message : String(error) }),
    );
    console.error('The archive could not be opened', error);
    return;
  }
  // A vault (its header in the archive, or beside the snapshots if the archive was wiped) is
  // unlocked before anything else reads it: the lock screen is all there is until then.
  const folder = sealedFolder(platform.snapshots, archive.sealer);
  let vault: VaultState;
  try {
    vault = new VaultState(
      archive,
      folder,
      (await archive.vault.header()) ?? (await folderVaultHeader(folder)),
    );
  } catch (error) {
    showFatal(
      i18n.t('error.openFailed', { message: error instanceof Error ? error.message : String(error) }),
    );
    console.error('The vault header could not be read', error);
    return;
  }
  if (vault.status === 'locked') await unlocked(vault, i18n);
  const lockFailed = (error: unknown) =>
    notices.error(
      i18n.t('vault.lockFailed', { reason: error instanceof Error ? error.message : String(error) }),
      error,
    );
  platform.onLockRequest(() => void vault.lock().catch(lockFailed));
  vault.watchIdle(lockFailed);

  // Ask the browser never to evict the archive to free space (granted silently or not at all).
  void navigator.storage
    ?.persist()
    .catch((error: unknown) => console.error('Persistent storage could not be requested', error));
  const search = new SearchState(
    new SearchClient({
      onCrash: (error) => notices.error(i18n.t('search.unavailable', { reason: error.message }), error),
      onChanged: () => search.indexChanged(),
      onTextsLoaded: (dropped, error) => {
        performance.mark('fieldbook:index-texts');
        search.textsLoaded(dropped);
        if (error) notices.info(i18n.t('search.rebuilding', { reason: error }));
      },
      onTextsUnreadable: (error) =>
        console.error('The saved search index’s texts could not be read; those parts are rebuilt', error),
      onSnapshot: (snapshot) => {
        archive.searchIndex
          .save(snapshot)
          .catch((error: unknown) => notices.failure(error, i18n.t('search.indexName')));
      },
    }),
  );
  // The persisted index is a cache: when it cannot be used, it is rebuilt from the records.
  // It is read while the views read the archive: neither waits for the other.
  // Each segment goes to the worker as it is read, and is decoded there while the next is read.
  const indexLoaded = search
    .start(
      (sink) => archive.searchIndex.read(sink).finally(() => performance.mark('fieldbook:index-read')),
      (reason) => notices.info(i18n.t('search.rebuilding', { reason })),
      (error) => console.error('The saved search index could not be read; it will be rebuilt', error),
    )
    .then(() => performance.mark('fieldbook:index-loaded'))
    .catch((error: unknown) =>
      notices.error(
        i18n.t('search.unavailable', { reason: error instanceof Error ? error.message : String(error) }),
        error,
      ),
    );
  const loadFailed = (error: unknown) =>
    notices.error(
      i18n.t('error.loadFailed', { message: error instanceof Error ? error.message : String(error) }),
      error,
    );
  const library = new Library(archive, changeFeed(archive.db, archive.journal, loadFailed), {
    onLoaded: (stamps, documents) => void search.reconcile(stamps, documents).catch(loadFailed),
    onChanges: (add, remove) => search.apply(add, remove),
    onEntities: (entities) => search.setEntities(entities),
    onError: loadFailed,
    // The rest of the sources is read once the index is loaded: a first search hit comes before
    // the end of a long list (both at once, on two cores, delayed the hit by seconds).
    pagesAfter: indexLoaded,
  });
  // Snapshots outside IndexedDB; none is taken until the archive is found to be whole.
  const snapshots = new Snapshotter(archive.backup, folder, { journal: archive.journal });
  // The last second of changes reaches the snapshot folder before a lock reloads the app.
  vault.beforeLock(() => snapshots.flushJournal());
  const importer: Importer = new Importer(
    archive.sources,
    workerExtractor(
      () => importer.maxFileMb * 1024 * 1024,
      (bytes) => importer.timeLimitFor(bytes),
    ),
  );
  // An import counts a file once the journal outside the database holds it: a wipe cannot take it then.
  importer.durable = () => snapshots.durable();
  // Team work: off until the archive creates or joins a team; then this window's writes are
  // published as they commit.
  const team = new TeamView(archive, {
    onError: (error) =>
      notices.error(
        i18n.t('team.publishFailed', { reason: error instanceof Error ? error.message : String(error) }),
        error,
      ),
    allowServer: (address) => platform.allowSyncServer(address),
  });
  void team.load().catch(loadFailed);
  const context: AppContext = {
    archive,
    platform,
    i18n,
    notices,
    library,
    nav: new Navigation(),
    incidentView: new IncidentView(),
    lists: new ListView(),
    search,
    importer,
    snapshots,
    vault,
    team,
  };
  const target = document.getElementById('app');
  if (!target) throw new Error('The page has no #app element to mount Fieldbook in');
  mount(App, { target, props: { context } });
  // The check runs with the window already usable: until it passes, no snapshot is taken, and
  // the journal holds the work done meanwhile until it can be written.
  try {
    if ((await snapshots.check()).kind === 'ok') {
      snapshots.enable();
      if (snapshots.behind) snapshots.changed();
    }
    performance.mark('fieldbook:snapshots-checked');
  } catch (error) {
    notices.error(
      i18n.t('snapshots.unavailable', { reason: error instanceof Error ? error.message : String(error) }),
      error,
    );
  }
}

start().catch((error: unknown) => {
  console.error('Fieldbook could not start', error);
  document.body.textContent = `Fieldbook could not start: ${error instanceof Error ? error.message : String(error)}`;
});
