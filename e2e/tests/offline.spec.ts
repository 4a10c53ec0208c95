import { expect, test } from '@playwright/test';
import { signIn, staffWithVisitDue } from './fixtures.ts';

/**
 * The app with no signal: after one visit with signal, the phone opens the app, records a visit and
 * sends it once the signal is back. The network is cut before the app is opened again.
 */

// A real 64×48 JPEG, and a 2400×1800 one (4.3 MP) made in the browser for the downscale check.
const SMALL_JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAIF/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AoASyAAAAAAAAAAAAAAAAAAAAAAH/2Q==',
  'base64',
);

test('with the network cut before the app is opened, a visit is recorded and syncs once back online', async ({
  page,
  context,
  playwright,
  baseURL,
}, info) => {
  const { login, duty, api } = await staffWithVisitDue(playwright, baseURL!, info.project.name === 'phone' ? 2 : 3);
  const before = (await (await api.get('/api/me/visits')).json()).total as number;
  await signIn(page, login);
  // the worker installs and takes the page; the day's pages are fetched ahead
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload({ waitUntil: 'networkidle' });
  await expect(page.getByTestId('offline-status')).toContainText(/可离线打开 \d+ 个页面/, { timeout: 20_000 });

  await context.setOffline(true);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
  await expect(page.getByTestId('offline-banner')).toBeVisible();

  await page.getByTestId('duties-due').getByTestId('record-visit').first().click();
  await expect(page.getByTestId('visit-form')).toBeVisible();
  await page.getByTestId('household-picker').getByRole('checkbox').first().check();
  await page.getByTestId('question-overall').getByText('5', { exact: true }).click();
  await page.getByTestId('question-household_status').getByText('已入住').click();
  await page.getByRole('checkbox', { name: '本次无问题' }).check();
  await page.getByTestId('submit-visit').click();
  await expect(page.getByTestId('visit-pending')).toBeVisible();
  await expect(page.getByTestId('pending-badge')).toHaveText('1 条待同步');
  expect((await (await api.get('/api/me/visits')).json()).total).toBe(before);

  await context.setOffline(false);
  await expect(page.getByTestId('visit-synced')).toBeVisible({ timeout: 20_000 });
  const { items } = (await (await api.get('/api/me/visits')).json()) as { items: { dutyId: number | null }[] };
  expect(items.filter((v) => v.dutyId === duty.id)).toHaveLength(1);
  await api.dispose();
});

test('a photo larger than 2 MP is queued downscaled, as a JPEG', async ({ page, playwright, baseURL }, info) => {
  test.skip(info.project.name === 'desktop', 'the phone run checks the photo path');
  const { login, api } = await staffWithVisitDue(playwright, baseURL!, 4);
  await api.dispose();
  await signIn(page, login);
  await page.getByTestId('duties-due').getByTestId('record-visit').first().click();
  await expect(page.getByTestId('visit-form')).toBeVisible();
  const big = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1800);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#8a6';
    g.fillRect(0, 0, 2400, 1800);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  await page.getByTestId('add-issue').click();
  const photos = page.getByTestId('issue-item').getByTestId('issue-photos');
  await photos
    .locator('input[type=file]')
    .setInputFiles({ name: 'wall.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(big) });
  const img = photos.locator('img');
  await expect(img).toHaveCount(1);
  const size = await img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    return { width: el.naturalWidth, height: el.naturalHeight };
  });
  expect(size.width * size.height).toBeLessThanOrEqual(2_000_000);
  expect(size.width / size.height).toBeCloseTo(4 / 3, 2);
  // a small photo keeps its size
  await photos
    .locator('input[type=file]')
    .setInputFiles({ name: 'small.jpg', mimeType: 'image/jpeg', buffer: SMALL_JPEG });
  await expect(img).toHaveCount(2);
  expect(await img.nth(1).evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth))).toBe(64);
});
