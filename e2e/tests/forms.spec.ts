import { expect, test } from '@playwright/test';
import { signIn } from './fixtures.ts';

/**
 * Customer relations changes a form: a new version is published, the phone
 * preview shows it, new visits answer it, and older responses still read
 * through the version they answered. Desktop only: the builder is a desk job,
 * and one run keeps the published versions predictable.
 */
test('customer relations adds a question, retires one, previews on a phone frame and publishes', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'the form builder is used at a desk');
  await signIn(page, 'cr.group');
  await page.goto('/admin/forms', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('反馈表管理');
  await page.getByTestId('forms-table').getByRole('link', { name: '定期入户拜访反馈表' }).click();
  await expect(page.getByTestId('builder')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const before = await page.getByTestId('builder').locator('.q-edit').count();

  await page.getByTestId('new-type').selectOption('rating');
  await page.getByTestId('add-question').click();
  const added = page.getByTestId('builder').locator('.q-edit').last();
  await added.getByTestId('label-zh').fill('地库照明满意度');
  await expect(page.getByTestId('phone-preview')).toContainText('地库照明满意度');
  // a published question can only be retired; it leaves the preview but stays in the form
  await page.getByTestId('edit-topics').getByRole('button', { name: '停用' }).click();
  await expect(page.getByTestId('phone-preview')).not.toContainText('交流话题');

  await page.getByTestId('publish').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
  await expect(page.getByTestId('builder-message')).toContainText(/已发布第 \d+ 版/);
  await expect(page.getByTestId('builder').locator('.q-edit')).toHaveCount(before + 1);

  // the form a staff member opens now asks the new question and no longer the retired one
  await page.goto('/visits/new?checkpoint=7', { waitUntil: 'networkidle' });
  await expect(page.getByTestId('visit-form')).toContainText('地库照明满意度');
  await expect(page.getByTestId('visit-form')).not.toContainText('交流话题');

  // responses are browsable by checkpoint and dimension
  await page.goto('/responses?checkpoint=7', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('反馈查看');
});
