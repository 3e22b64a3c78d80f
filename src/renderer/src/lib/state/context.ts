/**
 * Everything the components share, created once at start-up and handed down through Svelte's
 * context. No module-level mutable state: tests build their own.
 */
import { getContext, setContext } from 'svelte';
import type { Archive } from '../data/archive';
import type { Snapshotter } from '../backup/snapshotter.svelte';
import type { Platform } from '../platform/types';
import type { I18n } from './i18n.svelte';
import type { Importer } from './importer.svelte';
import type { IncidentView } from './incident-view.svelte';
import type { Library } from './library.svelte';
import type { Navigation } from './navigation.svelte';
import type { Notices } from './notices.svelte';
import type { SearchState } from './search.svelte';
import type { ListView } from './list-view.svelte';
import type { VaultState } from './vault.svelte';
import type { TeamView } from './team.svelte';

export interface AppContext {
  archive: Archive;
  platform: Platform;
  i18n: I18n;
  notices: Notices;
  library: Library;
  nav: Navigation;
  incidentView: IncidentView;
  lists: ListView;
  search: SearchState;
  importer: Importer;
  snapshots: Snapshotter;
  vault: VaultState;
  team: TeamView;
}

const KEY = Symbol('fieldbook');

export const provideApp = (app: AppContext): AppContext => setContext(KEY, app);
export const useApp = (): AppContext => getContext<AppContext>(KEY);
