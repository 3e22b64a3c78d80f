import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import { parseCitations } from '../../src/core/import/citations';
import { BUS_TITLE, CELLS_TITLE, FIXTURE_ARTICLES, SECURITY_TITLE } from './paths';

test.describe('Sources', () => {
  test('imports the three fixture articles at once and reads one with its date', async ({ app, page }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(page.getByText('Imported 3 of 3 files.')).toBeVisible();
    const items = app.sources.getByRole('listitem');
    await expect(items).toHaveCount(3);
    await expect(app.sources).toContainText(SECURITY_TITLE);
    await expect(app.sources).toContainText(CELLS_TITLE);

    await app.openSource(BUS_TITLE);
    await expect(app.reader).toContainText('December 8, 2021');
    await expect(app.reader).toContainText('At least 31 people have been killed on 3 December');
    await expect(app.reader).toContainText('Imported from mali-2021-12-bus-attack-mopti.txt');
  });

  test('exports the sources selected as references, which a reference manager reads back', async ({
    app,
    page,
  }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(page.getByText('Imported 3 of 3 files.')).toBeVisible();
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const toolbar = page.getByRole('toolbar', { name: 'Selected sources' });
    await toolbar.getByRole('button', { name: 'Select all' }).click();
    for (const [label, dialect] of [
      ['RIS (Zotero, EndNote)', 'ris'],
      ['BibTeX', 'bibtex'],
      ['CSL-JSON', 'csl-json'],
    ] as const) {
      await toolbar.getByRole('combobox', { name: 'Reference format' }).selectOption({ label });
      const downloading = page.waitForEvent('download');
      await toolbar.getByRole('button', { name: 'Export 3 as references' }).click();
      const download = await downloading;
      const read = parseCitations(await readFile(await download.path(), 'utf8'), dialect);
      if (!Array.isArray(read)) throw new Error(`${dialect} not read back: ${read.code}`);
      const titles = read.map((c) => c.title);
      expect(titles).toHaveLength(3);
      expect(titles).toEqual(
        expect.arrayContaining([CELLS_TITLE, SECURITY_TITLE, expect.stringMatching(BUS_TITLE)]),
      );
      expect(read.find((c) => BUS_TITLE.test(c.title))?.publishedAt).toBe('2021-12-08');
    }
  });

  test('exports the sources selected as a QDA project, each with its text', async ({ app, page }) => {
    await app.import(FIXTURE_ARTICLES);
    await expect(page.getByText('Imported 3 of 3 files.')).toBeVisible();
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const toolbar = page.getByRole('toolbar', { name: 'Selected sources' });
    await toolbar.getByRole('button', { name: 'Select all' }).click();
    const downloading = page.waitForEvent('download');
    await toolbar.getByRole('button', { name: 'Export 3 as a QDA project (.qdpx)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.qdpx$/);
    const files = unzipSync(new Uint8Array(await readFile(await download.path())));
    const qde = strFromU8(files['project.qde']!);
    expect(qde.match(/<TextSource /g)).toHaveLength(3);
    const texts = Object.keys(files).filter((name) => name.startsWith('Sources/'));
    expect(texts).toHaveLength(3);
    expect(texts.map((name) => strFromU8(files[name]!)).join('\n')).toContain(
      'At least 31 people have been killed',
    );
  });

  test('imports files dropped on the window', async ({ app, page }) => {
    await app.nav('Sources').click();
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(['# Dropped report\n\nConvoy ambushed near Tessit.'], 'dropped.md', {
          type: 'text/markdown',
        }),
      );
      transfer.items.add(new File(['binary'], 'photo.jpg', { type: 'image/jpeg' }));
      return transfer;
    });
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect(app.sources.getByRole('button', { name: /Dropped report/ })).toBeVisible();
    await expect(page.getByText('photo.jpg: not a file type Fieldbook can read')).toBeVisible();
  });

  test('adds a source by hand, edits and tags it', async ({ app, page }) => {
    await app.createSource({
      title: 'Attack on Boulkessi camp',
      text: 'Soldiers were killed when the camp at Boulkessi was attacked at dawn.',
      publisher: 'RFI',
      author: 'Staff',
      url: 'https://www.rfi.fr/example',
      published: '2022-03-04',
      tags: 'FAMa, Mopti',
    });
    await expect(app.sources.getByRole('listitem')).toHaveCount(1);
    await expect(app.reader.getByRole('heading', { name: 'Attack on Boulkessi camp' })).toBeVisible();
    await expect(app.reader).toContainText('March 4, 2022');
    await expect(app.reader.getByRole('listitem')).toHaveText(['FAMa', 'Mopti']);

    await page.getByRole('button', { name: 'Edit source' }).click();
    await app.dialog.getByLabel('Title').fill('Attack on the Boulkessi camp');
    await app.dialog.getByLabel('Tags').fill('FAMa, Mopti, Burkina border');
    await app.dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.reader.getByRole('heading', { name: 'Attack on the Boulkessi camp' })).toBeVisible();
    await expect(app.reader.getByRole('listitem')).toHaveText(['FAMa', 'Mopti', 'Burkina border']);
  });

  test('says what is wrong in the form instead of saving', async ({ app, page }) => {
    await page.getByRole('button', { name: 'New source' }).click();
    await app.dialog.getByLabel('URL').fill('not a url');
    await app.dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.dialog.getByText('Give the source a title.')).toBeVisible();
    await expect(
      app.dialog.getByText('Enter a web address starting with http:// or https://.'),
    ).toBeVisible();
    await expect(app.dialog.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Escape');
    await expect(app.dialog).toBeHidden();
    await expect(app.sources.getByRole('listitem')).toHaveCount(0);
  });

  for (const inVault of [false, true])
    test(`deletes to the Trash, restores, and empties the Trash only after confirmation${
      inVault ? ', in an encrypted vault' : ''
    }`, async ({ app, page }) => {
      if (inVault) await app.createVault('correct horse battery staple');
      await app.createSource({ title: 'Kept source', text: 'Kept.' });
      await app.createSource({ title: 'Deleted source', text: 'Deleted.' });
      await app.openSource('Deleted source');
      await app.addNote('A note that goes with its source');
      await page.getByRole('button', { name: 'Delete source' }).click();
      await expect(app.sources.getByRole('listitem')).toHaveCount(1);

      await app.nav('Trash').click();
      const trash = page.getByRole('list', { name: 'Trash' });
      await expect(trash.getByRole('listitem')).toHaveCount(2);
      await trash
        .getByRole('listitem')
        .filter({ hasText: 'Deleted source' })
        .getByRole('button', { name: 'Restore' })
        .click();
      await expect(trash.getByRole('listitem')).toHaveCount(0);
      await app.openSource('Deleted source');
      await expect(app.reader).toContainText('A note that goes with its source');

      await page.getByRole('button', { name: 'Delete source' }).click();
      await app.nav('Trash').click();
      await page.getByRole('button', { name: 'Empty Trash' }).click();
      const confirm = page.getByRole('dialog', { name: 'Empty the Trash?' });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(trash.getByRole('listitem')).toHaveCount(2);
      await page.getByRole('button', { name: 'Empty Trash' }).click();
      await confirm.getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByText('The Trash is empty.')).toBeVisible();
      await app.nav('Sources').click();
      await expect(app.sources.getByRole('listitem')).toHaveText([/Kept source/]);
    });
});
