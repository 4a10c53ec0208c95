import { expect, test } from '@playwright/test';
import { apiAs, openNav, signIn } from './fixtures.ts';

/** The shared parts of the interface (lib/ui) in real pages: confirmation, the holiday-aware date picker, grouped navigation. */

test('cancelling a reception day asks first; keeping it changes nothing, confirming cancels it', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'one day to cancel: the desktop run does it');
  await signIn(page, 'pm');
  const res = await page.request.get('/api/reception-days?mine=true');
  const { days } = (await res.json()) as { days: { id: number; status: string }[] };
  const day = days.find((d) => d.status === 'open')!;
  await page.goto(`/receptions/${day.id}`, { waitUntil: 'networkidle' });

  const cancel = page.getByTestId('cancel-day');
  // the form's own checks come first: no reason, no question
  await cancel.click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);

  await page.getByLabel('原因').last().fill('项目总临时外出');
  await cancel.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('确定取消这个接待日？');
  await dialog.getByRole('button', { name: '再想想' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(cancel).toBeFocused();
  expect(
    ((await (await page.request.get(`/api/reception-days/${day.id}`)).json()) as { day: { status: string } }).day
      .status,
  ).toBe('open');

  await cancel.click();
  await page.getByRole('alertdialog').getByRole('button', { name: '取消接待日' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已取消');
});

test('the date picker marks public holidays and make-up days', async ({ page, playwright, baseURL }) => {
  const president = await apiAs(await playwright.request.newContext({ baseURL }), baseURL!, 'president');
  const { days } = (await (await president.get('/api/reception-days?mine=true')).json()) as {
    days: { id: number; status: string; date: string }[];
  };
  const day = days.find((d) => d.status === 'open')!;
  await president.dispose();
  await signIn(page, 'president');
  await page.goto(`/receptions/${day.id}`, { waitUntil: 'networkidle' });
  await page.getByTestId('move-form').getByRole('button', { name: '打开日历（显示节假日）' }).click();
  // New Year's Day of the year after the day's is a holiday (published or provisional), shown as one
  const newYear = `${Number(day.date.slice(0, 4)) + 1}-01-01`;
  const next = page.getByRole('button', { name: '下个月' });
  for (let i = 0; i < 13 && (await page.locator(`[data-date="${newYear}"]`).count()) === 0; i++) await next.click();
  await expect(page.locator(`[data-date="${newYear}"]`)).toHaveClass(/holiday/);
  await expect(page.locator(`[data-date="${newYear}"]`)).toHaveAttribute('title', /法定节假日/);
  await expect(page.locator('.cal-legend')).toContainText('调休上班');
});

test('navigation is grouped by task and offers staff no admin pages', async ({ page }) => {
  await signIn(page, 'staff');
  await openNav(page);
  const nav = page.getByRole('navigation', { name: '菜单' });
  await expect(nav.getByRole('heading', { name: '日常工作' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '我的拜访' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'API 文档' })).toHaveCount(0);
  await expect(nav.getByRole('heading', { name: '设置' })).toHaveCount(0);
});

test('a report prints across the page, without the menu or its filters', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/reports/defects', { waitUntil: 'networkidle' });
  await page.emulateMedia({ media: 'print' });
  const report = page.getByTestId('defect-report');
  const { width, page: pageWidth } = await report.evaluate((el) => ({
    width: el.getBoundingClientRect().width,
    page: document.documentElement.clientWidth,
  }));
  expect(width).toBeGreaterThan(pageWidth * 0.9);
  await expect(page.locator('nav#main-nav')).toBeHidden();
  await expect(page.locator('form.filters')).toBeHidden();
});
