import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../../src/renderer/src/lib/data/archive';
import { openDatabase } from '../../../src/renderer/src/lib/data/db';
import { changeFeed, type ChangeFeed } from '../../../src/renderer/src/lib/data/changes';
import { Library, mergeInto } from '../../../src/renderer/src/lib/state/library.svelte';
import type { SearchDoc } from '../../../src/core/search/documents';
import { mulberry32 } from '../../../bench/corpus';
import { source, sourceDraft } from '../factories';
import { describeRange } from '../../../src/core/annotate/selectors';

const opened: { archive: Archive; feed: ChangeFeed; library?: Library }[] = [];
afterEach(() => {
  for (const { archive, feed, library } of opened.splice(0)) {
    library?.destroy();
    feed.close();
    archive.db.close();
  }
});

/** An archive as the app opens it, with its feed and a Library recording what it hands on. */
async function openLibrary(name = `library-${Math.random()}`) {
  const archive = openArchive(openDatabase(name));
  await archive.db.open();
  const feed = changeFeed(archive.db, archive.journal, (e) => {
    throw e;
  });
  const calls = {
    loaded: [] as {
      stamps: () => Map<string, number>;
      documents: (ids: readonly string[]) => Promise<SearchDoc[]>;
    }[],
    changes: [] as { add: SearchDoc[]; remove: string[] }[],
  };
  const errors: unknown[] = [];
  const library = new Library(archive, feed, {
    onLoaded: (stamps, documents) => calls.loaded.push({ stamps, documents }),
    onChanges: (add, remove) => calls.changes.push({ add, remove }),
    onEntities: () => undefined,
    onError: (e) => errors.push(e),
  });
  opened.push({ archive, feed, library });
  await until(() => library.ready);
  return { archive, library, calls, errors, name };
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Library', () => {
  it('reads the archive once: sources as summaries newest first, every record’s version to the index', async () => {
    const name = `library-${Math.random()}`;
    const first = openArchive(openDatabase(name));
    await first.db.open();
    for (let i = 0; i < 5; i++) {
      await first.sources.create(sourceDraft({ title: `Report ${i}`, text: `Attack number ${i} near Gao.` }));
      await new Promise((r) => setTimeout(r, 2)); // each created in a millisecond of its own
    }
    first.db.close();

    const { library, calls } = await openLibrary(name);
    expect(library.sources.map((s) => s.title)).toEqual([
      'Report 4',
      'Report 3',
      'Report 2',
      'Report 1',
      'Report 0',
    ]);
    // The lists never hold the texts: the reader loads the one it shows.
    expect(library.sources.every((s) => !('text' in s))).toBe(true);
    await until(() => library.complete);
    expect(calls.loaded).toHaveLength(1);
    const stamps = calls.loaded[0]!.stamps();
    expect([...stamps.keys()].sort()).toEqual(library.sources.map((s) => s.id).sort());
    // The index reads the documents it lacks, texts included, when it asks for them.
    const docs = await calls.loaded[0]!.documents([...stamps.keys()]);
    expect(docs.filter((d) => d.kind === 'source')).toHaveLength(5);
    expect(docs.find((d) => d.title === 'Report 2')?.text).toContain('Attack number 2');
  });

  it('is usable with the newest sources first, then lists them all, and a change made meanwhile stands', async () => {
    const name = `library-${Math.random()}`;
    const first = openArchive(openDatabase(name));
    await first.db.open();
    const all = Array.from({ length: 2600 }, (_, i) =>
      source({ title: `Report ${i}`, createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i }),
    );
    await first.db.sources.bulkAdd(all);
    first.db.close();

    const { archive, library, calls } = await openLibrary(name);
    // Usable before every source is read: the newest are there, at the top.
    expect(library.sources[0]!.title).toBe('Report 2599');
    // An old source is edited while the others are still being read.
    const oldest = all[0]!;
    await archive.db.sources.update(oldest.id, {
      title: 'Edited while loading',
      updatedAt: 1_800_000_000_000,
    });
    await until(() => library.complete);
    expect(library.sources).toHaveLength(2600);
    expect(library.sources.map((s) => s.createdAt)).toEqual(all.map((s) => s.createdAt).reverse());
    expect(library.sources.at(-1)!.title).toBe('Edited while loading');
    expect(calls.loaded[0]!.stamps().get(oldest.id)).toBe(1_800_000_000_000);
  });

  it('hands the index only what a change touched, however large the archive', async () => {
    const { archive, library, calls } = await openLibrary();
    await archive.sources.createFromFiles(
      Array.from({ length: 300 }, (_, i) => ({
        drafts: [sourceDraft({ title: `Imported ${i}`, text: `Text ${i}` })],
        original: {
          sha256: `sha-${i}`,
          name: `a${i}.txt`,
          size: 1,
          type: 'text/plain',
          bytes: new Uint8Array([i % 256]),
        },
      })),
    );
    await until(() => library.sources.length === 300);
    expect(calls.changes.at(-1)!.add).toHaveLength(300);

    const target = library.sources[150]!;
    const full = (await archive.sources.get(target.id))!;
    await archive.sources.update(target.id, { ...full, title: 'Convoy ambushed near Boni' });
    await until(() => library.sources.some((s) => s.title === 'Convoy ambushed near Boni'));
    const last = calls.changes.at(-1)!;
    expect(last.add.map((d) => d.title)).toEqual(['Convoy ambushed near Boni']);
    expect(last.remove).toEqual([]);
    // The order is kept: the edited source stays where its creation puts it.
    expect(library.sources[150]!.id).toBe(target.id);

    const note = await archive.notes.create({ body: 'Ask the Mopti office', sourceId: target.id });
    await until(() => library.notes.length === 1);
    expect(calls.changes.at(-1)!.add.map((d) => d.id)).toEqual([note.id]);
  });

  it('follows the Trash: a source and its notes and passages leave the lists and the index, and come back', async () => {
    const { archive, library, calls } = await openLibrary();
    const source = await archive.sources.create(sourceDraft({ title: 'Attack on Boni' }));
    const note = await archive.notes.create({ body: 'Figures differ', sourceId: source.id });
    const passage = await archive.passages.create(
      source.id,
      describeRange('At least 31 people were killed when militants attacked a bus', 35, 53),
      'yellow',
    );
    await until(() => library.passages.length === 1 && library.notes.length === 1);

    await archive.sources.trash(source.id);
    await until(() => library.sources.length === 0);
    expect(library.notes).toHaveLength(0);
    expect(library.trash.map((t) => [t.kind, t.id])).toEqual(
      expect.arrayContaining([
        ['source', source.id],
        ['note', note.id],
      ]),
    );
    const removed = calls.changes.flatMap((c) => c.remove);
    expect(removed).toEqual(expect.arrayContaining([source.id, note.id, passage.id]));

    await archive.trash.restore('source', source.id);
    await until(() => library.sources.length === 1 && library.notes.length === 1);
    expect(library.trash).toHaveLength(0);
    const back = calls.changes.at(-1)!.add.map((d) => d.id);
    expect(back).toEqual(expect.arrayContaining([source.id, note.id, passage.id]));
  });

  it('sends a source’s passages again when its title changes, under the new title', async () => {
    const { archive, library, calls } = await openLibrary();
    const source = await archive.sources.create(sourceDraft({ title: 'Untitled page' }));
    const passage = await archive.passages.create(
      source.id,
      describeRange('At least 31 people were killed when militants attacked a bus', 35, 44),
      'green',
    );
    await until(() => library.passages.length === 1);
    const full = (await archive.sources.get(source.id))!;
    await archive.sources.update(source.id, { ...full, title: 'Bus attacked near Bandiagara' });
    await until(() => library.sourceTitles.get(source.id) === 'Bus attacked near Bandiagara');
    const sent = calls.changes.at(-1)!.add.find((d) => d.id === passage.id);
    expect(sent?.title).toContain('Bus attacked near Bandiagara');
  });

  it('keeps the sources in any order asked for as they are edited, added and trashed', async () => {
    const name = `library-${Math.random()}`;
    const first = openArchive(openDatabase(name));
    await first.db.open();
    const base = Date.UTC(2024, 0, 1);
    await first.db.sources.bulkAdd(
      Array.from({ length: 1200 }, (_, i) =>
        source({
          id: `s${String(i).padStart(4, '0')}`,
          title: `Report ${i}`,
          publisher: ['Sahel Daily', 'Le Soir de Bamako', ''][i % 3]!,
          // Every seventh is undated; the others spread over three years, out of creation order.
          publishedAt:
            i % 7 ? new Date(base + ((i * 389) % 1000) * 86_400_000).toISOString().slice(0, 10) : undefined,
          createdAt: base + i,
          updatedAt: base + i,
        }),
      ),
    );
    first.db.close();
    const { archive, library } = await openLibrary(name);
    await until(() => library.complete);
    const collator = new Intl.Collator('en', { numeric: true });
    const titles = () => library.sourcesIn('title', 'en').map((s) => s.title);
    const fullSort = () => [...library.sources.map((s) => s.title)].sort(collator.compare);
    // Numbers in titles compare as numbers: Report 9 comes before Report 10.
    expect(titles().slice(0, 3)).toEqual(['Report 0', 'Report 1', 'Report 2']);
    expect(titles()).toEqual(fullSort());

    await archive.db.sources.update('s0500', { title: 'Ambush near Ségou', updatedAt: base + 5000 });
    await archive.sources.trash('s0001');
    await archive.sources.create(
      sourceDraft({ title: 'Zone of the three borders', publisher: 'Sahel Daily' }),
    );
    await until(() => library.sources.length === 1200);
    expect(titles()[0]).toBe('Ambush near Ségou');
    expect(titles().at(-1)).toBe('Zone of the three borders');
    expect(titles()).not.toContain('Report 1');
    expect(titles()).toEqual(fullSort());

    // Published, newest first: dated ones by date, the undated after them all.
    const published = library.sourcesIn('published', 'en');
    const dates = published.map((s) => s.publishedAt);
    const firstUndated = dates.indexOf(undefined);
    expect(firstUndated).toBeGreaterThan(900);
    expect(dates.slice(firstUndated).every((d) => d === undefined)).toBe(true);
    const dated = dates.slice(0, firstUndated) as string[];
    expect(dated).toEqual([...dated].sort().reverse());
    // Oldest first keeps the undated last too.
    expect(library.sourcesIn('publishedOldest', 'en').at(-1)!.publishedAt).toBeUndefined();

    // By publisher: each publisher together, and sources with none last.
    const outlets = library.sourcesIn('outlet', 'en').map((s) => s.publisher);
    expect(outlets[0]).toBe('Le Soir de Bamako');
    expect(outlets.at(-1)).toBe('');
    expect(outlets.lastIndexOf('Le Soir de Bamako')).toBeLessThan(outlets.indexOf('Sahel Daily'));
  });

  it('sees what another window of the same archive commits', async () => {
    const mine = await openLibrary();
    const other = openArchive(openDatabase(mine.name));
    await other.db.open();
    const otherFeed = changeFeed(other.db, other.journal, (e) => {
      throw e;
    });
    opened.push({ archive: other, feed: otherFeed });
    const written = await other.sources.create(sourceDraft({ title: 'Written in the other window' }));
    await until(() => mine.library.sources.some((s) => s.id === written.id));
    expect(mine.calls.changes.at(-1)!.add.map((d) => d.title)).toEqual(['Written in the other window']);

    await other.sources.trash(written.id);
    await until(() => mine.library.sources.length === 0);
    expect(mine.library.trash.map((t) => t.id)).toEqual([written.id]);
  });
});

