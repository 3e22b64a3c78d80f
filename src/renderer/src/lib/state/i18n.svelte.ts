/**
 * The language of the interface: the system's unless the user chose one in Settings (kept in
 * local storage, which holds no archive content). Dates and numbers follow the same locale.
 */
import {
  isLocale,
  matchLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../../../../core/i18n/messages';
import type { Fatalities, Incident } from '../../../../core/model/types';

export type LocalePreference = Locale | 'system';

const STORAGE_KEY = 'fieldbook.locale';

export class I18n {
  #system = $state<Locale>('en');
  #preference = $state<LocalePreference>('system');
  readonly locale: Locale = $derived(this.#preference === 'system' ? this.#system : this.#preference);
  #dateFormat = $derived(new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }));
  #dateTimeFormat = $derived(
    new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }),
  );
  #numberFormat = $derived(new Intl.NumberFormat(this.locale));
  #monthFormat = $derived(
    new Intl.DateTimeFormat(this.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  );

  constructor(systemTag: string, storage: Storage | undefined = globalThis.localStorage) {
    this.#system = matchLocale(systemTag);
    const stored = storage?.getItem(STORAGE_KEY) ?? 'system';
    this.#preference = stored !== 'system' && isLocale(stored) ? stored : 'system';
    this.#storage = storage;
  }

  #storage: Storage | undefined;

  get preference(): LocalePreference {
    return this.#preference;
  }

  get systemLocale(): Locale {
    return this.#system;
  }

  setPreference(preference: LocalePreference): void {
    this.#preference = preference;
    this.#storage?.setItem(STORAGE_KEY, preference);
  }

  t = (key: MessageKey, params?: MessageParams): string => translate(this.locale, key, params);

  /** An ISO day (YYYY-MM-DD) as the reader's locale writes it. */
  date = (iso: string): string => {
    const [y, m, d] = iso.split('-').map(Number);
    if (!y || !m || !d) return iso;
    return this.#dateFormat.format(Date.UTC(y, m - 1, d));
  };

  /** A month and its year ("Dec 2021"), for the ticks of a time axis. */
  month = (date: Date): string => this.#monthFormat.format(date);

  dateTime = (epochMs: number): string => this.#dateTimeFormat.format(epochMs);

  number = (value: number): string => this.#numberFormat.format(value);

  /** An incident's figures as the reader shows them: "31 killed (reported 30–33)". */
  fatalities = ({ low, best, high }: Fatalities): string => {
    if (best === undefined) return this.t('incidents.fatalitiesUnknown');
    if (low !== undefined && high !== undefined && (low !== best || high !== best))
      return this.t('incidents.fatalitiesRange', {
        best: this.number(best),
        low: this.number(low),
        high: this.number(high),
      });
    return this.t('incidents.fatalitiesSummary', { best: this.number(best) });
  };

  /** An incident as the interface names it: its event type, translated, and its place. */
  incidentTitle = (incident: Pick<Incident, 'eventType' | 'location'>): string =>
    `${this.t(`event.${incident.eventType}`)} — ${incident.location.name}`;

  /** An incident named with its date, where several are listed together. */
  incidentLabel = (incident: Pick<Incident, 'eventType' | 'location' | 'date'>): string =>
    `${this.incidentTitle(incident)}, ${this.date(incident.date)}`;
}
