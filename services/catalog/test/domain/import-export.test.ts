import { HallError } from '@hall/platform';
import ExcelJS from 'exceljs';
import t from 'tap';
import { seedItemsFor } from '../../src/db/seed/data';
import { readWorkbook } from '../../src/domain/import-export';
import {
  CellError,
  headerOf,
  ITEM_COLUMNS,
  MATERIAL_COLUMNS,
  type Column,
} from '../../src/domain/transfer-columns';

/** Read one cell through the column with `header`; returns what it wrote. */
function read<T, C>(
  columns: ReadonlyArray<Column<T, C>>,
  header: string,
  cell: string,
): Record<string, unknown> {
  const column = columns.find((c) => c.header === header);
  if (!column?.read) throw new Error(`no readable column ${header}`);
  const out: Record<string, unknown> = {};
  column.read(cell, out);
  return out;
}

const item = (header: string, cell: string) => read(ITEM_COLUMNS, header, cell);
const material = (header: string, cell: string) => read(MATERIAL_COLUMNS, header, cell);

t.test('cells are read the ways staff write them', async (t) => {
  t.same(item('事项类型', '01'), { powerType: '01' });
  t.same(item('事项类型', '1'), { powerType: '01' });
  t.same(item('事项类型', '行政确认'), { powerType: '07' });
  t.same(item('事项类型', '20 公共服务'), { powerType: '20' });
  t.same(item('法定办结时限', '20工作日'), { legalTimeLimit: { value: 20, unit: 'workday' } });
  t.same(item('法定办结时限', '20 个工作日'), { legalTimeLimit: { value: 20, unit: 'workday' } });
  t.same(
    item('承诺办结时限', '３０自然日'),
    { promisedTimeLimit: { value: 30, unit: 'day' } },
    'full-width digits',
  );
  t.same(item('承诺办结时限', '60天'), { promisedTimeLimit: { value: 60, unit: 'day' } });
  t.same(item('承诺办结时限', ''), { promisedTimeLimit: null });
  t.same(item('办件类型', '即办件'), { handlingType: 'immediate' });
  t.same(item('办件类型', '2'), { handlingType: 'promised' });
  t.same(item('行使层级', '乡镇（街道）级'), { level: 'township' });
  t.same(item('行使层级', '乡镇(街道)级'), { level: 'township' }, 'half-width brackets');
  t.same(item('服务对象', '自然人、法人'), { serviceObjects: ['person', 'legal'] });
  t.same(item('服务对象', '企业，个人'), { serviceObjects: ['legal', 'person'] });
  t.same(item('是否可在线申报', '是'), { online: true });
  t.same(item('是否收费', '否'), { feeCharged: false });
  t.same(item('网办深度', ''), { onlineDepth: null });
  t.same(item('网办深度', '4'), { onlineDepth: 4 });
  t.same(item('业务表单', ''), { form: null });
  t.same(item('业务表单', '{"type":"object"}'), { form: { type: 'object' } });
  t.same(material('材料形式', '电子、纸质'), { media: ['electronic', 'paper'] });
  t.same(material('必要性', '容缺后补'), { necessity: 'deferrable' });
  t.same(material('收取方式', '窗口提交'), { collection: 'window' });
  t.same(material('文件类型', '.PDF, jpg；*.png'), { fileTypes: ['pdf', 'jpg', 'png'] });
  t.same(material('大小上限MB', '10'), { maxSizeMb: 10 });
});

