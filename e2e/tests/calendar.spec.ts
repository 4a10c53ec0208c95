import { expect, test } from '@playwright/test';
import { signIn } from './fixtures.ts';

/** A notice for the year after today's, in the published form, giving 清明 an extra Friday. */
function noticeFor(year: number): string {
  const weekday = (m: number, d: number) =>
    ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][new Date(Date.UTC(year, m - 1, d)).getUTCDay()];
  const day = (m: number, d: number) => `${m}月${d}日（${weekday(m, d)}）`;
  return [
    `国务院办公厅关于${year}年部分节假日安排的通知`,
    '',
    `经国务院批准，现将${year}年元旦、清明节和国庆节放假调休日期的具体安排通知如下。`,
    '',
    `一、元旦：${day(1, 1)}放假1天。`,
    `二、清明节：${day(4, 2)}至${day(4, 6)}放假，共5天。`,
    `三、国庆节：${day(10, 1)}至${day(10, 7)}放假调休，共7天。`,
    '',
    '国务院办公厅',
    `${year - 1}年11月10日`,
  ].join('\n');
}

/**
 * The system admin pastes next year's notice: the preview lists what it read
 * and what changes, and nothing is stored until it is applied. Desktop only:
 * the year becomes official once per run.
 */
test('an admin pastes a notice, sees the preview with its changes, and applies it', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'the calendar is kept at a desk');
  await signIn(page, 'admin');
  const me = await (await page.request.get('/api/me')).json();
  const year = Number(String(me.today).slice(0, 4)) + 1;
  const stored = await (await page.request.get(`/api/calendar/years/${year}`)).json();
  test.skip(stored.state === 'official' && stored.title !== null, 'the notice was applied earlier in this run');

  await page.goto(`/admin/calendar?notice=${year}#notice`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('calendar-years')).toContainText('暂定');
  const notice = page.getByTestId('notice');
  await notice.getByLabel('年份').fill(String(year));
  await notice.getByLabel('通知原文').fill(noticeFor(year).replace(`4月2日（`, `4月2日（周八`));
  await notice.getByRole('button', { name: '预览' }).click();
  await expect(page.getByTestId('notice-problems')).toContainText('#6');

  await notice.getByLabel('通知原文').fill(noticeFor(year));
  await notice.getByRole('button', { name: '预览' }).click();
  const preview = page.getByTestId('notice-preview');
  await expect(preview).toContainText(`读到 ${year} 年`);
  await expect(page.getByTestId('notice-changes')).toContainText(`${year}-04-02`);
  await expect(preview.getByRole('heading', { name: /将改期的已排程任务/ })).toBeVisible();
  expect((await (await page.request.get(`/api/calendar/years/${year}`)).json()).title ?? null).toBeNull();

  await page.getByTestId('apply-notice').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
  await expect(page.getByTestId('notice-applied')).toContainText(`${year} 年已按通知转为正式`);
  const applied = await (await page.request.get(`/api/calendar/years/${year}`)).json();
  expect(applied).toMatchObject({
    state: 'official',
    title: `国务院办公厅关于${year}年部分节假日安排的通知`,
    publishedOn: `${year - 1}-11-10`,
  });
  expect(
    applied.days.some((d: { date: string; kind: string }) => d.date === `${year}-04-02` && d.kind === 'holiday'),
  ).toBe(true);
});
