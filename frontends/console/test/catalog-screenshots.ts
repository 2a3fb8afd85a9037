/**
 * Screenshots of the console's 权力清单 pages for review (not part of the test suite):
 *
 *   pnpm --filter @hall/console build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/console/test/catalog-screenshots.ts
 *
 * Starts identity and the catalog (渝中区's demo catalog seeded) and the built console as the
 * browser tests do, makes some history (an edited and republished item, a draft), and saves
 * PNGs at desktop (1280) and phone (375) width to docs/screenshots/console/catalog-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { catalogApi } from './support/catalog';
import { DESKTOP, fillForm, PHONE, signIn, startHall } from './support/hall';

const out = join(import.meta.dirname, '../../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startHall(scope, { catalog: { seed: ['yuzhong'] } });
  const admin = { username: 'yzadmin', password: 'Yz#Admin2026', name: '陈渝中' };
  await hall.createStaff('yuzhong', { ...admin, roles: ['station_admin'] });
  const editor = { username: 'sunfabu', password: 'Sun#Fabu2026' };
  await hall.createStaff('yuzhong', { ...editor, name: '孙发布', roles: ['editor'] });
  const token = await hall.staffToken(editor.username, editor.password);

  // History: 孙发布 edits the teacher item and publishes version 2, then starts a third.
  const { items } = await catalogApi<{ items: Array<{ id: string; name: string }> }>(
    hall,
    token,
    'GET',
    '/stations/yuzhong/admin/items?q=教师资格&pageSize=10',
  );
  const teacher = items.find((i) => i.name.includes('幼儿园'))!;
  type Detail = { revision: number; published: { definition: Record<string, unknown> } };
  const detail = async () =>
    catalogApi<Detail>(hall, token, 'GET', `/stations/yuzhong/admin/items/${teacher.id}`);
  const put = async (change: Record<string, unknown>) => {
    const d = await detail();
    const res = await fetch(`${hall.catalogUrl}/stations/yuzhong/admin/items/${teacher.id}/draft`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'if-match': `"${d.revision}"`,
      },
      body: JSON.stringify({ ...d.published.definition, ...change }),
    });
    if (!res.ok) throw new Error(`draft: ${res.status} ${await res.text()}`);
  };
  await put({ hours: '工作日 上午9:00—12:00，下午13:30—17:30' });
  await catalogApi(hall, token, 'POST', `/stations/yuzhong/admin/items/${teacher.id}/publish`, {});
  await put({ location: '渝中区政务服务中心三楼教委窗口' });

  // A workbook with mistakes, for the import report.
  const exported = await fetch(`${hall.catalogUrl}/stations/yuzhong/admin/export?format=xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await exported.arrayBuffer());
  const sheet = book.getWorksheet('事项')!;
  const headers = sheet.getRow(1).values as unknown[];
  sheet.getRow(2).getCell(headers.indexOf('事项类型')).value = '99';
  sheet.getRow(3).getCell(headers.indexOf('事项名称')).value = '';
  sheet.getRow(5).getCell(headers.indexOf('承诺办结时限')).value = '二十天';
  const badWorkbook = Buffer.from(await book.xlsx.writeBuffer());

  const item = `/catalog/items/${teacher.id}`;
  const shots: Array<{ name: string; path: string; prepare?: (page: Page) => Promise<void> }> = [
    { name: 'catalog-items', path: '/catalog/items' },
    { name: 'catalog-departments', path: '/catalog/departments' },
    { name: 'catalog-item', path: item },
    { name: 'catalog-item-editor', path: `${item}/edit` },
    {
      name: 'catalog-new-item-errors',
      path: '/catalog/items/new',
      prepare: async (page) => {
        await fillForm(page, {
          name: '教',
          visits: '两次',
          implCode: '11500103MB1030020J0100205100',
        });
        await page.getByRole('button', { name: '保存草稿' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'catalog-materials', path: `${item}/materials` },
    {
      name: 'catalog-form-designer',
      path: `${item}/form`,
      prepare: async (page) => {
        await fillForm(page, { fieldTitle: '申请人户籍类别', key: 'householdType' });
        await page.locator('#f-widget').selectOption('radio');
        await page.locator('#f-options').fill('local=本市户籍\nother=外省市户籍');
        await page.waitForFunction(() =>
          document.querySelector('.preview')?.textContent?.includes('外省市户籍'),
        );
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.evaluate(() => window.scrollTo(0, 0));
      },
    },
    {
      name: 'catalog-form-designer-errors',
      path: `${item}/form`,
      prepare: async (page) => {
        await fillForm(page, { fieldTitle: '教龄（年）', key: 'years' });
        await page.locator('#f-widget').selectOption('number');
        await fillForm(page, { minimum: '60', maximum: '0' });
        await page.getByRole('button', { name: '添加字段' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    {
      name: 'catalog-form-json-errors',
      path: `${item}/form/json`,
      prepare: async (page) => {
        const text = await page.locator('#f-schema').inputValue();
        await page
          .locator('#f-schema')
          .fill(
            text
              .replace('"x-widget": "select"', '"x-widget": "slider"')
              .replace('"maxLength": 60', '"maxLength": 999'),
          );
        await page.getByRole('button', { name: '保存' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'catalog-publish-confirm', path: `${item}/publish` },
    { name: 'catalog-version', path: `${item}/versions/1` },
    {
      name: 'catalog-import-report',
      path: '/catalog/transfer',
      prepare: async (page) => {
        await page.locator('#f-file').setInputFiles({
          name: '渝中区权力清单.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: badWorkbook,
        });
        await page.getByRole('button', { name: '导入' }).click();
        await page.getByRole('table', { name: /未通过检查的行/ }).waitFor();
      },
    },
  ];

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const page = await hall.newPage({ viewport, deviceScaleFactor: 1 });
    await signIn(hall, page, admin.username, admin.password);
    for (const shot of shots) {
      await hall.goto(page, shot.path);
      await shot.prepare?.(page);
      const file = join(out, `${shot.name}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`saved ${file}\n`);
    }
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
