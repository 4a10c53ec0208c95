import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { apiAs } from './fixtures.ts';

/**
 * Walk the moves: a ticket is taken through its lifecycle by whoever the page offers a move to, a
 * different branch for each walk. At every state, for every role, the moves the ticket's page shows
 * are exactly the moves the API reports for that viewer (a role the API refuses gets no page), and
 * each move taken through the page, with its form filled as a user would, is accepted: nothing offered
 * is then refused.
 */
test.skip(!!process.env.FRONTLINE_TEST_DATABASE_URL, 'the pages are the same on PostgreSQL; the walk runs once');
// A walk visits every ticket page of seven roles: about 3 minutes on an idle 2-core machine, more when it is busy.
test.describe.configure({ timeout: 480_000 });

const ROLES = ['staff.cr', 'cr', 'staff', 'pm', 'cr.group', 'admin', 'hr'] as const;
type Role = (typeof ROLES)[number];
const MAX_STEPS = 14;

const daysAhead = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function signedIn(browser: Browser, baseURL: string, role: Role, phone: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  await apiAs(context.request, baseURL, role);
  return context;
}

/** The moves the page offers: one panel per move. */
async function offered(page: Page): Promise<string[]> {
  return (
    await page
      .locator('[data-testid=ticket-moves] details.move')
      .evaluateAll((ds) => ds.map((d) => d.getAttribute('data-testid')!.replace(/^move-/, '')))
  ).sort();
}

/** Fills a move's form as a user would: every required choice and text, a date a few days ahead. */
async function fill(form: Locator): Promise<void> {
  for (const radio of await form.locator('input[type=radio]').all()) {
    const name = await radio.getAttribute('name');
    if (name && !(await form.locator(`input[type=radio][name="${name}"]:checked`).count())) await radio.check();
  }
  for (const select of await form.locator('select').all()) {
    const value = await select.inputValue();
    if (value) continue;
    const first = await select
      .locator('option:not([disabled])')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v !== ''));
    if (first) await select.selectOption(first);
  }
  for (const field of await form
    .locator('textarea[required], input[required]:not([type]), input[required][type=text]')
    .all())
    if (!(await field.inputValue())) await field.fill('走查：按页面所示操作');
  for (const date of await form.locator('input[type=date][required]').all())
    if (!(await date.inputValue())) await date.fill(daysAhead(5));
}

for (const seed of [0, 1, 2]) {
  test(`walk ${seed + 1}: every move a ticket page shows is the API's, and each one taken is accepted`, async ({
    browser,
    baseURL,
  }, info) => {
    const phone = info.project.name === 'phone';
    const contexts = new Map<Role, BrowserContext>();
    for (const role of ROLES) contexts.set(role, await signedIn(browser, baseURL!, role, phone));
    const pages = new Map<Role, Page>();
    for (const [role, context] of contexts) pages.set(role, await context.newPage());
    const api = (role: Role) => contexts.get(role)!.request;

    // A new repair at the 400 desk, on a home of its own for this walk and project.
    const agent = api('staff.cr');
    const { items } = await (await agent.get('/api/projects/1/households?limit=20')).json();
    const household = items[10 + seed * 2 + (phone ? 1 : 0)] as { id: number };
    const { categories } = await (await agent.get('/api/issue-categories')).json();
    const category = (categories as { id: number; code: string }[]).find((c) => c.code === 'leaks')!;
    const raised = await agent.post('/api/tickets', {
      headers: { origin: baseURL! },
      data: {
        clientId: `walk-${seed}-${info.project.name}-${Date.now()}`,
        householdId: household.id,
        channel: 'phone_400',
        type: 'repair',
        categoryId: category.id,
        description: `走查工单 ${seed + 1}`,
      },
    });
    expect(raised.status()).toBe(201);
    const id = (await raised.json()).ticket.id as number;

    const path: string[] = [];
    for (let step = 0; step < MAX_STEPS; step++) {
      const movesOf = new Map<Role, string[]>();
      for (const role of ROLES) {
        const res = await api(role).get(`/api/tickets/${id}`);
        const page = pages.get(role)!;
        const shown = await page.goto(`/tickets/${id}`, { waitUntil: 'networkidle' });
        if (res.status() !== 200) {
          expect(shown?.status(), `${role} has no page for a ticket the API refuses them`).toBe(res.status());
          continue;
        }
        const allowed = ((await res.json()).allowedMoves as string[]).slice().sort();
        expect(await offered(page), `${role} at step ${step} (${path.join(' → ')})`).toEqual(allowed);
        if (allowed.length) movesOf.set(role, allowed);
      }
      // 归档 (feedback) links the ticket to a common issue or plan by its number: a record this walk does not make
      const takeable = new Map(
        [...movesOf]
          .map(([role, moves]) => [role, moves.filter((m) => m !== 'feedback')] as const)
          .filter(([, m]) => m.length),
      );
      if (takeable.size === 0) break;
      // A different branch for each walk: who acts, and which of their moves they take.
      const actors = [...takeable.keys()];
      const actor = actors[(seed + step) % actors.length]!;
      const moves = takeable.get(actor)!;
      const move = moves[(seed * 3 + step) % moves.length]!;
      path.push(`${actor}:${move}`);

      const page = pages.get(actor)!;
      const before = (await (await api(actor).get(`/api/tickets/${id}`)).json()).ticket.version as number;
      const panel = page.getByTestId(`move-${move}`);
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
      await fill(panel.locator('form'));
      await panel.getByTestId(`submit-${move}`).click();
      const dialog = page.getByTestId('confirm-dialog');
      const asks = await dialog.waitFor({ state: 'visible', timeout: 1500 }).then(
        () => true,
        () => false,
      );
      if (asks) await dialog.getByTestId('confirm-ok').click();
      await expect
        .poll(async () => (await (await api(actor).get(`/api/tickets/${id}`)).json()).ticket.version, {
          message: `${path.join(' → ')} was accepted`,
        })
        .toBeGreaterThan(before);
      await expect(page.getByTestId('move-refusal')).toHaveCount(0);
    }
    expect(path.length, `the walk made moves: ${path.join(' → ')}`).toBeGreaterThan(2);
    for (const context of contexts.values()) await context.close();
  });
}
