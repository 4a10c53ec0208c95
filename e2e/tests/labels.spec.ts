import { expect, test } from '@playwright/test';
import { signIn } from './fixtures.ts';

test('the audit log names actions and people, and keeps its filter in the URL', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/audit');
  const action = page.getByRole('combobox', { name: /^操作/ });
  await action.selectOption({ label: '登录' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/action=auth\.sign-in/);
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('登录');
  await expect(rows.first()).not.toContainText('auth.sign-in');
  // the person who acted, with their employee number, and the record as a word
  await expect(rows.first()).toContainText(/（\S+）/);
  await expect(rows.first()).toContainText('员工 #');

  await page.reload();
  await expect(page.getByRole('combobox', { name: /^操作/ })).toHaveValue('auth.sign-in');
});

test('a missing page says so in the reader’s language only', async ({ page, context, baseURL }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到该页面或记录');
  await expect(page.locator('main')).not.toContainText('Not Found');
  await expect(page.getByRole('link', { name: '返回首页' })).toBeVisible();

  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page or record does not exist');
  await expect(page.locator('main')).not.toContainText(/[\u4e00-\u9fff]/);
  await expect(page.getByRole('link', { name: 'Back to home' })).toBeVisible();
});
