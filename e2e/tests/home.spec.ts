import { expect, test } from '@playwright/test';
import { apiAs, signIn, staffWithVisitDue } from './fixtures.ts';

/**
 * The home page per role, on phone and desktop. The runs share one server, so
 * each only reads, and the staff member is one no other spec records visits for.
 */

test('a staff member’s first duty is on screen without scrolling, with the figures below it', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const phone = info.project.name === 'phone';
  if (phone) await page.setViewportSize({ width: 390, height: 844 });
  const { login, duty, api } = await staffWithVisitDue(playwright, baseURL!, phone ? 5 : 6);
  await api.dispose();
  await signIn(page, login);
  const section = page.getByTestId('home-duties');
  await expect(section).toBeVisible();
  const first = section.getByTestId('duties-due').locator('li').first();
  await expect(first).toBeInViewport({ ratio: 1 });
  await expect(
    section
      .getByTestId('duties-due')
      .getByRole('link', { name: /入户拜访/ })
      .first(),
  ).toBeVisible();
  await expect(section.locator(`a[href="/duties/${duty.id}"]`)).toHaveCount(1);
  // The figures are one line below the list, not cards above it.
  const figures = section.getByTestId('duty-figures');
  await expect(figures).toContainText('本期待办');
  expect((await figures.boundingBox())!.y).toBeGreaterThan((await first.boundingBox())!.y);
  await expect(section.getByTestId('home-duties-link')).toHaveAttribute('href', '/duties');
  // Staff have no executive, review or system sections.
  for (const other of ['receptions', 'review', 'system', 'appraisal', 'compliance'])
    await expect(page.getByTestId(`home-${other}`)).toHaveCount(0);
});

test('the president sees the next reception day once, with its roster masked', async ({
  page,
  playwright,
  baseURL,
}) => {
  const api = await apiAs(await playwright.request.newContext({ baseURL }), baseURL!, 'president');
  const home = await (await api.get('/api/me/home')).json();
  await api.dispose();
  const next = home.receptions.next as { day: { id: number; dutyId: number }; booked: number } | null;
  expect(next).not.toBeNull();

  await signIn(page, 'president');
  const receptions = page.getByTestId('home-receptions');
  await expect(receptions).toBeVisible();
  await expect(page.getByTestId('next-reception')).toHaveCount(1);
  await expect(page.getByTestId('next-reception').getByRole('link', { name: '查看名单' })).toHaveAttribute(
    'href',
    `/receptions/${next!.day.id}`,
  );
  // Its duty is not listed again among the duties.
  await expect(page.locator(`a[href="/duties/${next!.day.dutyId}"]`)).toHaveCount(0);
  if (next!.booked > 0) await expect(page.getByTestId('reception-roster')).toContainText('*');
  await expect(page.getByTestId('home-compliance').getByTestId('on-time-rate')).toHaveText(/^(—|\d+\.\d%)$/);
});

test('customer relations sees what waits for review', async ({ page }) => {
  await signIn(page, 'cr');
  const review = page.getByTestId('home-review');
  await expect(review).toBeVisible();
  await expect(review.getByRole('heading', { name: /待审核的共性问题/ })).toBeVisible();
  await expect(review.getByTestId('issues-to-review').or(review.getByTestId('issues-empty'))).toBeVisible();
  await expect(review.getByTestId('home-review-link')).toHaveAttribute('href', '/common-issues');
  await expect(page.getByTestId('home-system')).toHaveCount(0);
});

test('the system admin sees the outbox failures and the calendar watch', async ({ page }) => {
  await signIn(page, 'admin');
  const system = page.getByTestId('home-system');
  await expect(system).toBeVisible();
  await expect(system.getByTestId('outbox-failed')).toHaveText(/^\d+$/);
  await expect(system.getByTestId('failed-mail').or(system.getByTestId('failed-empty'))).toBeVisible();
  await expect(system.getByTestId('home-system-link')).toHaveAttribute('href', '/admin/outbox');
  await expect(system.getByTestId('calendar-watch').or(system.getByTestId('calendar-ok'))).toBeVisible();
  // The warning is shown once: in the section, not again as the page banner.
  await expect(page.getByTestId('calendar-watch')).toHaveCount(await system.getByTestId('calendar-watch').count());
});

test('HR sees the appraisal section and nothing of customers', async ({ page }) => {
  await signIn(page, 'hr');
  await expect(page.getByTestId('home-appraisal')).toBeVisible();
  await expect(page.getByTestId('score-exports').getByRole('link', { name: 'XLSX' })).toHaveAttribute(
    'href',
    /format=xlsx/,
  );
  await expect(page.getByTestId('home-duties')).toHaveCount(0);
});
