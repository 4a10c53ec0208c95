import { expect, test } from '@playwright/test';
import { signIn } from './fixtures.ts';

/** Filters live in the URL: the controls show what the URL holds, and filtering again keeps it. */

test('the analysis filter shows ?projectId from the URL and keeps it when filtering again', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/analysis?projectId=1&checkpoint=7', { waitUntil: 'networkidle' });
  const filters = page.getByTestId('analysis-filters');
  await expect(filters.locator('select[name=projectId]')).toHaveValue('1');
  await expect(filters.locator('select[name=checkpoint]')).toHaveValue('7');
  await filters.getByRole('button').last().click();
  await expect(page).toHaveURL(/projectId=1/);
  await expect(page).toHaveURL(/checkpoint=7/);
  await expect(filters.locator('select[name=projectId]')).toHaveValue('1');
});

test('the compliance board opens on the last month that has ended and never rates duties still open', async ({
  page,
}) => {
  await signIn(page, 'pm');
  await page.goto('/compliance', { waitUntil: 'networkidle' });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = m === 1 ? `${y - 1}-M12` : `${y}-M${m - 1}`;
  await expect(page.locator('select[name=period]')).toHaveValue(last);
  await expect(page.getByTestId('rate-hint')).toBeVisible();
  // this month's board: every duty still open shows no rate, never 0.0%
  await page.goto(`/compliance?period=${y}-M${m}&groupBy=person`, { waitUntil: 'networkidle' });
  const rows = page.getByTestId('compliance-board').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    const [done, missed] = [Number(cells[2]), Number(cells[4])];
    if (done + missed === 0) expect(cells[7]).toBe('—');
  }
});
