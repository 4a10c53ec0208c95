import { expect, test } from '@playwright/test';
import { signIn, staffWithVisitDue } from './fixtures.ts';

/**
 * Recording visits in the browser. Each run signs in as its own staff member
 * (found through the API) so desktop and phone never share a duty, and
 * neither shares one with the duty tests.
 */

// A real 64×48 JPEG.
const JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAIF/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AoASyAAAAAAAAAAAAAAAAAAAAAAH/2Q==',
  'base64',
);

test('a phone records a home visit with an issue and a photo offline; it syncs exactly once when back online', async ({
  page,
  context,
  playwright,
  baseURL,
}, info) => {
  const { login, duty, api } = await staffWithVisitDue(playwright, baseURL!, info.project.name === 'phone' ? 0 : 1);
  // The demo already holds this person's earlier visits; only the duty's visit is new.
  const before = (await (await api.get('/api/me/visits')).json()).total as number;
  await signIn(page, login);

  await page.getByTestId('duties-due').getByTestId('record-visit').first().click();
  await expect(page.getByTestId('visit-form')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page).toHaveURL(/draft=[0-9a-f-]{36}/);

  // The household is found by its address in the picker's search, as a new employee would look for it.
  const [household] = (await (await api.get('/api/my/households?limit=1')).json()).items as {
    id: number;
    building: string;
    unit: string;
    room: string;
  }[];
  const picker = page.getByTestId('household-picker');
  const search = picker.getByTestId('household-picker-search');
  // (a short list has no search box: everything is on screen)
  if (await search.count()) {
    await search.fill(`${household!.building}栋 ${household!.room}`);
    await expect(picker.locator(`input[value="${household!.id}"]`)).toBeVisible();
  }
  await picker.locator(`input[value="${household!.id}"]`).check();
  if (await search.count()) await search.fill('');
  await expect(picker.getByTestId('household-picker-count')).toHaveText('已选 1 项');
  await page.getByTestId('question-overall').getByText('4', { exact: true }).click();
  await page.getByTestId('question-household_status').getByText('已入住').click();
  await page.getByTestId('add-issue').click();
  const item = page.getByTestId('issue-item');
  await item.getByTestId('issue-category').selectOption({ label: '渗漏' });
  await item.getByText('严重', { exact: true }).click();
  await item.getByLabel('房号').fill('1201');
  await item.getByTestId('issue-description').fill('主卧窗框雨天渗水，墙面起皮');
  await item
    .getByTestId('issue-photos')
    .locator('input[type=file]')
    .setInputFiles({ name: 'leak.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await expect(item.getByTestId('issue-photos').locator('img')).toHaveCount(1);

  // The basement: no signal.
  await context.setOffline(true);
  await page.getByTestId('submit-visit').click();
  await expect(page.getByTestId('visit-pending')).toHaveText('已保存在本机，等待网络恢复后自动提交。');
  await expect(page.getByTestId('pending-badge')).toHaveText('1 条待同步');
  expect((await (await api.get('/api/me/visits')).json()).total).toBe(before);

  // Back above ground: the queued visit goes by itself.
  await context.setOffline(false);
  await expect(page.getByTestId('visit-synced')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('pending-badge')).toHaveCount(0);

  const visits = (
    (await (await api.get('/api/me/visits')).json()).items as {
      id: number;
      dutyId: number | null;
      issueCount: number;
    }[]
  ).filter((v) => v.dutyId === duty.id);
  expect(visits).toHaveLength(1);
  expect(visits[0]).toMatchObject({ dutyId: duty.id, issueCount: 1 });
  const { visit } = await (await api.get(`/api/visits/${visits[0]!.id}`)).json();
  // Read back, the issue's location masks the room as the household's address is masked.
  expect(visit.issues[0]).toMatchObject({ description: '主卧窗框雨天渗水，墙面起皮', severity: 'major', room: '1**1' });
  expect(visit.issues[0].photos).toHaveLength(1);
  expect((await (await api.get(`/api/duties/${duty.id}`)).json()).duty.status).toBe('done');

  // Nothing is left to send, and a second sync attempt makes no second record.
  await page.goto('/visits', { waitUntil: 'networkidle' });
  await expect(page.getByTestId('nothing-pending')).toBeVisible();
  await expect(page.getByTestId('my-visits').locator('li')).toHaveCount(before + 1);
  // the newest row names the household it was, in the one address format
  const newest = page.getByTestId('my-visits').getByRole('link').first();
  await expect(newest).toHaveText(`${household!.building}栋${household!.unit}单元${household!.room}`);
  await newest.click();
  await expect(page.getByTestId('visit-issues')).toContainText('主卧窗框雨天渗水');
  await expect(page.getByTestId('visit-issues').locator('img')).toHaveCount(1);
  expect((await (await api.get('/api/me/visits')).json()).total).toBe(before + 1);
  await api.dispose();
});

test('a draft survives a reload and comes back with what was typed', async ({ page }, info) => {
  await signIn(page, info.project.name === 'phone' ? 'staff.cr' : 'staff');
  await page.goto('/visits/new?checkpoint=7', { waitUntil: 'networkidle' });
  await expect(page).toHaveURL(/draft=/);
  await page.getByTestId('question-overall').getByText('2', { exact: true }).click();
  const reason = page.getByTestId('question-overall_reason').locator('textarea');
  await expect(reason).toBeVisible();
  await reason.fill('等待维修时间太长');
  await page.waitForTimeout(300);
  await page.reload({ waitUntil: 'networkidle' });
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByTestId('question-overall_reason').locator('textarea')).toHaveValue('等待维修时间太长');
  // the required conditional question and the issue list are checked before anything is queued
  await page.getByTestId('question-overall_reason').locator('textarea').fill('');
  await page.getByTestId('submit-visit').click();
  await expect(page.getByTestId('question-overall_reason')).toContainText('此项为必填。');
  await expect(page.getByTestId('question-issues')).toContainText('此项为必填。');
});
