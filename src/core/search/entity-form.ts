/**
 * Editing the thesaurus: what a person typed for an entity (a name, a kind, other names one
 * per line, and for a place its region, country and coordinates) checked and turned into an
 * Entity with a stable id. A place with coordinates joins the offline gazetteer.
 */
import type { MessageKey } from '../i18n/messages';
import type { Entity, EntityKind } from './seed-entities';
import { foldForSearch } from '../text/fold';
import { parseBounded } from '../model/fields';

export interface EntityForm {
  name: string;
  kind: string;
  aliases: string;
  /** For a place; blank for an actor. */
  admin1: string;
  country: string;
  latitude: string;
  longitude: string;
}

/** The form for an entity, or for a new one. */
export function entityForm(entity?: Entity): EntityForm {
  return {
    name: entity?.name ?? '',
    kind: entity?.kind ?? 'actor',
    aliases: entity?.aliases.join('\n') ?? '',
    admin1: entity?.admin1 ?? '',
    country: entity?.country ?? '',
    latitude: entity?.lat === undefined ? '' : String(entity.lat),
    longitude: entity?.lng === undefined ? '' : String(entity.lng),
  };
}

export type EntityField = keyof EntityForm;

/** Other names, one per line (or separated by semicolons), without blanks or repeats. */
export function parseAliases(text: string, name = ''): string[] {
  const seen = new Set([foldForSearch(name).toLowerCase().trim()]);
  const aliases: string[] = [];
  for (const raw of text.split(/[\n;]/)) {
    const alias = raw.replace(/\s+/g, ' ').trim();
    const key = foldForSearch(alias).toLowerCase();
    if (alias && !seen.has(key)) {
      seen.add(key);
      aliases.push(alias);
    }
  }
  return aliases;
}

const slug = (name: string) =>
  foldForSearch(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'entity';

export function validateEntity(
  form: EntityForm,
  existing: readonly Entity[],
  editingId?: string,
): { ok: true; value: Entity } | { ok: false; errors: Partial<Record<EntityField, MessageKey>> } {
  const name = form.name.replace(/\s+/g, ' ').trim();
  const kind: EntityKind | undefined = form.kind === 'actor' || form.kind === 'place' ? form.kind : undefined;
  const errors: Partial<Record<EntityField, MessageKey>> = {};
  if (!name) errors.name = 'thesaurus.nameRequired';
  if (!kind) errors.kind = 'thesaurus.kindRequired';
  const clash = existing.find(
    (e) => e.id !== editingId && foldForSearch(e.name).toLowerCase() === foldForSearch(name).toLowerCase(),
  );
  if (name && clash) errors.name = 'thesaurus.nameTaken';
  const place = kind === 'place';
  const lat = place ? parseBounded(form.latitude, -90, 90) : undefined;
  const lng = place ? parseBounded(form.longitude, -180, 180) : undefined;
  if (lat === null) errors.latitude = 'validation.latitudeInvalid';
  if (lng === null) errors.longitude = 'validation.longitudeInvalid';
  if (lat !== null && lng !== null && (lat === undefined) !== (lng === undefined))
    errors[lat === undefined ? 'latitude' : 'longitude'] = 'validation.coordinatesPair';
  if (!kind || Object.keys(errors).length) return { ok: false, errors };
  let id = editingId ?? `${kind}:${slug(name)}`;
  if (!editingId) for (let n = 2; existing.some((e) => e.id === id); n++) id = `${kind}:${slug(name)}-${n}`;
  const entity: Entity = { id, kind, name, aliases: parseAliases(form.aliases, name) };
  if (place) {
    const admin1 = form.admin1.trim();
    const country = form.country.trim().toUpperCase();
    if (admin1) entity.admin1 = admin1;
    if (country) entity.country = country;
    if (typeof lat === 'number' && typeof lng === 'number') Object.assign(entity, { lat, lng });
  }
  return { ok: true, value: entity };
}
