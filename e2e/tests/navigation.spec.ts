import { expect, test } from '@playwright/test';
import { openNav, personNoOneElseUses, signIn } from './fixtures.ts';

const NAV = [
  '首页',
  '接待日安排',
  '我的对接客户',
  '履职看板',
  '组织架构',
  '排程',
  '频次规则',
  '工作日历',
  '数据导入',
  '审计日志',
  '个人中心',
] as const;

/** What each demo role finds in the navigation. */
const EXPECTED: Record<string, (typeof NAV)[number][]> = {
  staff: ['首页', '我的对接客户', '组织架构', '个人中心'],
  'staff.cr': ['首页', '我的对接客户', '组织架构', '个人中心'],
  pm: ['首页', '接待日安排', '我的对接客户', '履职看板', '组织架构', '个人中心'],
  'head.engineering': ['首页', '接待日安排', '我的对接客户', '履职看板', '组织架构', '个人中心'],
  president: ['首页', '接待日安排', '我的对接客户', '履职看板', '组织架构', '个人中心'],
  // Regional admins work in their region; group-wide configuration is for the group-level admins.
  cr: ['首页', '我的对接客户', '履职看板', '组织架构', '排程', '数据导入', '个人中心'],
  'cr.group': ['首页', '我的对接客户', '履职看板', '组织架构', '排程', '频次规则', '数据导入', '个人中心'],
  hr: ['首页', '履职看板', '组织架构', '数据导入', '个人中心'],
  'hr.group': ['首页', '履职看板', '组织架构', '数据导入', '个人中心'],
  admin: [
    '首页',
    '我的对接客户',
    '履职看板',
    '组织架构',
    '排程',
    '频次规则',
    '工作日历',
    '数据导入',
    '审计日志',
    '个人中心',
  ],
};

for (const [login, items] of Object.entries(EXPECTED)) {
  test(`${login} sees the navigation of their position`, async ({ page }) => {
    await signIn(page, login);
    await openNav(page);
    const nav = page.getByRole('navigation', { name: '菜单' });
    for (const item of NAV) {
      const link = nav.getByRole('link', { name: item, exact: true });
      if (items.includes(item)) await expect(link).toBeVisible();
      else await expect(link).toHaveCount(0);
    }
  });
}

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'staff');
  await page.goto('/profile');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/households');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a wrong password shows one message for every failure', async ({ page }) => {
  await page.goto('/sign-in', { waitUntil: 'networkidle' });
  await page.getByLabel('账号（登录名或工号）').fill('staff');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('账号或密码错误。');
});

// The switch also stores the choice with the person (sign-in brings it back): someone no other test signs in as.
test('the language switch turns the interface into English', async ({ page, playwright, baseURL }, info) => {
  await signIn(page, await personNoOneElseUses(playwright, baseURL!, info.project.name === 'phone' ? 1 : 0));
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
  await openNav(page);
  await expect(
    page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Organisation' }),
  ).toBeVisible();
});