describe('mergeInto', () => {
  const byValue = (a: { id: string; v: number }, b: { id: string; v: number }) =>
    a.v - b.v || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  it.each([
    { size: 200, changes: 20, what: 'many changes: one pass over the list' },
    { size: 3000, changes: 3, what: 'a few changes in a long list: each put in by a binary search' },
  ])(
    'gives the order a full sort would, with records replaced, removed and added ($what)',
    ({ size, changes }) => {
      const random = mulberry32(3);
      for (let round = 0; round < 50; round++) {
        const all = new Map<string, { id: string; v: number }>();
        for (let i = 0; i < size; i++) all.set(`r${i}`, { id: `r${i}`, v: Math.floor(random() * 50) });
        const list = [...all.values()].sort(byValue);
        const changed = new Set<string>();
        const added: { id: string; v: number }[] = [];
        for (let i = 0; i < changes; i++) {
          const id = `r${Math.floor(random() * size * 1.3)}`;
          changed.add(id);
          if (random() < 0.3) all.delete(id);
          else {
            const record = { id, v: Math.floor(random() * 50) };
            all.set(id, record);
          }
        }
        for (const id of changed) if (all.has(id)) added.push(all.get(id)!);
        expect(mergeInto(list, changed, added, byValue)).toEqual([...all.values()].sort(byValue));
      }
    },
  );
});
