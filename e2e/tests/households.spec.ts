import { expect, test } from '@playwright/test';
import { apiAs, signIn } from './fixtures.ts';

test('a staff member cannot open a household of another project', async ({ page, playwright, baseURL }) => {
  const admin = await apiAs(await playwright.request.newContext({ baseURL: baseURL! }), baseURL!, 'admin');
  const other = await (await admin.get('/api/projects/2/households?limit=1')).json();
  const otherId = other.items[0].id as number;
  await admin.dispose();

  await signIn(page, 'staff');
  const response = await page.goto(`/households/${otherId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到该页面或记录');
});

test('a household is masked until its caretaker reveals it, and the reveal is audited', async ({ page }) => {
  await signIn(page, 'staff');
  await page.goto('/households');
  await page.getByRole('table').getByRole('link').first().click();
  const owners = page.getByTestId('owners');
  await expect(owners).toContainText('****');
  await page.getByRole('button', { name: '查看完整信息' }).click();
  await expect(page.getByRole('status')).toHaveText('已显示完整信息（本次查看已记录）');
  await expect(owners).not.toContainText('****');
  await expect(owners).toContainText(/1\d{10}/);
});

test('the organisation browser leads from region to project to households', async ({ page }) => {
  await signIn(page, 'president');
  await page.goto('/org');
  await page.getByRole('link', { name: '华东区域' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('华东区域');
  await page.getByRole('main').getByRole('list').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: '关键节点' })).toBeVisible();
  await page.getByRole('tab', { name: /客户（户）/ }).click();
  await expect(page.getByRole('table')).toContainText('****');
});
