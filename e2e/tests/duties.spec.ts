import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiAs, signIn } from './fixtures.ts';

/**
 * Duties in the browser. Desktop and phone runs share one server, so each
 * project acts as different people and every shared change is idempotent.
 */

async function adminApi(request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> }, baseURL: string) {
  return apiAs(await request.newContext({ baseURL }), baseURL, 'admin');
}

/** Enters next year's New Year holiday (if not there yet) and re-plans, waiting for the run to finish. */
async function nextYearPlanned(admin: APIRequestContext, baseURL: string): Promise<number> {
  const me = await (await admin.get('/api/me')).json();
  const year = Number(String(me.today).slice(0, 4)) + 1;
  const headers = { origin: baseURL };
  const existing = await admin.get(`/api/calendar/years/${year}`);
  const days = existing.ok() ? (await existing.json()).days : [];
  if (!days.some((d: { date: string }) => d.date === `${year}-01-01`)) {
    const put = await admin.put(`/api/calendar/years/${year}`, {
      data: { source: 'e2e', days: [...days, { date: `${year}-01-01`, kind: 'holiday', name: '元旦' }] },
      headers,
    });
    expect(put.ok()).toBe(true);
  }
  const started = await admin.post('/api/schedule/runs', { data: { months: 12 }, headers });
  expect([202, 409]).toContain(started.status());
  await expect
    .poll(async () => (await (await admin.get('/api/schedule/runs')).json()).runs[0].status, { timeout: 20_000 })
    .toBe('done');
  return year;
}

test('an employee sees their duties on landing and records a home visit', async ({ page }, info) => {
  const login = info.project.name === 'phone' ? 'staff.cr' : 'staff';
  await signIn(page, login);
  await expect(page.locator('#due')).toHaveText('本期待办');
  const due = page.getByTestId('duties-due');
  await expect(due).toContainText('入户拜访');
  await due
    .getByRole('link', { name: /入户拜访/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('入户拜访');
  await page.getByLabel('情况记录').fill('业主反映地库照明不足，已记录');
  await page.getByRole('button', { name: '记录完成' }).click();
  await expect(page.getByTestId('duty-status')).toHaveText('已完成');
});

test('an executive moves a reception day and is refused a holiday', async ({ page, playwright, baseURL }, info) => {
  const admin = await adminApi(playwright.request, baseURL!);
  const year = await nextYearPlanned(admin, baseURL!);
  // Functional heads' first reception of next year: the demo sets up days only for the president's and the project heads'
  // next receptions, which can fall in January. The phone run takes another head, as the runs share one server.
  const heads = (await (await admin.get('/api/regions/1/employees?position=functional_head&limit=50')).json())
    .items as { employeeNo: string; line: string }[];
  const other = heads.find((e) => e.line === 'marketing')!.employeeNo;
  await admin.dispose();

  const [login, period] = info.project.name === 'phone' ? ['head.engineering', `${year}-B1`] : [other, `${year}-B1`];
  await signIn(page, login);
  await page.goto('/receptions', { waitUntil: 'networkidle' });
  const row = page.locator(`tr[data-period="${period}"]`);
  await expect(row).toBeVisible();
  await row.getByLabel('日期').fill(`${year}-01-01`);
  await row.getByRole('button').click();
  // (next year's notice may not be out yet: then the holiday is provisional, and says so)
  await expect(row.getByRole('alert')).toContainText(
    new RegExp(`${year}-01-01 是法定节假日（元旦(，暂定)?），接待日只能安排在工作日`),
  );

  // The first Monday after New Year's Day is a working day.
  let monday = new Date(Date.UTC(year, 0, 2));
  while (monday.getUTCDay() !== 1) monday = new Date(monday.getTime() + 86_400_000);
  const date = monday.toISOString().slice(0, 10);
  await row.getByLabel('日期').fill(date);
  await row.getByRole('button').click();
  await expect(row.getByRole('status')).toHaveText('已保存。');
  await expect(row).toContainText('已排期');
});

test('customer relations runs planning and watches its progress to the report', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/admin/schedule', { waitUntil: 'networkidle' });
  const run = page.getByTestId('schedule-run');
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.getByRole('button', { name: '开始排程' }).click();
    const outcome = await Promise.race([
      run
        .getByRole('heading', { name: /排程完成/ })
        .waitFor({ timeout: 20_000 })
        .then(() => 'done'),
      page
        .getByRole('alert')
        .filter({ hasText: '正在运行' })
        .waitFor({ timeout: 20_000 })
        .then(() => 'busy'),
    ]);
    if (outcome === 'done') break;
    await page.waitForTimeout(500);
  }
  await expect(run.getByRole('heading', { name: /排程完成/ })).toBeVisible();
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('schedule-report')).toContainText('新增任务');
});

test('a system admin enters a year in the calendar editor, and a weekday make-up day is refused', async ({
  page,
}, info) => {
  const year = info.project.name === 'phone' ? 2032 : 2031;
  await signIn(page, 'admin');
  // wait for hydration, so what is typed is not reset
  await page.goto(`/admin/calendar?year=${year}`, { waitUntil: 'networkidle' });
  const editor = page.getByTestId('calendar-editor');
  await editor.getByLabel('来源').fill('国务院办公厅通知（测试）');
  await editor.getByRole('button', { name: '添加一行' }).click();
  await editor.getByLabel('日期').last().fill(`${year}-01-01`);
  await editor.getByLabel('名称').last().fill('元旦');
  await editor.getByRole('button', { name: '添加一行' }).click();
  await editor.getByLabel('日期').last().fill(`${year}-01-06`);
  await editor.getByLabel('类型').last().selectOption('makeup');
  await editor.getByLabel('名称').last().fill('元旦');
  await editor.getByRole('button', { name: '保存该年' }).click();
  await expect(editor).toContainText('调休上班日应为周六或周日');

  await editor.getByRole('button', { name: '删除' }).last().click();
  await editor.getByRole('button', { name: '保存该年' }).click();
  await expect(page.getByRole('status')).toContainText(`已保存 ${year} 年：1 天节假日`);
  await expect(page.getByTestId('calendar-years')).toContainText(String(year));
});

test('a project head sees the compliance board for their project and can drill down', async ({ page }) => {
  await signIn(page, 'pm');
  await page.goto('/compliance');
  const board = page.getByTestId('compliance-board');
  await expect(board).toBeVisible();
  await expect(page.getByRole('link', { name: 'XLSX' })).toHaveAttribute('href', /format=xlsx/);
  await board.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('person-duties').or(page.getByText('暂无'))).toBeVisible();
});
