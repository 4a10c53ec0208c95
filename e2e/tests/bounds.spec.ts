import { expect, test } from '@playwright/test';
import { signIn } from './fixtures.ts';

/** Filters and date pickers keep what they send inside the bounds the API holds to, so normal use never meets a refusal. */

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

test('the analysis filter narrows a range longer than 36 months instead of failing', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/analysis', { waitUntil: 'networkidle' });
  await page.locator('input[name=from]').fill('2000-01');
  await page.locator('input[name=to]').fill('2026-11');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/from=2000-01/);
  await expect(page.getByTestId('analysis-narrowed')).toContainText('36 个月');
  await expect(page.locator('input[name=from]')).toHaveValue('2023-12');
  await expect(page.getByTestId('analysis-summary')).toBeVisible();
});

test('the responses filter drops dates outside the years it serves', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/responses?from=0001-01-01&to=9999-12-31', { waitUntil: 'networkidle' });
  await expect(page.getByTestId('responses-adjusted')).toBeVisible();
  await expect(page.locator('input[name=from]')).toHaveValue('');
  await expect(page.getByTestId('response-filters')).toBeVisible();
});

test('a visit without a duty offers and accepts only the last 30 days', async ({ page }, info) => {
  await signIn(page, info.project.name === 'phone' ? 'president' : 'pm');
  await page.goto('/visits/new?checkpoint=7', { waitUntil: 'networkidle' });
  const today = shanghaiToday();
  const date = page.getByTestId('visited-on');
  await expect(date).toHaveAttribute('min', daysBefore(today, 30));
  await expect(date).toHaveAttribute('max', today);
  await date.fill(daysBefore(today, 40));
  await page.getByTestId('submit-visit').click();
  await expect(page.getByTestId('visit-form')).toContainText(`日期须在 ${daysBefore(today, 30)} 至 ${today} 之间。`);
});