t.test('what cannot be read is refused with a Chinese reason, never guessed', async (t) => {
  const cases: Array<[header: string, cell: string, message: RegExp]> = [
    ['事项类型', '行政审批', /事项类型/],
    ['事项类型', '12', /事项类型/],
    ['法定办结时限', '二十天', /20工作日/],
    ['法定办结时限', '0工作日', /1至3650/],
    ['办件类型', '快办件', /即办件/],
    ['服务对象', '外星人', /自然人/],
    ['是否可在线申报', '可以', /是.*否/],
    ['网办深度', '8', /1至7/],
    ['到办事现场次数', '-1', /0至5/],
    ['业务表单', '{not json', /JSON/],
    ['业务表单', '[1,2]', /JSON 对象/],
  ];
  for (const [header, cell, message] of cases) {
    t.throws(() => item(header, cell), { name: 'CellError', message }, `${header}: ${cell}`);
  }
  t.throws(() => material('必要性', '必须'), CellError);
  t.throws(() => material('大小上限MB', '100'), { message: /1至50/ });
});

t.test('every written value reads back to itself', async (t) => {
  const headers = ITEM_COLUMNS.map((c) => c.header);
  t.equal(new Set(headers).size, headers.length, 'unique headers');
  t.same(headers.slice(0, 6), [
    '事项名称',
    '实施编码',
    '基本编码',
    '事项类型',
    '实施主体',
    '父事项实施编码',
  ]);
  t.notOk(
    ITEM_COLUMNS.find((c) => c.header === '状态')?.read,
    '状态 is informational, never imported',
  );

  const seeded = seedItemsFor('cq').map((i) => i.definition);
  const samples = [
    seeded.find((d) => d.form !== null && d.handlingType === 'promised'),
    seeded.find((d) => d.fee.charged),
    seeded.find((d) => !d.online),
    seeded.find((d) => d.handlingType === 'immediate'),
  ];
  const context = { departmentName: '市教委', parentImplCode: 'P-1', status: '已发布' };
  for (const definition of samples) {
    if (!definition) throw new Error('sample missing');
    const read: Record<string, unknown> = {};
    for (const column of ITEM_COLUMNS)
      column.read?.(String(column.write(definition as never, context)), read);
    const { materials: _m, fee, ...rest } = definition;
    t.match(read, { ...rest, departmentName: '市教委', parentImplCode: 'P-1' }, definition.name);
    t.same(
      [read.feeCharged, read.feeStandard, read.feeBasis],
      [fee.charged, fee.standard, fee.basis],
    );
    for (const m of definition.materials) {
      const back: Record<string, unknown> = {};
      for (const column of MATERIAL_COLUMNS)
        column.read?.(String(column.write(m, { implCode: 'X' })), back);
      t.same(back, { ...m, implCode: 'X' }, `${definition.name}: ${m.name}`);
    }
  }
});

t.test('validation paths map back to the columns staff see', async (t) => {
  t.equal(headerOf(ITEM_COLUMNS, 'departmentId'), '实施主体');
  t.equal(headerOf(ITEM_COLUMNS, 'parentId'), '父事项实施编码');
  t.equal(headerOf(ITEM_COLUMNS, 'fee/standard'), '收费标准');
  t.equal(headerOf(ITEM_COLUMNS, 'promisedTimeLimit/value'), '承诺办结时限');
  t.equal(headerOf(MATERIAL_COLUMNS, 'fileTypes/0'), '文件类型');
  t.equal(headerOf(MATERIAL_COLUMNS, 'id'), '材料标识');
  t.equal(headerOf(ITEM_COLUMNS, 'nonsense'), null);
});

t.test('readWorkbook takes xlsx only', async (t) => {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('事项').addRow(['事项名称']);
  const loaded = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
  t.ok(loaded.getWorksheet('事项'));
  const refuse = async (content: Buffer, code: string) => {
    const err = await readWorkbook(content).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(err instanceof HallError, 'a HallError');
    t.match(err, { status: 400, code });
  };
  await refuse(Buffer.from('事项名称,实施编码\n'), 'import_unsupported_type');
  await refuse(
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    'import_unsupported_type',
  );
  await refuse(Buffer.alloc(0), 'import_unsupported_type');
  await refuse(
    Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('garbage')]),
    'workbook_invalid',
  );
});
