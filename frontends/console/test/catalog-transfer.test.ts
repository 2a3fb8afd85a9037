/**
 * 导入导出: the station's catalog downloads as Excel and CSV through the console; a workbook
 * with bad rows is refused with the report of each row, field and reason, and changes nothing;
 * a good one is imported (立即发布) and the notice says how many items.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import t from 'tap';
import type { Page } from 'playwright-core';
import { alertText, catalogApi } from './support/catalog';
import { fieldError, newUsername, notice, PASSWORD, signIn, startHall } from './support/hall';

const hall = await startHall(t, { catalog: { seed: ['yuzhong'] } });
const editor = { username: newUsername('editor'), password: PASSWORD };
await hall.createStaff('yuzhong', { ...editor, name: '钱导入', roles: ['editor'] });
const token = () => hall.staffToken(editor.username, editor.password);

interface Head {
  id: string;
  name: string;
  implCode: string;
  status: string;
  draftVersion: number | null;
  publishedVersion: number | null;
  revision: number;
}
const allItems = async () =>
  (
    await catalogApi<{ items: Head[]; total: number }>(
      hall,
      await token(),
      'GET',
      '/stations/yuzhong/admin/items?pageSize=100',
    )
  ).items;

let page: Page;
let workbook: Buffer;

t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, editor.username, editor.password);
});

t.test('导出 downloads the workbook and the CSV', async (t) => {
  await hall.goto(page, '/catalog/transfer');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '下载 Excel（.xlsx）' }).click(),
  ]);
  t.match(xlsx.suggestedFilename(), /\.xlsx$/);
  workbook = await readFile((await xlsx.path())!);
  t.equal(workbook.subarray(0, 2).toString(), 'PK', 'a zip (xlsx) file');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((s) => s.name),
    ['部门', '事项', '材料'],
  );
  t.equal(
    book.getWorksheet('事项')!.actualRowCount - 1,
    (await allItems()).length,
    'a row an item',
  );

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '下载 CSV' }).click(),
  ]);
  t.match(csv.suggestedFilename(), /\.csv$/);
  const text = (await readFile((await csv.path())!)).toString('utf8');
  t.match(text, /事项名称/);
  t.match(text, /幼儿园、小学和初级中学教师资格认定/);
});

/** The exported workbook with `change` applied to its 事项 sheet (cells by header). */
async function edited(
  change: (sheet: ExcelJS.Worksheet, column: (header: string) => number) => void,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('事项')!;
  const headers = sheet.getRow(1).values as unknown[];
  change(sheet, (header) => {
    const at = headers.indexOf(header);
    if (at < 1) throw new Error(`no column ${header}`);
    return at;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = async (file: Buffer, publish: boolean) => {
  await hall.goto(page, '/catalog/transfer');
  await page.locator('#f-file').setInputFiles({
    name: '渝中区权力清单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  if (publish) await page.getByRole('checkbox', { name: /立即发布/ }).check();
  await page.getByRole('button', { name: '导入' }).click();
};

t.test('an import with bad rows shows the report and changes nothing', async (t) => {
  const before = await allItems();
  const bad = await edited((sheet, column) => {
    sheet.getRow(2).getCell(column('事项类型')).value = '99';
    sheet.getRow(3).getCell(column('事项名称')).value = '';
    sheet.getRow(4).getCell(column('办理地点')).value = '改过的地点';
  });
  await upload(bad, true);
  t.match(await alertText(page, /导入未完成/), /导入未完成：共 \d+ 处问题，未导入任何内容/);
  const report = page.getByRole('table', { name: /未通过检查的行/ });
  const rows = (await report.locator('tbody tr').allInnerTexts()).map((r) =>
    r.split('\t').map((c) => c.trim()),
  );
  t.ok(rows.some(([sheet, row, field]) => sheet === '事项' && row === '2' && field === '事项类型'));
  t.ok(rows.some(([sheet, row, field]) => sheet === '事项' && row === '3' && field === '事项名称'));
  t.ok(
    rows.every((r) => r[3]),
    'every row says why',
  );
  const after = await allItems();
  t.same(
    after.map((i) => [i.id, i.revision, i.draftVersion]),
    before.map((i) => [i.id, i.revision, i.draftVersion]),
    'nothing was imported (not even the good row)',
  );
});

t.test('a good workbook is imported and published at once', async (t) => {
  let changedCode = '';
  const good = await edited((sheet, column) => {
    changedCode = String(sheet.getRow(2).getCell(column('实施编码')).value);
    sheet.getRow(2).getCell(column('办理地点')).value = '渝中区政务服务中心二楼';
  });
  await upload(good, true);
  t.match(await notice(page), /操作成功：已从“渝中区权力清单\.xlsx”导入 \d+ 个事项/);
  t.match(await notice(page), /更新 1 个/);
  const item = (await allItems()).find((i) => i.implCode === changedCode)!;
  const detail = await catalogApi<{ published: { definition: { location: string } } }>(
    hall,
    await token(),
    'GET',
    `/stations/yuzhong/admin/items/${item.id}`,
  );
  t.equal(detail.published.definition.location, '渝中区政务服务中心二楼');
  t.equal(item.draftVersion, null, 'published, no draft left');
});

t.test('a file that is not a workbook is refused at its field', async (t) => {
  await upload(Buffer.from('name,code\n甲,1\n'), false);
  t.match(await alertText(page, /仅支持/), '仅支持导入 Excel 工作簿（.xlsx）');
  t.equal(await fieldError(page, 'file'), '请上传 .xlsx 格式的 Excel 工作簿');
  t.equal(await page.getByRole('table', { name: /未通过检查的行/ }).count(), 0);
});
