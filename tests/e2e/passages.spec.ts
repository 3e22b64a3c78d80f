import { expect, test } from './fixtures';

const TEXT = 'Gunmen attacked a bus near Songho.\n\nAt least 31 people were killed, the army said.';

test('highlights a selected passage, keeps it, and shows it orphaned when its words leave the text', async ({
  app,
  page,
}) => {
  await app.createSource({ title: 'Bus attack near Songho', text: TEXT });
  await app.openSource('Bus attack near Songho');
  const passages = page.getByRole('list', { name: 'Passages' });

  // Without a selection there is nothing to act on, and no toolbar.
  await expect(page.getByRole('toolbar', { name: 'Selected words' })).toBeHidden();

  // Select "At least 31 people were killed" in the reader, as a drag of the mouse would.
  await app.reader.getByText('At least 31 people were killed, the army said.').evaluate((paragraph) => {
    const words = paragraph.firstChild!;
    const range = document.createRange();
    range.setStart(words, 0);
    range.setEnd(words, 'At least 31 people were killed'.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  });
  // The actions stand beside the selected words, not at the top or bottom of the pane.
  const tools = page.getByRole('toolbar', { name: 'Selected words' });
  await expect(tools).toBeVisible();
  const gap = await page.evaluate(() => {
    const words = document.getSelection()!.getRangeAt(0).getBoundingClientRect();
    const bar = document.querySelector('[role="toolbar"]')!.getBoundingClientRect();
    return { below: bar.top - words.bottom, across: Math.abs(bar.left - words.left) };
  });
  expect(gap.below).toBeGreaterThanOrEqual(0);
  expect(gap.below).toBeLessThan(24);
  expect(gap.across).toBeLessThan(400);
  // From the selected words, the next Tab stop is the toolbar.
  await page.keyboard.press('Tab');
  await expect(tools.getByLabel('Highlight colour')).toBeFocused();
  await tools.getByLabel('Highlight colour').selectOption({ label: 'Green' });
  await tools.getByRole('button', { name: 'Highlight', exact: true }).click();
  await expect(passages.getByRole('listitem')).toHaveText([/“At least 31 people were killed”/]);
  await expect(tools).toBeHidden();
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('passage-green')?.size)).toBe(1);

  // A note on the passage shows the words it is about.
  await passages.getByRole('button', { name: /Add note on the passage “At least 31/ }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('The army gave 31; check the hospital figure.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(app.reader.getByRole('blockquote', { name: 'The passage the note is about' })).toHaveText(
    '“At least 31 people were killed”',
  );
  await expect(app.reader).toContainText('check the hospital figure');

  // Search finds the passage, labelled as such, and opens its source.
  await app.search('killed');
  const passageHit = app.searchResults.getByRole('button', { name: /^Passage/ });
  await expect(passageHit).toContainText('At least 31 people were killed');
  await passageHit.click();
  await expect(page.getByRole('article', { name: 'Bus attack near Songho' })).toBeVisible();
  await app.search('');

  // Kept across a restart of the app.
  await page.reload();
  await app.openSource('Bus attack near Songho');
  await expect(passages.getByRole('listitem')).toHaveText([/“At least 31 people were killed”/]);
  await expect(passages).not.toContainText('No longer found in the text');

  // The text is corrected and the words go: the passage stays, marked as orphaned.
  await page.getByRole('button', { name: 'Edit source' }).click();
  await app.dialog.getByLabel('Text', { exact: true }).fill(TEXT.replace('At least 31', 'Dozens of'));
  await app.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(passages.getByRole('listitem')).toContainText('No longer found in the text');
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('passage-green')?.size)).toBe(0);

  await passages.getByRole('button', { name: /Delete the passage “At least 31/ }).click();
  await expect(page.getByText('Select words in the text above, then Highlight.')).toBeVisible();
});

test('the same words highlighted and then made into an incident are one passage', async ({ app, page }) => {
  await app.createSource({ title: 'Bus attack near Songho', text: TEXT, published: '2021-12-08' });
  await app.openSource('Bus attack near Songho');
  const words = 'At least 31 people were killed';
  const selectWords = () =>
    app.reader.getByText('At least 31 people were killed, the army said.').evaluate((paragraph, length) => {
      const range = document.createRange();
      range.setStart(paragraph.firstChild!, 0);
      range.setEnd(paragraph.firstChild!, length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    }, words.length);
  await selectWords();
  await page
    .getByRole('toolbar', { name: 'Selected words' })
    .getByRole('button', { name: 'Highlight' })
    .click();
  await selectWords();
  await page
    .getByRole('toolbar', { name: 'Selected words' })
    .getByRole('button', { name: 'New incident from selection' })
    .click();
  // The words give no day and no place: the researcher gives them, once the words are read.
  await expect(app.dialog.getByText('Reading the words…')).toBeHidden();
  await app.dialog.getByLabel('Date', { exact: true }).fill('2021-12-03');
  await app.dialog.getByLabel('Location').fill('Songho');
  // Leaving the field looks the place up; its answer adds a line above the buttons, and a
  // click on Confirm that the line moves away from between press and release is lost.
  await app.dialog.getByLabel('Location').press('Tab');
  await expect(app.dialog.getByText('“Songho” is in neither the gazetteer nor the thesaurus')).toBeVisible();
  await app.dialog.getByRole('button', { name: 'Confirm and create incident' }).click();
  await expect(app.dialog).toBeHidden({ timeout: 15_000 });
  await app.openSource('Bus attack near Songho');
  const passages = page.getByRole('list', { name: 'Passages' });
  await expect(passages.getByRole('listitem')).toHaveCount(1);
  await expect(passages).toContainText('Report of');
});
