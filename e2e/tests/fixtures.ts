import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'frontline-demo';

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
}

/** Opens the navigation drawer on phones; on wide screens it is always shown. */
export async function openNav(page: Page): Promise<void> {
  // Decided by the viewport, not by the button's visibility, which flickers while a page re-renders.
  if ((page.viewportSize()?.width ?? 1366) >= 768) return; // app.css: the drawer becomes a sidebar at 48rem
  // A re-render right after (a language switch, a session check) may close the drawer it opened: open it until it stays.
  const nav = page.getByRole('navigation', { name: /^(菜单|Menu)$/ });
  await expect(async () => {
    if (!(await nav.isVisible())) await page.getByRole('button', { name: /^(菜单|Menu)$/ }).click();
    await expect(nav).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

/** Looks records up through the API with a separate signed-in request context. */
export async function apiAs(request: APIRequestContext, baseURL: string, login: string) {
  const res = await request.post('/api/auth/sign-in', {
    data: { login, password: PASSWORD },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(200);
  return request;
}

export type Duty = { id: number; kind: string; status: string; due: { from: string; to: string } };

/** A staff member of project 1 (not a demo login) with a home visit due now, signed in through the API. */
export async function staffWithVisitDue(
  playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
  baseURL: string,
  pick: number,
) {
  const admin = await playwright.request.newContext({ baseURL });
  await admin.post('/api/auth/sign-in', { data: { login: 'admin', password: PASSWORD }, headers: { origin: baseURL } });
  const { items } = await (await admin.get('/api/projects/1/employees?position=staff&limit=200')).json();
  await admin.dispose();
  let found = 0;
  for (const e of items as { employeeNo: string; active: boolean }[]) {
    if (!e.active) continue;
    const api = await playwright.request.newContext({ baseURL });
    const signedIn = await api.post('/api/auth/sign-in', {
      data: { login: e.employeeNo, password: PASSWORD },
      headers: { origin: baseURL },
    });
    if (signedIn.ok()) {
      const { today, duties } = await (await api.get('/api/me/duties?kind=home_visit')).json();
      const mine = (await (await api.get('/api/my/households?limit=1')).json()).items;
      const due = (duties as Duty[]).find((d) => d.status === 'planned' && d.due.from <= today && d.due.to >= today);
      if (due && mine.length && found++ === pick) return { login: e.employeeNo, duty: due, api };
    }
    await api.dispose();
  }
  throw new Error('no staff member with a home visit due');
}

/**
 * The employee number of a staff member of project 12, whom no other test uses:
 * for tests that change something of the person's own that sign-in brings back
 * (their language). `pick` keeps parallel tests (desktop, phone) apart.
 */
export async function personNoOneElseUses(
  playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
  baseURL: string,
  pick: number,
): Promise<string> {
  const admin = await playwright.request.newContext({ baseURL });
  await admin.post('/api/auth/sign-in', { data: { login: 'admin', password: PASSWORD }, headers: { origin: baseURL } });
  const { items } = await (await admin.get('/api/projects/12/employees?position=staff&limit=50')).json();
  await admin.dispose();
  const person = (items as { employeeNo: string; active: boolean }[]).filter((e) => e.active)[pick];
  if (!person) throw new Error(`project 12 has no active staff member number ${pick}`);
  // A retry (or an earlier run on the same database) may have left them in English: start each attempt in Chinese.
  const them = await playwright.request.newContext({ baseURL });
  await apiAs(them, baseURL, person.employeeNo);
  const reset = await them.put('/api/me/language', { data: { language: 'zh-CN' }, headers: { origin: baseURL } });
  expect(reset.status()).toBe(200);
  await them.dispose();
  return person.employeeNo;
}
