import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'frontline-demo';

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
}

/** Opens the navigation drawer on phones; on wide screens it is always shown. */
export async function openNav(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: /^(菜单|Menu)$/ });
  if (await menu.isVisible()) await menu.click();
}

/** Looks records up through the API with a separate signed-in request context. */
export async function apiAs(request: APIRequestContext, baseURL: string, login: string) {
  const res = await request.post('/api/auth/sign-in', {
    data: { login, password: PASSWORD },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(200);
  return request;
}
