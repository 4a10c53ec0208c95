import { expect, test } from '@playwright/test';
import readXlsxFile from 'read-excel-file/node';
import { signIn } from './fixtures.ts';

/** The quarter before today's, by the name appraisal uses (2026-Q3). */
function previousQuarter(): string {
  const today = new Date(Date.now() + 8 * 3_600_000);
  const q = Math.floor(today.getUTCMonth() / 3) + 1;
  return q === 1 ? `${today.getUTCFullYear() - 1}-Q4` : `${today.getUTCFullYear()}-Q${q - 1}`;
}

/**
 * HR closes last quarter, downloads the workbook for the HR system, and an
 * employee opens the explanation of their frozen score. Desktop only: a
 * period closes once per run.
 */
test('HR closes a quarter and exports it; an employee opens their score’s explanation', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'closing a period happens at a desk');
  test.setTimeout(90_000);
  const quarter = previousQuarter();

  await signIn(page, 'hr.group');
  // A scheme whose weights do not total 100 is refused, with the message beside that position's form.
  await page.goto('/admin/scoring', { waitUntil: 'networkidle' });
  const staffScheme = page.getByTestId('scheme-staff');
  await staffScheme.locator('input[name="weight.duties_on_time"]').fill('50');
  await expect(page.getByTestId('sum-staff')).toHaveText('合计 110');
  await staffScheme.getByRole('button', { name: '保存为新版本' }).click();
  await expect(staffScheme.getByRole('alert')).toContainText('权重合计须为 100（当前为 110）');

  await page.goto(`/scores?period=${quarter}`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('period-state')).toContainText('未关账');
  await expect(page.getByTestId('chart-distribution').locator('svg')).toBeVisible();
  await expect(page.getByTestId('scores-table').locator('tbody tr').first()).toBeVisible();
  await page.getByTestId('close-period').click();
  // Closing freezes the whole group's scores: it asks first, saying so.
  await expect(page.getByTestId('confirm-dialog')).toContainText('关账后本期得分冻结');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('period-state')).toContainText('已关账');
  await expect(page.getByTestId('close-period')).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toBe(`scores-${quarter}.xlsx`);
  const sheets = await readXlsxFile(await download.path());
  const rows = sheets[0]!.data;
  expect(rows[0]!.slice(0, 6)).toEqual(['工号', '姓名', '条线', '岗位', '区域', '项目']);
  expect(rows[0]).toEqual(expect.arrayContaining(['任务按时完成', '总分', '排名', '方案版本', '期间']));
  expect(rows.length).toBeGreaterThan(10);
  const periodColumn = rows[0]!.indexOf('期间');
  expect(rows.slice(1).every((r) => r[periodColumn] === quarter)).toBe(true);
  expect(rows.slice(1).every((r) => r[rows[0]!.indexOf('状态')] === '已关账')).toBe(true);

  // The employee sees their own score only, and why it is what it is.
  await page.context().clearCookies();
  await signIn(page, 'staff');
  await page.goto(`/scores?period=${quarter}`, { waitUntil: 'networkidle' });
  const mine = page.getByTestId('scores-table').locator('tbody tr');
  await expect(mine).toHaveCount(1);
  await mine.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('score-summary')).toContainText('已于关账时冻结');
  const duties = page.getByTestId('component-duties_on_time');
  await expect(duties).toContainText('计算方法');
  await expect(duties.locator('tbody tr').first()).toBeVisible();
  await expect(duties).toContainText(/按时完成（计入）|未完成（计入分母）|已免除（不计）|逾期完成（计入分母）/);
});

test('revoking an HR API token asks first; keeping it changes nothing, confirming ends it', async ({ page }) => {
  await signIn(page, 'hr.group');
  await page.goto('/admin/scoring', { waitUntil: 'networkidle' });
  const tokens = page.getByTestId('api-tokens');
  const name = `e2e-${test.info().project.name}-${Date.now()}`;
  await tokens.getByLabel('名称').fill(name);
  await tokens.getByRole('button', { name: '创建令牌' }).click();
  await expect(tokens.getByTestId('new-token')).toBeVisible();
  const row = tokens.locator('tr', { hasText: name });

  await row.getByTestId('token-revoke').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('撤销后，使用它的 HR 系统立即无法再获取得分');
  await page.getByTestId('confirm-cancel').click();
  await expect(row.getByTestId('token-revoke')).toBeVisible();
  await expect(row).not.toContainText('已撤销');

  await row.getByTestId('token-revoke').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row).toContainText('已撤销');
  await expect(row.getByTestId('token-revoke')).toHaveCount(0);
});
