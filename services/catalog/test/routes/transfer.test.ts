import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { seedCatalog } from '../../src/db/seed/catalog';
import { departmentsFor, seedItemsFor } from '../../src/db/seed/data';
import {
  buildTestCatalog,
  expectProblem,
  ownerSql,
  streamEvents,
  testBus,
  waitFor,
  type TestCatalog,
} from '../helper';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart/form-data body with one file part named `file`. */
function multipart(fileName: string, content: Buffer, contentType = XLSX) {
  const boundary = `----hall${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Auth = { authorization: string };

async function exportBook(app: TestCatalog['app'], auth: Auth, station: string): Promise<Buffer> {
  const res = await app.inject({
    method: 'GET',
    url: `/stations/${station}/admin/export?format=xlsx`,
    headers: auth,
  });
  if (res.statusCode !== 200) throw new Error(`export ${station}: ${res.statusCode} ${res.body}`);
  return res.rawPayload;
}

async function load(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet as header → text records (row 1 is the header). */
function records(workbook: ExcelJS.Workbook, sheet: string): Array<Record<string, string>> {
  const ws = workbook.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Array<Record<string, string>> = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).text])));
  });
  return out;
}

/** Set a cell of the data row whose `key` column equals `value`. */
function setCell(
  workbook: ExcelJS.Workbook,
  sheet: string,
  find: [string, string],
  header: string,
  value: string,
) {
  const ws = workbook.getWorksheet(sheet)!;
  const headers = (ws.getRow(1).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
  const keyCol = headers.indexOf(find[0]);
  const col = headers.indexOf(header);
  let done = false;
  ws.eachRow((row, n) => {
    if (n > 1 && !done && row.getCell(keyCol).text === find[1]) {
      row.getCell(col).value = value;
      done = true;
    }
  });
  if (!done) throw new Error(`no row with ${find[0]}=${find[1]} in ${sheet}`);
}

function appendRow(
  workbook: ExcelJS.Workbook,
  sheet: string,
  values: Record<string, string | number>,
) {
  const ws = workbook.getWorksheet(sheet)!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  ws.addRow(headers.map((h) => values[h] ?? ''));
}

async function upload(
  app: TestCatalog['app'],
  auth: Auth,
  station: string,
  content: Buffer,
  query = '',
  fileName = '权力清单.xlsx',
  contentType = XLSX,
): Promise<LightMyRequestResponse> {
  const body = multipart(fileName, content, contentType);
  return app.inject({
    method: 'POST',
    url: `/stations/${station}/admin/import${query}`,
    headers: { ...auth, ...body.headers },
    payload: body.payload,
  });
}

interface Rejection {
  sheet: string;
  row: number;
  field: string;
  message: string;
}

t.test('transfer routes', async (t) => {
  const catalog = await buildTestCatalog(t);
  const { app, config, databaseUrl, tokens } = catalog;
  const sql = ownerSql(t, databaseUrl);
  await seedCatalog(app.database, { namespace: config.BUS_NAMESPACE, stations: ['cq'] });
  const editor = await tokens.staff('cq', ['editor']);
  const seeded = seedItemsFor('cq');
  const counts = async (station: string) => {
    const [row] = await sql<Array<{ items: number; versions: number; departments: number }>>`
      select (select count(*)::int from items where station = ${station}) as items,
             (select count(*)::int from item_versions where station = ${station}) as versions,
             (select count(*)::int from departments where station = ${station}) as departments`;
    return row!;
  };

  t.test('xlsx export: 部门, 事项 and 材料 with Chinese headers, as staff keep them', async (t) => {
    const res = await app.inject({
      method: 'GET',
      url: '/stations/cq/admin/export',
      headers: editor,
    });
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], XLSX);
    t.match(
      res.headers['content-disposition'],
      /^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/,
    );
    t.match(
      decodeURIComponent(String(res.headers['content-disposition'])),
      /重庆市权力清单-\d{8}\.xlsx/,
    );
    const book = await load(res.rawPayload);
    t.same(
      book.worksheets.map((w) => w.name),
      ['部门', '事项', '材料'],
    );
    const departments = records(book, '部门');
    t.equal(departments.length, departmentsFor('cq').length);
    t.same(departments[1], {
      部门编码: departmentsFor('cq')[1]!.code,
      部门名称: '市教委',
      排序: '20',
      状态: '启用',
    });

    const items = records(book, '事项');
    t.equal(items.length, seeded.length);
    const teacher = items.find((r) => r.事项名称 === '中等及中等以上学校教师资格认定')!;
    t.match(teacher, {
      事项类型: '行政许可',
      实施主体: '市教委',
      父事项实施编码: '',
      行使层级: '市级',
      办件类型: '承诺件',
      法定办结时限: '30工作日',
      承诺办结时限: '20工作日',
      服务对象: '自然人',
      是否可在线申报: '是',
      网办深度: '3',
      是否收费: '否',
      状态: '已发布',
    });
    t.match(teacher.设定依据, /《教师资格条例》/);
    t.equal(JSON.parse(teacher.业务表单!).title, '教师资格认定申请表');
    const subs = items.filter((r) => r.父事项实施编码 === teacher.实施编码).map((r) => r.事项名称);
    t.same(subs, [
      '高级中学教师资格认定',
      '中等职业学校教师资格认定',
      '中等职业学校实习指导教师资格认定',
    ]);
    t.equal(
      items.indexOf(teacher) + 1,
      items.findIndex((r) => r.事项名称 === '高级中学教师资格认定'),
      'sub-items follow their parent',
    );

    const materials = records(book, '材料');
    const ofTeacher = materials.filter((m) => m.实施编码 === teacher.实施编码);
    t.ok(
      ofTeacher.some(
        (m) =>
          m.材料名称 === '普通话水平测试等级证书' &&
          m.必要性 === '必要' &&
          m.收取方式 === '本地上传',
      ),
    );
    t.ok(ofTeacher.some((m) => m.必要性 === '容缺后补'));
    t.ok(materials.some((m) => m.收取方式 === '窗口提交' && m.材料形式 === '纸质'));
    t.match(ofTeacher[0], { 文件类型: 'jpg,jpeg,png,pdf', 大小上限MB: '5', 份数: '0' });
  });

  t.test('csv export: the 事项 sheet, UTF-8 with BOM so Excel shows Chinese', async (t) => {
    const res = await app.inject({
      method: 'GET',
      url: '/stations/cq/admin/export?format=csv',
      headers: editor,
    });
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    t.match(decodeURIComponent(String(res.headers['content-disposition'])), /\.csv$/);
    const bytes = res.rawPayload;
    t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    const text = bytes.toString('utf8').slice(1);
    t.ok(
      text.startsWith('事项名称,实施编码,基本编码,事项类型,实施主体,父事项实施编码,'),
      'Chinese headers',
    );
    t.ok(text.includes('"1. 遵守宪法和法律'), 'multi-line cells are quoted');
    t.match(text, /道路旅客运输经营许可,11500000MB/);
    t.ok(text.endsWith('\r\n'));
    const bad = await app.inject({
      method: 'GET',
      url: '/stations/cq/admin/export?format=pdf',
      headers: editor,
    });
    expectProblem(t, bad, 400, 'validation_failed');
  });

  t.test('another station’s staff, citizens and anonymous callers get nothing', async (t) => {
    const other = await tokens.staff('yuzhong', ['editor', 'station_admin']);
    const clerk = await tokens.staff('cq', ['clerk']);
    const citizen = await tokens.citizen();
    const book = await exportBook(app, editor, 'cq');
    const before = await counts('cq');
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: '/stations/cq/admin/export', headers: other }),
      404,
      'not_found',
    );
    expectProblem(t, await upload(app, other, 'cq', book, '?publish=true'), 404, 'not_found');
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: '/stations/cq/admin/export', headers: citizen }),
      403,
      'forbidden',
    );
    expectProblem(t, await upload(app, clerk, 'cq', book), 403, 'forbidden');
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: '/stations/cq/admin/export' }),
      401,
      'unauthenticated',
    );
    t.same(await counts('cq'), before, 'nothing changed');
    // An operator may read every station's catalog.
    const operator = await tokens.operator();
    t.equal(
      (await app.inject({ method: 'GET', url: '/stations/cq/admin/export', headers: operator }))
        .statusCode,
      200,
    );
  });

  t.test('export → import round-trips: into an empty station, and onto itself', async (t) => {
    const book = await exportBook(app, editor, 'cq');
    const jiangbei = await tokens.staff('jiangbei', ['station_admin']);
    // cq's blank forms are cq's attachments: another station cannot reference them.
    const foreign = await upload(app, jiangbei, 'jiangbei', book, '?publish=true');
    const refused = expectProblem(t, foreign, 400, 'import_rejected') as unknown as {
      rejected: Rejection[];
    };
    const exported = await load(book);
    const withForms = records(exported, '材料')
      .map((cells, i) => ({ cells, row: i + 2 }))
      .filter((m) => m.cells.空白表格 !== '');
    t.ok(withForms.length > 0, 'the seed has blank forms');
    const itemRows = records(exported, '事项').map((cells, i) => ({ cells, row: i + 2 }));
    const rejectedAt = (sheet: string, row: number, field: string) =>
      refused.rejected.some((r) => r.sheet === sheet && r.row === row && r.field === field);
    for (const m of withForms) {
      // A sub-item whose parent was refused is refused for its parent instead.
      const item = itemRows.find((r) => r.cells.实施编码 === m.cells.实施编码)!;
      t.ok(
        rejectedAt('材料', m.row, '空白表格') || rejectedAt('事项', item.row, '父事项实施编码'),
        `${item.cells.事项名称}: ${m.cells.材料名称} refused`,
      );
    }
    t.ok(
      refused.rejected.every((r) => /附件不存在|父事项|实施编码为/.test(r.message)),
      JSON.stringify(refused.rejected),
    );
    t.same(await counts('jiangbei'), { items: 0, versions: 0, departments: 0 }, 'nothing imported');

    // Without the attachment columns the rest of the catalog moves over intact.
    const original = await load(book);
    const portable = await load(book);
    const materialsSheet = portable.getWorksheet('材料')!;
    const headers = (materialsSheet.getRow(1).values as unknown[]).map(String);
    for (const header of ['示例样表', '空白表格'])
      materialsSheet.spliceColumns(headers.indexOf(header), 1);
    const res = await upload(
      app,
      jiangbei,
      'jiangbei',
      Buffer.from(await portable.xlsx.writeBuffer()),
      '?publish=true',
    );
    t.equal(res.statusCode, 200, res.body.slice(0, 500));
    t.same(res.json(), {
      accepted: seeded.length,
      created: seeded.length,
      updated: 0,
      unchanged: 0,
      published: seeded.length,
      departmentsCreated: departmentsFor('cq').length,
      rejected: [],
    });
    const copy = await load(await exportBook(app, jiangbei, 'jiangbei'));
    for (const sheet of ['部门', '事项'])
      t.same(records(copy, sheet), records(original, sheet), `${sheet} identical`);
    const withoutAttachments = (rows: Array<Record<string, string>>) =>
      rows.map(({ 空白表格: _b, 示例样表: _s, ...rest }) => rest);
    t.same(
      withoutAttachments(records(copy, '材料')),
      withoutAttachments(records(original, '材料')),
      '材料 identical but for the attachments',
    );

    const listed = await app.inject({
      method: 'GET',
      url: `/stations/jiangbei/items?q=${encodeURIComponent('教师')}`,
    });
    t.ok(
      listed
        .json<{ items: Array<{ name: string; subItems: unknown[] }> }>()
        .items.some((i) => i.name === '中等及中等以上学校教师资格认定' && i.subItems.length === 3),
      'the imported catalog is published and searchable',
    );

    const before = await counts('cq');
    const again = await upload(app, editor, 'cq', book);
    t.equal(again.statusCode, 200);
    t.match(again.json(), {
      accepted: seeded.length,
      created: 0,
      updated: 0,
      unchanged: seeded.length,
      published: 0,
    });
    t.same(await counts('cq'), before, 'importing the unchanged export changes nothing');
  });

  t.test(
    'a good import writes drafts; publish=true publishes them; one audit entry each',
    async (t) => {
      const book = await load(await exportBook(app, editor, 'cq'));
      const code = seeded.find((i) => i.definition.name === '道路旅客运输经营许可')!.definition
        .implCode;
      setCell(
        book,
        '事项',
        ['实施编码', code],
        '事项名称',
        '道路旅客运输经营许可（班车、包车、旅游客运）',
      );
      setCell(book, '事项', ['实施编码', code], '承诺办结时限', '8个工作日');
      const transport = departmentsFor('cq').find((d) => d.name === '市交通运输委')!;
      const newCode = `${transport.code}0101500700`;
      appendRow(book, '事项', {
        事项名称: '道路运输经营许可证补办',
        实施编码: newCode,
        基本编码: '0101500700',
        事项类型: '01',
        实施主体: '市交通运输委',
        行使层级: '市级',
        办件类型: '即办件',
        法定办结时限: '',
        承诺办结时限: '',
        设定依据: '《中华人民共和国道路运输条例》第三十三条',
        受理条件: '道路运输经营许可证遗失或损毁。',
        办理流程: '1. 申请；2. 受理；3. 办结。',
        办理地点: '重庆市政务服务中心市交通运输委窗口',
        办理时间: '工作日 上午9:00-12:00，下午13:30-17:00',
        咨询方式: '023-63890000',
        监督投诉方式: '12345',
        是否收费: '否',
        服务对象: '法人',
        到办事现场次数: 0,
        是否可在线申报: '是',
        网办深度: 4,
      });
      appendRow(book, '材料', {
        实施编码: newCode,
        材料名称: '遗失声明',
        材料形式: '电子',
        必要性: '必要',
        收取方式: '本地上传',
        文件类型: 'PDF, .JPG',
        大小上限MB: 5,
        份数: 0,
      });
      const content = Buffer.from(await book.xlsx.writeBuffer());
      const res = await upload(app, editor, 'cq', content);
      t.equal(res.statusCode, 200, res.body.slice(0, 500));
      t.match(res.json(), {
        accepted: seeded.length + 1,
        created: 1,
        updated: 1,
        unchanged: seeded.length - 1,
        published: 0,
        rejected: [],
      });

      const [head] = await sql<
        Array<{ id: string; status: string; name: string; draft_version: number | null }>
      >`
      select id, status, name, draft_version from items where station = 'cq' and impl_code = ${code}`;
      t.equal(head?.status, 'published');
      t.equal(head?.name, '道路旅客运输经营许可', 'the published version is untouched');
      const admin = await app.inject({
        method: 'GET',
        url: `/stations/cq/admin/items/${head!.id}`,
        headers: editor,
      });
      t.match(admin.json(), {
        draft: {
          definition: {
            name: '道路旅客运输经营许可（班车、包车、旅游客运）',
            promisedTimeLimit: { value: 8, unit: 'workday' },
          },
        },
        published: { definition: { name: '道路旅客运输经营许可' } },
      });
      const [added] =
        await sql`select status, draft_version from items where station = 'cq' and impl_code = ${newCode}`;
      t.match(added, { status: 'draft', draft_version: 1 });
      const [definition] = await sql`
      select v.definition from item_versions v join items i on i.id = v.item_id where i.impl_code = ${newCode}`;
      t.same(
        definition?.definition.materials[0].fileTypes,
        ['pdf', 'jpg'],
        'file types normalised',
      );

      const published = await upload(app, editor, 'cq', content, '?publish=true');
      t.equal(published.statusCode, 200, published.body.slice(0, 500));
      t.match(published.json(), {
        created: 0,
        updated: 0,
        unchanged: seeded.length + 1,
        published: 2,
      });
      const guide = await app.inject({ method: 'GET', url: `/stations/cq/items/${head!.id}` });
      t.equal(
        guide.json<{ definition: { name: string } }>().definition.name,
        '道路旅客运输经营许可（班车、包车、旅游客运）',
      );

      const bus = await testBus(t, config);
      const imports = await waitFor('import audit records', async () => {
        const list = (await streamEvents(bus, AuditRecordedSchema)).filter(
          (a) => a.message.event === 'catalog.import',
        );
        return list.length >= 4 ? list : null;
      });
      const details = imports.map(
        (a) => JSON.parse(a.message.detailsJson) as Record<string, unknown>,
      );
      t.ok(details.some((d) => d.created === 1 && d.updated === 1 && d.publish === false));
      t.ok(details.some((d) => d.published === 2 && d.publish === true));
      t.ok(imports.every((a) => a.message.actorKind === 'staff'));
    },
  );

  t.test(
    'bad rows: every problem reported by sheet, row and column; nothing written',
    async (t) => {
      const book = await load(await exportBook(app, editor, 'cq'));
      const codeOf = (name: string) =>
        seeded.find((i) => i.definition.name === name)!.definition.implCode;
      const rowOf = (name: string) =>
        records(book, '事项').findIndex((r) => r.事项名称 === name) + 2;
      setCell(book, '事项', ['实施编码', codeOf('企业投资项目核准')], '实施主体', '市不存在局');
      setCell(book, '事项', ['实施编码', codeOf('企业投资项目备案')], '事项类型', '行政审批');
      setCell(
        book,
        '事项',
        ['实施编码', codeOf('固定资产投资项目节能审查')],
        '法定办结时限',
        '二十天',
      );
      setCell(book, '事项', ['实施编码', codeOf('民办学校设立')], '承诺办结时限', '');
      setCell(
        book,
        '事项',
        ['实施编码', codeOf('外国人来华工作许可')],
        '业务表单',
        '{"type": "object", "title": "x", "properties": {}',
      );
      const teacherCode = codeOf('中等及中等以上学校教师资格认定');
      const materialRows = records(book, '材料');
      const firstTeacherMaterial = materialRows.findIndex((m) => m.实施编码 === teacherCode) + 2;
      setCell(book, '材料', ['实施编码', teacherCode], '必要性', '必须');
      appendRow(book, '材料', {
        实施编码: 'NOSUCHCODE',
        材料名称: '身份证',
        材料形式: '电子',
        必要性: '必要',
        收取方式: '本地上传',
        文件类型: 'pdf',
        大小上限MB: 5,
        份数: 0,
      });
      const gbCode = codeOf('高新技术企业认定');
      const gbMaterialRow = materialRows.findIndex((m) => m.实施编码 === gbCode) + 2;
      setCell(book, '材料', ['实施编码', gbCode], '文件类型', '');
      // A good new row: must not be written either.
      const transport = departmentsFor('cq').find((d) => d.name === '市交通运输委')!;
      appendRow(book, '事项', {
        ...records(book, '事项').find((r) => r.事项名称 === '港口经营许可'),
        事项名称: '港口经营许可（新）',
        实施编码: `${transport.code}0101509900`,
      });
      const before = await counts('cq');
      const res = await upload(
        app,
        editor,
        'cq',
        Buffer.from(await book.xlsx.writeBuffer()),
        '?publish=true',
      );
      const body = expectProblem(t, res, 400, 'import_rejected') as unknown as {
        accepted: number;
        rejected: Rejection[];
        errors: Array<{ field: string; message: string }>;
      };
      t.equal(body.accepted, 0);
      const expected: Array<Partial<Rejection>> = [
        { sheet: '事项', row: rowOf('企业投资项目核准'), field: '实施主体' },
        { sheet: '事项', row: rowOf('企业投资项目备案'), field: '事项类型' },
        { sheet: '事项', row: rowOf('固定资产投资项目节能审查'), field: '法定办结时限' },
        { sheet: '事项', row: rowOf('民办学校设立'), field: '承诺办结时限' },
        { sheet: '事项', row: rowOf('外国人来华工作许可'), field: '业务表单' },
        { sheet: '材料', row: firstTeacherMaterial, field: '必要性' },
        { sheet: '材料', row: materialRows.length + 2, field: '实施编码' },
        { sheet: '材料', row: gbMaterialRow, field: '文件类型' },
      ];
      for (const e of expected)
        t.ok(
          body.rejected.some((r) => r.sheet === e.sheet && r.row === e.row && r.field === e.field),
          `rejected ${e.sheet} row ${e.row} ${e.field}`,
        );
      t.equal(body.rejected.length, expected.length, JSON.stringify(body.rejected));
      t.ok(
        body.rejected.every((r) => /\p{Script=Han}/u.test(r.message)),
        'Chinese reasons',
      );
      t.match(body.rejected.find((r) => r.field === '实施主体')?.message, /市不存在局/);
      t.ok(
        body.errors.some((e) => e.field === `事项/${rowOf('企业投资项目核准')}/实施主体`),
        'also as field errors',
      );
      t.same(await counts('cq'), before, 'nothing written');
    },
  );

  t.test(
    'rules of the database (disabled department, unknown parent) reject and roll back',
    async (t) => {
      const book = await load(await exportBook(app, editor, 'cq'));
      const forestry = departmentsFor('cq').find((d) => d.name === '市林业局')!;
      const disable = await app.inject({
        method: 'PATCH',
        url: `/stations/cq/admin/departments/${(await sql`select id from departments where station = 'cq' and code = ${forestry.code}`)[0]!.id}`,
        headers: editor,
        payload: { enabled: false },
      });
      t.equal(disable.statusCode, 200);
      const code = seeded.find((i) => i.definition.name === '林木采伐许可证核发')!.definition
        .implCode;
      setCell(book, '事项', ['实施编码', code], '事项名称', '林木采伐许可证核发（改）');
      setCell(
        book,
        '事项',
        ['实施编码', seeded[0]!.definition.implCode],
        '事项名称',
        '企业投资项目核准（改）',
      );
      appendRow(book, '事项', {
        ...records(book, '事项').find((r) => r.事项名称 === '港口经营许可'),
        事项名称: '港口经营许可（子项）',
        实施编码: `${forestry.code}0101509800`,
        父事项实施编码: 'NOPARENT1',
      });
      const newRow = records(book, '事项').length + 1;
      const before = await counts('cq');
      const res = await upload(app, editor, 'cq', Buffer.from(await book.xlsx.writeBuffer()));
      const body = expectProblem(t, res, 400, 'import_rejected') as unknown as {
        rejected: Rejection[];
      };
      t.equal(body.rejected.length, 2, JSON.stringify(body.rejected));
      t.match(body.rejected, [
        { sheet: '事项', field: '实施主体', message: /停用/ },
        { sheet: '事项', row: newRow, field: '父事项实施编码', message: /NOPARENT1/ },
      ]);
      t.same(await counts('cq'), before, 'the other, valid change was rolled back too');
      const [first] =
        await sql`select draft_version from items where station = 'cq' and impl_code = ${seeded[0]!.definition.implCode}`;
      t.equal(first?.draft_version, null);
    },
  );

  t.test(
    'only xlsx workbooks are imported; malformed and oversized uploads are refused',
    async (t) => {
      const before = await counts('cq');
      const csv = Buffer.from('\uFEFF事项名称,实施编码\r\n测试,1\r\n');
      const asCsv = expectProblem(
        t,
        await upload(app, editor, 'cq', csv, '', '清单.csv', 'text/csv'),
        400,
        'import_unsupported_type',
      );
      t.match(asCsv.detail, /另存为/);
      const raw = await app.inject({
        method: 'POST',
        url: '/stations/cq/admin/import',
        headers: { ...editor, 'content-type': 'text/csv' },
        payload: csv,
      });
      expectProblem(t, raw, 400, 'import_unsupported_type');
      const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
      expectProblem(t, await upload(app, editor, 'cq', broken), 400, 'workbook_invalid');
      const noItems = new ExcelJS.Workbook();
      noItems.addWorksheet('Sheet1').addRow(['事项名称']);
      const missing = expectProblem(
        t,
        await upload(app, editor, 'cq', Buffer.from(await noItems.xlsx.writeBuffer())),
        400,
        'workbook_invalid',
      );
      t.match(missing.detail, /事项/);
      const headerless = new ExcelJS.Workbook();
      headerless.addWorksheet('事项').addRow(['事项名称', '实施编码']);
      headerless.addWorksheet('材料').addRow(['实施编码', '材料名称']);
      const columns = expectProblem(
        t,
        await upload(app, editor, 'cq', Buffer.from(await headerless.xlsx.writeBuffer())),
        400,
        'import_rejected',
      ) as unknown as { rejected: Rejection[] };
      t.ok(
        columns.rejected.some((r) => r.sheet === '事项' && r.row === 1 && r.field === '实施主体'),
        'missing columns named',
      );
      expectProblem(
        t,
        await upload(
          app,
          editor,
          'cq',
          Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(21 * 1024 * 1024)]),
        ),
        413,
        'import_too_large',
      );
      expectProblem(
        t,
        await app.inject({ method: 'POST', url: '/stations/cq/admin/import', headers: editor }),
        400,
        'validation_failed',
      );
      // The workbook as the body itself (API clients) works like the upload.
      const direct = await app.inject({
        method: 'POST',
        url: '/stations/cq/admin/import',
        headers: { ...editor, 'content-type': XLSX },
        payload: await exportBook(app, editor, 'cq'),
      });
      t.equal(direct.statusCode, 200, direct.body.slice(0, 300));
      t.same(await counts('cq'), before, 'nothing changed');
    },
  );
});
