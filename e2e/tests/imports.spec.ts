import { expect, test } from '@playwright/test';
import readXlsxFile from 'read-excel-file/node';
import { signIn } from './fixtures.ts';

/**
 * The import page as customer relations of 华东 sees it: every column with
 * what goes in it and its allowed values, and a template to download whose
 * first sheet is what the importer reads and whose second lists the values
 * of the region only. (Importing the template is left to the API's tests:
 * here it would add a household to the demo's first project.)
 */
test('the household import lists its columns and gives a template of the region’s values', async ({ page }) => {
  await signIn(page, 'cr');
  await page.goto('/admin/import');
  const columns = page.getByTestId('import-columns');
  const row = (header: string) =>
    columns.locator('tbody tr').filter({ has: page.locator('strong', { hasText: new RegExp(`^${header}$`) }) });
  await expect(columns.locator('tbody tr')).toHaveCount(7);
  await expect(row('项目')).toContainText('必填');
  await expect(row('项目')).toContainText('P001');
  await expect(row('业主姓名')).toContainText('选填');
  await expect(row('阶段')).toContainText('待交付业主');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('import-template-households').click(),
  ]);
  expect(download.suggestedFilename()).toBe('import-households-template.xlsx');
  const sheets = await readXlsxFile(await download.path());
  expect(sheets.map((s) => s.sheet)).toEqual(['客户（户）', '允许的值 (Allowed values)', '列说明 (Columns)']);
  expect(sheets[0]!.data[0]).toEqual(['项目', '楼栋', '单元', '房号', '业主姓名', '联系电话', '阶段']);
  const allowed = sheets[1]!.data.slice(1);
  const projects = allowed.filter((row) => row[0] === '项目');
  expect(projects.length).toBeGreaterThan(0);
  // Every project offered is in 华东, and the demo's project 1 (P001) is among them.
  expect(projects.every((row) => String(row[4]).endsWith('华东区域'))).toBe(true);
  expect(projects.map((row) => row[2])).toContain('P001');
});
