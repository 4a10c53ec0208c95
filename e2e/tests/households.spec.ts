import { expect, test } from '@playwright/test';
import { apiAs, signIn, staffWithVisitDue } from './fixtures.ts';

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

test('a long timeline shows its first 30 entries, and 加载更多 brings the next page', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const { login, api } = await staffWithVisitDue(playwright, baseURL!, info.project.name === 'phone' ? 7 : 8);
  const household = (await (await api.get('/api/my/households?limit=1')).json()).items[0].id as number;
  const ctx = await (await api.get('/api/visits/new?checkpoint=7')).json();
  const yesterday = new Date(Date.parse(`${ctx.today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const on = yesterday >= ctx.window.from ? yesterday : ctx.today;
  for (let i = 0; i < 32; i++) {
    const res = await api.post('/api/visits', {
      headers: { origin: baseURL! },
      data: {
        clientId: crypto.randomUUID(),
        checkpoint: 7,
        formVersionId: ctx.version.id,
        householdIds: [household],
        visitedOn: on,
        visitedAt: `00:${String(10 + i).padStart(2, '0')}`,
        channel: 'home_visit',
        answers: { overall: 5, household_status: 'living', issues: [] },
      },
    });
    expect(res.status()).toBe(201);
  }
  const whole = (await (await api.get(`/api/households/${household}/timeline?limit=100`)).json()).entries.length;
  await api.dispose();

  await signIn(page, login);
  await page.goto(`/households/${household}`);
  const entries = page.getByTestId('timeline').locator(':scope > li');
  await expect(entries).toHaveCount(30);
  await page.getByRole('button', { name: '加载更多' }).click();
  await expect(entries).toHaveCount(Math.min(whole, 60));
  if (whole <= 60) await expect(page.getByTestId('timeline-more')).toHaveCount(0);
});
