import { test, expect } from './fixtures';

test.describe('Notes', () => {
  test('writes a free-standing Markdown note, edits it, deletes it and restores it', async ({
    app,
    page,
  }) => {
    await app.nav('Notes').click();
    await page.getByRole('button', { name: 'New note' }).click();
    await page
      .getByRole('textbox', { name: 'Note' })
      .fill('# Trip to Sévaré\n\n- meet the *prefect*\n- check [ACLED](javascript:alert(1))');
    await page.getByRole('button', { name: 'Save note' }).click();

    await expect(app.notes.getByRole('listitem')).toHaveText([/Trip to Sévaré.*Free-standing note/]);
    const detail = page.locator('.detail-pane');
    await expect(detail.getByRole('heading', { name: 'Trip to Sévaré' })).toBeVisible();
    await expect(detail.locator('em')).toHaveText('prefect');
    await expect(detail.locator('a[href^="javascript"]')).toHaveCount(0);

    await page.getByRole('button', { name: 'Edit note' }).click();
    await page.getByRole('textbox', { name: 'Note' }).fill('# Trip to Sévaré and Mopti');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(app.notes.getByRole('listitem')).toHaveText([/Trip to Sévaré and Mopti/]);

    await page.getByRole('button', { name: 'Delete note' }).click();
    await expect(app.notes.getByRole('listitem')).toHaveCount(0);
    await app.nav('Trash').click();
    await page.getByRole('list', { name: 'Trash' }).getByRole('button', { name: 'Restore' }).click();
    await app.nav('Notes').click();
    await expect(app.notes.getByRole('listitem')).toHaveText([/Trip to Sévaré and Mopti/]);
  });

  test('refuses to save an empty note and says why', async ({ app, page }) => {
    await app.createSource({ title: 'Source for notes', text: 'Text.' });
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(page.getByText('Write something before saving the note.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Note' })).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('textbox', { name: 'Note' }).press('Escape');
    await expect(page.getByRole('textbox', { name: 'Note' })).toBeHidden();
  });
});
