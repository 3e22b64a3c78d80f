import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { openArchive, type Archive } from '../../../src/renderer/src/lib/data/archive';
import { guardWrite, isQuotaError, StorageFullError } from '../../../src/renderer/src/lib/data/errors';
import { incident, sourceDraft } from '../factories';
import { describeRange } from '../../../src/core/annotate/selectors';
import { createVault } from '../../../src/renderer/src/lib/crypto/vault';

// Every repository works the same on an archive in clear and on a sealed vault.
describe.each([
  { inVault: false, name: 'in clear' },
  { inVault: true, name: 'in a vault' },
])('an archive $name', ({ inVault }) => {
  let db: FieldbookDb;
  let archive: Archive;

  beforeEach(async () => {
    db = openDatabase(`test-${Math.random()}`);
    archive = openArchive(db);
    if (inVault) {
      const { header, key } = await createVault('correct horse battery staple', {
        memorySize: 1024,
        iterations: 1,
      });
      await archive.vault.seal(header, key);
    }
  });

  afterEach(async () => {
    await db.delete();
  });

  describe('sources repository', () => {
    it('stores a source with an id and times, and lists the newest first', async () => {
      const first = await archive.sources.create(sourceDraft({ title: 'First' }));
      await new Promise((r) => setTimeout(r, 2));
      await archive.sources.create(sourceDraft({ title: 'Second' }));
      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await archive.sources.listLive()).map((s) => s.title)).toEqual(['Second', 'First']);
    });

    it('keeps the creation time on edit', async () => {
      const created = await archive.sources.create(sourceDraft());
      const updated = await archive.sources.update(
        created.id,
        sourceDraft({ title: 'Edited', tags: ['mali'] }),
      );
      expect(updated).toMatchObject({ title: 'Edited', tags: ['mali'], createdAt: created.createdAt });
      expect(await archive.sources.get(created.id)).toEqual(updated);
    });

    it('moves a source to the Trash together with its notes, and restores both', async () => {
      const s = await archive.sources.create(sourceDraft({ title: 'Bus attack' }));
      const onSource = await archive.notes.create({ body: 'Figures differ', sourceId: s.id });
      const alone = await archive.notes.create({ body: 'Free-standing' });

      await archive.sources.trash(s.id);
      expect(await archive.sources.listLive()).toEqual([]);
      expect((await archive.notes.listLive()).map((n) => n.id)).toEqual([alone.id]);
      const trash = await archive.trash.list();
      expect(trash.map((i) => [i.kind, i.title]).sort()).toEqual([
        ['note', 'Figures differ'],
        ['source', 'Bus attack'],
      ]);

      await archive.trash.restore('source', s.id);
      expect((await archive.sources.listLive()).map((x) => x.id)).toEqual([s.id]);
      expect((await archive.notes.listLiveForSource(s.id)).map((n) => n.id)).toEqual([onSource.id]);
      expect(await archive.trash.list()).toEqual([]);
    });

    it('does not bring back a note that was deleted on its own before its source', async () => {
      const s = await archive.sources.create(sourceDraft());
      const n = await archive.notes.create({ body: 'Deleted first', sourceId: s.id });
      await archive.notes.trash(n.id);
      await archive.sources.trash(s.id);
      await archive.trash.restore('source', s.id);
      expect(await archive.notes.listLiveForSource(s.id)).toEqual([]);
      expect((await archive.trash.list()).map((i) => i.id)).toEqual([n.id]);
    });
  });

  describe('trash repository', () => {
    it('empties for good and leaves no reference to what it removed', async () => {
      const kept = await archive.sources.create(sourceDraft({ title: 'Kept' }));
      const gone = await archive.sources.create(sourceDraft({ title: 'Gone' }));
      const note = await archive.notes.create({ body: 'On the gone source', sourceId: gone.id });
      const {
        id: _drop,
        createdAt: _c,
        updatedAt: _u,
        ...draft
      } = incident({ sourceIds: [kept.id, gone.id] });
      const inc = await archive.incidents.create(draft);

      await archive.sources.trash(gone.id);
      await archive.trash.restore('note', note.id); // the note comes back on its own
      expect(await archive.trash.empty()).toBe(1);

      expect(await db.sources.get(gone.id)).toBeUndefined();
      expect((await archive.notes.get(note.id))?.sourceId).toBeUndefined();
      expect((await archive.incidents.get(inc.id))?.sourceIds).toEqual([kept.id]);
      expect(await archive.trash.list()).toEqual([]);
    });

    it('refuses to restore something that is not there', async () => {
      await expect(archive.trash.restore('incident', 'missing')).rejects.toThrow(
        /No incident with id missing/,
      );
    });
  });

  describe('incidents repository', () => {
    it('lists live incidents by date, newest first or oldest first', async () => {
      const make = (date: string) => {
        const { id: _i, createdAt: _c, updatedAt: _u, ...draft } = incident({ date });
        return archive.incidents.create(draft);
      };
      await make('2022-03-04');
      await make('2021-12-03');
      const trashed = await make('2023-01-01');
      await archive.incidents.trash(trashed.id);
      expect((await archive.incidents.listLive()).map((i) => i.date)).toEqual(['2022-03-04', '2021-12-03']);
      expect((await archive.incidents.listLive(true)).map((i) => i.date)).toEqual([
        '2021-12-03',
        '2022-03-04',
      ]);
    });
  });

  describe('incidents built from claims', () => {
    const draftOf = (overrides: Parameters<typeof incident>[0] = {}) => {
      const { id: _i, createdAt: _c, updatedAt: _u, ...draft } = incident(overrides);
      return draft;
    };

    it('resolves an incident from two sources, keeps a hand edit, and merges a duplicate keeping every claim', async () => {
      const a = await archive.sources.create(sourceDraft({ title: 'Al Jazeera' }));
      const b = await archive.sources.create(sourceDraft({ title: 'France 24' }));
      const created = await archive.incidents.createFromClaim(draftOf({ fatalities: {}, sourceIds: [] }), {
        sourceId: a.id,
        passageIds: ['p1'],
        date: '2021-12-03',
        fatalities: { low: 31, best: 31 },
        quotes: { fatalities: 'at least 31' },
      });
      expect(created.fatalities).toEqual({ low: 31, best: 31, high: 31 });
      expect(created.sourceIds).toEqual([a.id]);

      let stored = await archive.incidents.addClaim(created.id, {
        sourceId: b.id,
        passageIds: ['p2'],
        date: '2021-12-03',
        fatalities: { low: 30, best: 30 },
        quotes: { fatalities: 'more than 30' },
      });
      expect(stored.sourceIds).toEqual([a.id, b.id]);
      stored = await archive.incidents.setRule(created.id, 'fatalities', 'conservative');
      expect(stored.fatalities.best).toBe(30);
      expect(stored.provenance?.fatalities).toBe(stored.claims?.[1]?.id);

      // Edited by hand: the description changes, not the figures, so they stay resolved.
      await archive.incidents.update(created.id, {
        ...draftOf(),
        ...stored,
        description: 'Bus to Bandiagara',
      });
      stored = (await archive.incidents.get(created.id))!;
      expect(stored.rules).toEqual({ fatalities: 'conservative' });
      expect(stored.claims).toHaveLength(2);
      stored = await archive.incidents.setDisputed(created.id, true);
      expect((await archive.incidents.get(created.id))?.disputed).toBe(true);

      const twin = await archive.incidents.createFromClaim(draftOf({ sourceIds: [] }), {
        sourceId: b.id,
        passageIds: ['p3'],
        fatalities: { best: 32 },
        quotes: {},
      });
      const merged = await archive.incidents.merge(created.id, twin.id);
      expect(merged.claims).toHaveLength(3);
      expect((await archive.incidents.get(twin.id))?.deletedAt).toBeGreaterThan(0);
      expect((await archive.incidents.listLive()).map((i) => i.id)).toEqual([created.id]);

      // A source purged from the Trash takes its claims; the incident keeps the figure.
      await archive.sources.trash(b.id);
      await archive.trash.empty();
      stored = (await archive.incidents.get(created.id))!;
      expect(stored.claims?.map((c) => c.sourceId)).toEqual([a.id]);
      expect(stored.sourceIds).toEqual([a.id]);
      expect(stored.fatalities.best).toBe(31);
    });

    it('drops a date range that only a purged source gave, when the remaining report gives one day', async () => {
      const a = await archive.sources.create(sourceDraft({ title: 'Range' }));
      const b = await archive.sources.create(sourceDraft({ title: 'One day' }));
      const created = await archive.incidents.createFromClaim(draftOf({ fatalities: {}, sourceIds: [] }), {
        sourceId: a.id,
        passageIds: [],
        date: '2022-06-18',
        dateUntil: '2022-06-19',
        fatalities: {},
        quotes: {},
      });
      await archive.incidents.addClaim(created.id, {
        sourceId: b.id,
        passageIds: [],
        date: '2022-06-19',
        fatalities: {},
        quotes: {},
      });
      expect((await archive.incidents.get(created.id))?.dateUntil).toBe('2022-06-19');
      await archive.sources.trash(a.id);
      await archive.trash.empty();
      const stored = (await archive.incidents.get(created.id))!;
      expect(stored.date).toBe('2022-06-19');
      expect(stored.dateUntil).toBeUndefined();
      expect(stored.provenance?.date).toBe(stored.claims?.[0]?.id);
    });
  });

  describe('passages repository', () => {
    it('keeps passages with their source, and removes them when the source leaves the Trash', async () => {
      const text = 'Gunmen attacked a bus near Songho. At least 31 people were killed.';
      const s = await archive.sources.create(sourceDraft({ title: 'Bus attack', text }));
      const other = await archive.sources.create(sourceDraft({ title: 'Other' }));
      const start = text.indexOf('At least');
      const first = await archive.passages.create(
        s.id,
        describeRange(text, start, text.length - 1),
        'yellow',
      );
      await archive.passages.create(s.id, describeRange(text, 0, 6), 'green');
      await archive.passages.create(other.id, describeRange(other.text, 0, 5), 'blue');
      expect((await archive.passages.listForSource(s.id)).map((p) => p.target.quote.exact).sort()).toEqual([
        'At least 31 people were killed',
        'Gunmen',
      ]);
      expect((await archive.backup.content()).passages).toHaveLength(3);

      await archive.passages.remove(first.id);
      await archive.sources.trash(s.id);
      await archive.trash.empty();
      expect((await archive.passages.listAll()).map((p) => p.sourceId)).toEqual([other.id]);
    });
  });

  describe('passages of the same words', () => {
    it('are one passage: marking the same words again gives back the one already stored', async () => {
      const text = 'Gunmen attacked a bus near Songho. At least 31 people were killed.';
      const s = await archive.sources.create(sourceDraft({ title: 'Bus attack', text }));
      const first = await archive.passages.create(s.id, describeRange(text, 0, 33), 'yellow');
      const again = await archive.passages.create(s.id, describeRange(text, 0, 33), 'green');
      expect(again.id).toBe(first.id);
      expect(await archive.passages.listForSource(s.id)).toHaveLength(1);
      // Other words, or the same words in another source, are other passages.
      await archive.passages.create(s.id, describeRange(text, 0, 6), 'yellow');
      const other = await archive.sources.create(sourceDraft({ title: 'Copy', text }));
      await archive.passages.create(other.id, describeRange(text, 0, 33), 'yellow');
      expect((await archive.passages.listAll()).length).toBe(3);
    });
  });

  describe('storage errors', () => {
    it('refuses an edit on a full disk as such, and leaves the record as it was', async () => {
      const note = await archive.notes.create({ body: 'Checkpoint at Boni moved north.' });
      const before = await db.notes.get(note.id);
      // The disk fills up: IndexedDB aborts every write with a QuotaExceededError inside.
      db.close();
      db.use({
        stack: 'dbcore',
        name: 'full-disk',
        create: (down) => ({
          ...down,
          table: (name) => ({
            ...down.table(name),
            mutate: () =>
              Promise.reject(
                Object.assign(new Error('aborted'), {
                  name: 'AbortError',
                  inner: Object.assign(new Error('quota'), { name: 'QuotaExceededError' }),
                }),
              ),
          }),
        }),
      });
      await db.open();
      await expect(archive.notes.update(note.id, 'Checkpoint at Boni moved south.')).rejects.toBeInstanceOf(
        StorageFullError,
      );
      expect(await db.notes.get(note.id)).toEqual(before);
    });

    it('recognises a quota error, bare or inside an aborted transaction', async () => {
      const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      const aborted = Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota });
      expect(isQuotaError(quota)).toBe(true);
      expect(isQuotaError(aborted)).toBe(true);
      expect(isQuotaError(new Error('other'))).toBe(false);
      await expect(guardWrite(() => Promise.reject(aborted))).rejects.toBeInstanceOf(StorageFullError);
    });

    it('leaves earlier records intact when a write fails', async () => {
      const s = await archive.sources.create(sourceDraft({ title: 'Safe' }));
      await expect(archive.sources.update('missing', sourceDraft())).rejects.toThrow(/No source/);
      expect((await archive.sources.listLive()).map((x) => x.id)).toEqual([s.id]);
    });
  });

  describe('thesaurus repository', () => {
    it('starts with the seed groups and places, and keeps the user’s edits', async () => {
      const entities = await archive.entities.list();
      expect(entities.map((e) => e.id)).toContain('actor:jnim');
      expect(entities.find((e) => e.id === 'place:timbuktu')?.aliases).toContain('Tombouctou');
      await archive.entities.save({ id: 'place:boni', kind: 'place', name: 'Boni', aliases: [] });
      await archive.entities.remove('actor:wagner');
      const ids = (await archive.entities.list()).map((e) => e.id);
      expect(ids).toContain('place:boni');
      expect(ids).not.toContain('actor:wagner');
    });
  });

  describe('search index repository', () => {
    it('stores segments once, follows the manifest, and drops segments it no longer names', async () => {
      const { createSearchEngine } = await import('../../../src/core/search/engine');
      const engine = createSearchEngine({ segmentSize: 1 });
      engine.add([
        { id: 'a', kind: 'note', text: 'Convoy near Gao' },
        { id: 'b', kind: 'note', text: 'Market in Mopti' },
      ]);
      const first = engine.snapshot(new Set());
      await archive.searchIndex.save(first);
      const loaded = await archive.searchIndex.load();
      expect(loaded?.manifest.segments.map((s) => s.id)).toEqual(first.manifest.segments.map((s) => s.id));
      expect([...(loaded?.parts.keys() ?? [])].sort()).toEqual(first.added.map((a) => a.id).sort());
      // Each segment's texts beside it, read apart.
      expect([...(loaded?.texts.keys() ?? [])].sort()).toEqual(first.added.map((a) => a.id).sort());
      const { loadSearchEngineFromParts } = await import('../../../src/core/search/engine');
      if (!loaded) throw new Error('expected the saved index');
      const again = loadSearchEngineFromParts(loaded.manifest, loaded.parts, loaded.texts);
      expect(again.refused).toEqual([]);
      expect(again.engine.search('gao').hits.map((h) => h.snippet)).toEqual(
        engine.search('gao').hits.map((h) => h.snippet),
      );

      // A merge replaces both segments with one: the old ones leave storage.
      while (engine.maintain());
      engine.remove(['a']);
      while (engine.maintain());
      const second = engine.snapshot(new Set(first.manifest.segments.map((s) => s.id)));
      await archive.searchIndex.save(second);
      // Each segment and its texts; nothing of the segments merged away.
      expect(await db.searchSegments.count()).toBe(2 * second.manifest.segments.length);
    });
  });
});
