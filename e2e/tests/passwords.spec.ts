import { expect, test } from '@playwright/test';
import { PASSWORD, signIn } from './fixtures.ts';

/**
 * HR resets a staff member's password on the organisation page (with a
 * confirmation step); the person signs in with the temporary password, is
 * sent to choose their own before anything else, and then reaches My duties.
 * Desktop and phone reset different people of project 10, whom no other test uses.
 */
test('HR resets a password; the person must choose a new one before reaching My duties', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const hrApi = await playwright.request.newContext({ baseURL });
  await hrApi.post('/api/auth/sign-in', { data: { login: 'hr', password: PASSWORD }, headers: { origin: baseURL! } });
  const { items } = await (await hrApi.get('/api/projects/10/employees?limit=50')).json();
  await hrApi.dispose();
  const people = (
    items as { employeeNo: string; name: string; position: string; active: boolean; canManage: boolean }[]
  ).filter((e) => e.position === 'staff' && e.active && e.canManage);
  const person = people[info.project.name === 'phone' ? 1 : 0]!;

  await signIn(page, 'hr');
  await page.goto('/org/projects/10?tab=staff', { waitUntil: 'networkidle' });
  const row = page.getByTestId('employee-row').filter({ hasText: person.employeeNo });
  // The first click only asks; cancelling changes nothing.
  await row.getByTestId('reset-password').click();
  await expect(row).toContainText(`确定重置 ${person.name} 的密码吗？`);
  await row.getByRole('button', { name: '取消' }).click();
  await expect(row.getByTestId('confirm-reset')).toHaveCount(0);
  await row.getByTestId('reset-password').click();
  await row.getByTestId('confirm-reset').click();
  const shown = page.getByTestId('temporary-password');
  await expect(shown).toContainText(`${person.name} 的临时密码只显示这一次`);
  const temporary = await shown.locator('input').inputValue();
  expect(temporary).toMatch(/^\w{4}-\w{4}-\w{4}$/);
  await shown.getByRole('button', { name: '复制' }).click();
  await expect(shown.getByRole('button', { name: '已复制' })).toBeVisible();
  // Shown once: it is gone when the page is opened again.
  await page.reload({ waitUntil: 'networkidle' });
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);

  // The person, on their own device.
  await page.context().clearCookies();
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill(person.employeeNo);
  await page.getByLabel('密码').fill(temporary);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/profile\/password$/);
  await expect(page.getByTestId('password-required')).toContainText('管理员已重置您的密码');
  // Anywhere else sends them back here.
  await page.goto('/households/1');
  await expect(page).toHaveURL(/\/profile\/password$/);

  const form = page.getByTestId('password-form');
  await form.getByLabel(/^当前密码/).fill(temporary);
  // Long enough for the browser, refused by the policy with its reason.
  await form.getByLabel(/^新密码/).fill('1234567890');
  await form.getByLabel('再次输入新密码').fill('1234567890');
  await form.getByRole('button', { name: '保存新密码' }).click();
  await expect(form).toContainText('这个密码太常见，容易被猜到，请换一个。');
  const mine = `${person.employeeNo} 的雨季检修计划`;
  await form.getByLabel(/^当前密码/).fill(temporary);
  await form.getByLabel(/^新密码/).fill(mine);
  await form.getByLabel('再次输入新密码').fill(mine);
  await form.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
  await expect(page.locator('#due')).toHaveText('本期待办');

  // The temporary password is spent; the new one signs in.
  await page.context().clearCookies();
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill(person.employeeNo);
  await page.getByLabel('密码').fill(temporary);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('账号或密码错误。');
  await page.getByLabel('密码').fill(mine);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
});
