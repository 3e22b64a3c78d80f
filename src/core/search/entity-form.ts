/**
 * Editing the thesaurus: what a person typed for an entity (a name, a kind, other names one
 * per line) checked and turned into an Entity with a stable id.
 */
import type { MessageKey } from '../i18n/messages';
import type { Entity, EntityKind } from './seed-entities';
import { foldForSearch } from '../text/fold';

export interface EntityForm {
  name: string;
  kind: string;
  aliases: string;
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
  if (!kind || Object.keys(errors).length) return { ok: false, errors };
  let id = editingId ?? `${kind}:${slug(name)}`;
  if (!editingId) for (let n = 2; existing.some((e) => e.id === id); n++) id = `${kind}:${slug(name)}-${n}`;
  return { ok: true, value: { id, kind, name, aliases: parseAliases(form.aliases, name) } };
}
