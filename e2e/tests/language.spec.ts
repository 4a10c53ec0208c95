import { expect, test } from '@playwright/test';
import { personNoOneElseUses, signIn } from './fixtures.ts';

/**
 * A person's language (个人中心 → 语言): chosen on the profile page, stored
 * with them, so the screen follows at once, again at their next sign-in on
 * another device, and the layout's switch stores it too. Desktop and phone
 * use different people of project 12, whom no other test uses.
 */
test('choosing English on the profile page is stored, and comes back at the next sign-in', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const login = await personNoOneElseUses(playwright, baseURL!, info.project.name === 'phone' ? 3 : 2);
  await signIn(page, login);
  await page.goto('/profile', { waitUntil: 'networkidle' });
  const section = page.getByTestId('language');
  await expect(section.getByRole('heading', { name: '语言' })).toBeVisible();
  await expect(section.getByLabel('中文')).toBeChecked();
  await section.getByLabel('English').check();
  await section.getByRole('button', { name: '保存语言' }).click();

  await expect(page).toHaveURL(/\/profile\?language=saved$/);
  await expect(page.getByRole('status')).toHaveText('Language saved.');
  await expect(page.getByTestId('language').getByRole('heading', { name: 'Language' })).toBeVisible();
  await expect(page.getByTestId('language').getByLabel('English')).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect((await (await page.request.get('/api/me')).json()).employee.language).toBe('en');

  // Another device (no cookies): signing in brings the stored language back.
  await page.context().clearCookies();
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill(login);
  await page.getByLabel('密码').fill('frontline-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect((await page.context().cookies()).find((c) => c.name === 'lang')?.value).toBe('en');

  // The layout's switch stores the choice too.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
  expect((await (await page.request.get('/api/me')).json()).employee.language).toBe('zh-CN');
});
