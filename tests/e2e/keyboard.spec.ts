import { test, expect } from './fixtures';

test('Ctrl+K focuses search, Escape closes dialogs, and the form works from the keyboard', async ({
  app,
  page,
}) => {
  await page.keyboard.press('Control+k');
  await expect(app.searchBox).toBeFocused();

  await app.nav('Sources').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'New source' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.dialog).toBeVisible();
  await expect(app.dialog.getByLabel('Title')).toBeFocused();
  await page.keyboard.type('Typed from the keyboard');
  await page.keyboard.press('Escape');
  await expect(app.dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'New source' })).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.type('Keyboard source');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Written without a mouse.');
  await page.keyboard.press('Enter');
  await expect(app.dialog).toBeVisible();
  await app.dialog.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.dialog).toBeHidden();
  await expect(app.sources.getByRole('listitem')).toHaveText([/Keyboard source/]);

  // Focus is visible: the focused control draws an outline.
  await page.keyboard.press('Control+k');
  const outline = await app.searchBox.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});
