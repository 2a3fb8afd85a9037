/**
 * 办事指南 and 阅读须知 (manual 2.1) through the built portal against real identity and catalog
 * services: every element of a guide, the materials table with its legend and downloads, parent
 * and sub-items, 在线申报 → sign-in → 阅读须知 → 下一步, the wrong kind of account, station
 * isolation and unknown items (404 in the frame), and the catalog down (503 in the frame).
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { newPerson, newUnit } from './support/data';
import { follow, startCatalogHall } from './support/catalog';
import { signIn, startPortal } from './support/hall';

const hall = await startCatalogHall(t);
const person = newPerson();
const unit = newUnit();
await hall.createPerson(person);
await hall.createUnit(unit);

/** The guide's 基本信息 as term → definition. */
async function facts(page: Page): Promise<Record<string, string>> {
  return page
    .locator('#basic dl > div')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.querySelector('dt')?.textContent?.trim() ?? '',
          row.querySelector('dd')?.textContent?.trim() ?? '',
        ]),
      ),
    );
}

t.test('办事指南 shows every element of the published definition', async (t) => {
  const id = await hall.itemId('cq', '道路旅客运输经营许可');
  const guide = await hall.catalogGet<{
    definition: Record<string, unknown> & {
      basicCode: string;
      implCode: string;
      basis: string;
      conditions: string;
      location: string;
      materials: Array<{ name: string; necessity: string }>;
    };
  }>(`/stations/cq/items/${id}`);
  const d = guide.definition;
  const page = await hall.newPage();
  await hall.goto(page, `/cq/items/${id}`);
  t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '道路旅客运输经营许可');
  t.match(await page.title(), /道路旅客运输经营许可 - 办事指南 - 重庆市网上行政审批大厅/);
  const f = await facts(page);
  t.equal(f['基本编码'], d.basicCode);
  t.equal(f['实施编码'], d.implCode);
  t.equal(f['事项类型'], '行政许可');
  t.equal(f['实施主体'], '市交通运输委');
  t.equal(f['行使层级'], '市级');
  t.equal(f['办件类型'], '承诺件');
  t.match(f['法定办结时限'], /^\d+个(工作日|自然日)$/);
  t.match(f['承诺办结时限'], /^\d+个(工作日|自然日)$/);
  t.equal(f['服务对象'], '法人');
  t.match(f['到办事现场次数'], /^\d次/);
  t.equal(f['可否在线申报'], '可以在线申报');
  t.match(f['网办深度'], /^\d级$/);
  // The texts, each under its own heading.
  for (const [heading, text] of [
    ['受理条件', d.conditions],
    ['设定依据', d.basis],
  ] as const) {
    const section = page.locator('section', {
      has: page.getByRole('heading', { level: 2, name: heading }),
    });
    t.equal(await section.locator('.text').innerText(), text.trim(), heading);
  }
  for (const label of ['办理流程', '办理地点和时间', '收费标准', '咨询与监督']) {
    t.equal(await page.getByRole('heading', { level: 2, name: label }).count(), 1, label);
  }
  const main = await page.locator('main').innerText();
  for (const term of ['办理地点', '办理时间', '是否收费', '咨询方式', '监督投诉方式']) {
    t.match(main, term);
  }
  t.match(main, d.location.trim().split('\n')[0]!);
  // The in-page table of contents reaches each section.
  await page
    .getByRole('navigation', { name: '指南目录' })
    .getByRole('link', { name: '申请材料' })
    .click();
  t.equal(new URL(page.url()).hash, '#materials');

  // The materials table: one row per material, the necessity in words with a legend.
  const table = page.locator('table.materials');
  t.same(await table.locator('thead th').allInnerTexts(), [
    '序号',
    '材料名称',
    '材料形式',
    '必要性',
    '收取方式',
    '文件类型/大小',
    '份数',
    '空白表格/示例样表',
    '备注',
  ]);
  t.same(
    await table.locator('tbody th[scope="row"]').allInnerTexts(),
    d.materials.map((m) => m.name),
  );
  const necessityWords = { required: '必要', deferrable: '容缺后补', optional: '非必要' } as const;
  t.same(
    (await table.locator('tbody td.necessity').allInnerTexts()).map((s) =>
      s.replace(/^\S+\s*/, ''),
    ),
    d.materials.map((m) => necessityWords[m.necessity as keyof typeof necessityWords]),
  );
  const legend = await page.locator('#necessity-legend').innerText();
  for (const word of ['必要', '容缺后补', '非必要', '必须提交才能申报'])
    t.match(legend, word, `legend explains ${word}`);
  t.equal(await table.getAttribute('aria-describedby'), 'necessity-legend');
  // 在线申报, top and bottom.
  t.equal(await page.getByRole('link', { name: '在线申报', exact: true }).count(), 2);
});

t.test('a parent lists its sub-items; a sub-item links back to its parent', async (t) => {
  const parent = await hall.itemId('cq', '中等及中等以上学校教师资格认定');
  const page = await hall.newPage();
  await hall.goto(page, `/cq/items/${parent}`);
  const section = page.locator('#sub-items');
  t.match(await section.getByRole('heading', { level: 2 }).innerText(), '子事项（3项）');
  t.same(await section.locator('li > a:first-child').allInnerTexts(), [
    '高级中学教师资格认定',
    '中等职业学校教师资格认定',
    '中等职业学校实习指导教师资格认定',
  ]);
  // A parent is applied for through a sub-item: no 在线申报 of its own.
  t.equal(await page.getByRole('link', { name: '在线申报', exact: true }).count(), 0);
  await page.getByRole('link', { name: '选择子事项办理' }).click();
  t.equal(new URL(page.url()).hash, '#sub-items');
  await follow(page, () =>
    section.getByRole('link', { name: '高级中学教师资格认定', exact: true }).click(),
  );
  t.match(await page.locator('.parent').innerText(), /中等及中等以上学校教师资格认定.*的子事项/);
  const crumbs = await page.getByRole('navigation', { name: '当前位置' }).innerText();
  t.match(crumbs, /权力清单.*市教委.*中等及中等以上学校教师资格认定.*高级中学教师资格认定/s);
  await follow(page, () => page.locator('.parent a').click());
  await page.waitForURL(`${hall.url}/cq/items/${parent}`);
});

t.test('空白表格 and 示例样表 download through the portal', async (t) => {
  // An editor attaches a blank form and a sample to the first material and publishes.
  const token = await hall.editorToken('cq');
  const auth = { authorization: `Bearer ${token}` };
  const upload = async (fileName: string, bytes: Uint8Array<ArrayBuffer>) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), fileName);
    const res = await fetch(`${hall.catalogUrl}/stations/cq/admin/attachments`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    t.equal(res.status, 201, `uploaded ${fileName}`);
    return ((await res.json()) as { id: string }).id;
  };
  const blankBytes = new TextEncoder().encode('%PDF-1.4\n% 空白表格\n');
  const blank = await upload('道路运输经营申请表.pdf', blankBytes);
  const sample = await upload(
    '道路运输经营申请表（示例）.pdf',
    new TextEncoder().encode('%PDF-1.4\n% 示例\n'),
  );
  const id = await hall.itemId('cq', '道路货物运输经营许可');
  const admin = await fetch(`${hall.catalogUrl}/stations/cq/admin/items/${id}`, { headers: auth });
  const etag = admin.headers.get('etag')!;
  const { published } = (await admin.json()) as {
    published: { definition: { materials: Array<Record<string, unknown>> } };
  };
  const definition = published.definition;
  definition.materials[0] = { ...definition.materials[0], blankFormId: blank, sampleId: sample };
  const saved = await fetch(`${hall.catalogUrl}/stations/cq/admin/items/${id}/draft`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify(definition),
  });
  t.equal(saved.status, 200, await saved.clone().text());
  const publish = await fetch(`${hall.catalogUrl}/stations/cq/admin/items/${id}/publish`, {
    method: 'POST',
    headers: { ...auth, 'if-match': saved.headers.get('etag')! },
  });
  t.equal(publish.status, 200);

  const page = await hall.newPage();
  await hall.goto(page, `/cq/items/${id}`);
  const row = page.locator('table.materials tbody tr').first();
  const blankLink = row.getByRole('link', { name: /^空白表格/ });
  t.equal(await blankLink.getAttribute('href'), `/cq/attachments/${blank}`);
  t.equal(
    await row.getByRole('link', { name: /^示例样表/ }).getAttribute('href'),
    `/cq/attachments/${sample}`,
  );
  t.match(await page.locator('#basic').innerText(), /第2版/, 'the new version is shown');
  const [download] = await Promise.all([page.waitForEvent('download'), blankLink.click()]);
  t.equal(download.suggestedFilename(), '道路运输经营申请表.pdf');
  const res = await fetch(`${hall.url}/cq/attachments/${blank}`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/pdf');
  t.same(new Uint8Array(await res.arrayBuffer()), blankBytes, 'the same bytes');
  // Another station's attachment is not there.
  t.equal((await fetch(`${hall.url}/jiangbei/attachments/${blank}`)).status, 404);
});

t.test(
  '在线申报 → sign in → 阅读须知 → 下一步 (no submissions service: said plainly)',
  async (t) => {
    const id = await hall.itemId('cq', '高级中学教师资格认定');
    const page = await hall.newPage();
    await hall.goto(page, `/cq/items/${id}`);
    await follow(page, () =>
      page.getByRole('link', { name: '在线申报', exact: true }).first().click(),
    );
    await page.waitForURL(/\/cq\/login\?next=/);
    t.equal(new URL(page.url()).searchParams.get('next'), `/cq/items/${id}/apply`);
    await page.getByLabel('用户名').fill(person.username);
    await page.getByLabel(/^密码/).fill(person.password);
    await follow(page, () => page.getByRole('button', { name: '登录' }).click());
    await page.waitForURL(`${hall.url}/cq/items/${id}/apply`);
    t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '阅读须知');
    t.match(await page.locator('.lead').innerText(), '高级中学教师资格认定');
    const { definition } = await hall.catalogGet<{
      definition: { notice: string; materials: Array<{ name: string }> };
    }>(`/stations/cq/items/${id}`);
    t.equal(await page.locator('.notice-text .text').innerText(), definition.notice.trim());
    t.same(
      await page.locator('table.materials tbody th[scope="row"]').allInnerTexts(),
      definition.materials.map((m) => m.name),
    );
    // 下一步 without the confirmation: told to tick it.
    await page.getByRole('button', { name: '下一步' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    t.match(await alert.innerText(), '请先阅读须知和材料清单');
    t.equal(
      await page.getByLabel('我已阅读并知晓以上须知和所需材料').getAttribute('aria-invalid'),
      'true',
    );
    await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
    // This hall runs no submissions service: the draft cannot be made, and the page says so.
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('alert').filter({ hasText: '服务暂时不可用' }).waitFor();
    t.equal(new URL(page.url()).pathname, `/cq/items/${id}/apply`, 'stays on 阅读须知');
    t.equal(
      await page.getByRole('link', { name: '返回办事指南' }).getAttribute('href'),
      `/cq/items/${id}`,
    );
  },
);

t.test('阅读须知 works without JavaScript', async (t) => {
  const id = await hall.itemId('cq', '户口迁移');
  const page = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, `/cq/items/${id}/apply`);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForLoadState('load');
  t.match(await page.getByRole('alert').innerText(), '请先阅读须知和材料清单');
  await page.getByLabel('我已阅读并知晓以上须知和所需材料').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForLoadState('load');
  t.match(await page.getByRole('alert').innerText(), /服务暂时不可用/);
});

t.test('the wrong kind of account is told why it cannot apply', async (t) => {
  const forUnits = await hall.itemId('cq', '道路旅客运输经营许可');
  const page = await hall.newPage();
  await signIn(hall, page, person.username, person.password);
  await hall.goto(page, `/cq/items/${forUnits}/apply`);
  const box = page.locator('.cannot');
  t.equal(await box.getByRole('heading', { level: 2 }).innerText(), '当前个人账号不能申报本事项');
  t.match(await box.innerText(), /服务对象为法人.*单位账号登录/s);
  t.equal(await page.getByRole('button', { name: '下一步' }).count(), 0, 'no 下一步');
  t.equal(
    await box.getByRole('link', { name: '单位注册' }).getAttribute('href'),
    '/cq/register/unit',
  );
  // A post straight to the action is refused too.
  const res = await page.request.post(`${hall.url}/cq/items/${forUnits}/apply?/next`, {
    form: { confirm: '1' },
    headers: { origin: hall.url },
  });
  t.match(await res.text(), /本事项不能由当前账号在线申报/);

  const forPeople = await hall.itemId('cq', '道路运输从业人员从业资格证核发');
  const unitPage = await hall.newPage();
  await signIn(hall, unitPage, unit.username, unit.password);
  await hall.goto(unitPage, `/cq/items/${forPeople}/apply`);
  t.equal(await unitPage.locator('.cannot h2').innerText(), '当前单位账号不能申报本事项');
  // Items for both: a unit may apply.
  const forBoth = await hall.itemId('cq', '道路货物运输经营许可');
  await hall.goto(unitPage, `/cq/items/${forBoth}/apply`);
  t.equal(await unitPage.getByRole('button', { name: '下一步' }).count(), 1);
  // A parent asks for a sub-item; a window-only item says where to go.
  const parent = await hall.itemId('cq', '中等及中等以上学校教师资格认定');
  await hall.goto(page, `/cq/items/${parent}/apply`);
  t.equal(await page.locator('.cannot h2').innerText(), '请选择子事项申报');
  t.equal(
    await page
      .locator('.cannot')
      .getByRole('link', { name: /^在线申报/ })
      .count(),
    3,
  );
  const windowOnly = await hall.itemId('cq', '涉外婚姻登记');
  await hall.goto(page, `/cq/items/${windowOnly}/apply`);
  t.equal(await page.locator('.cannot h2').innerText(), '本事项暂不支持在线申报');
});

t.test(
  'station isolation: another station’s item or department is a 404 in the frame',
  async (t) => {
    const yuzhongItems = await hall.catalogGet<{ items: Array<{ id: string; name: string }> }>(
      '/stations/yuzhong/items?pageSize=1',
    );
    const item = yuzhongItems.items[0]!;
    const page = await hall.newPage();
    const own = await page.goto(`${hall.url}/yuzhong/items/${item.id}`);
    t.equal(own?.status(), 200);
    t.equal(await page.getByRole('heading', { level: 1 }).innerText(), item.name);
    for (const path of [
      `/jiangbei/items/${item.id}`,
      `/jiangbei/items/${item.id}/apply`,
      `/cq/items/${item.id}`,
    ]) {
      const res = await page.goto(`${hall.url}${path}`);
      t.equal(res?.status(), 404, path);
      t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '您访问的页面不存在');
      t.match(await page.locator('main').innerText(), '您要查看的事项不存在或已下架');
      t.notMatch(await page.locator('main').innerText(), item.name, 'nothing of it shows');
      t.match(await page.locator('header .title').innerText(), /江北区|重庆市/, 'in the frame');
    }
    const department = (
      await hall.catalogGet<{ departments: Array<{ id: string }> }>('/stations/yuzhong/departments')
    ).departments[0]!.id;
    for (const path of [
      `/jiangbei/departments/${department}`,
      `/jiangbei/catalog?department=${department}`,
      `/jiangbei/personal?department=${department}`,
    ]) {
      t.equal((await page.goto(`${hall.url}${path}`))?.status(), 404, path);
      t.match(await page.locator('main').innerText(), '您要查看的部门不存在或已停用');
    }
    // Unknown and malformed ids.
    for (const path of [
      '/cq/items/01890000-0000-7000-8000-000000000000',
      '/cq/items/not-an-id',
      '/cq/departments/not-an-id',
      '/cq/attachments/01890000-0000-7000-8000-000000000000',
    ]) {
      t.equal((await page.goto(`${hall.url}${path}`))?.status(), 404, path);
    }
  },
);

t.test(
  'with the catalog down the pages say so in the frame (503), sign-in still works',
  async (t) => {
    // A portal whose catalog is not listening (a closed port), and one without CATALOG_URL.
    for (const env of [{ CATALOG_URL: 'http://127.0.0.1:9' }, {}] as Array<
      Record<string, string>
    >) {
      const portal = await startPortal(t, { IDENTITY_URL: hall.identityUrl, ...env });
      const page = await hall.newPage();
      for (const path of [
        '/cq/personal',
        '/cq/catalog',
        `/cq/items/${await hall.itemId('cq', '户口迁移')}`,
      ]) {
        const res = await page.goto(`${portal.url}${path}`);
        t.equal(res?.status(), 503, path);
        t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '服务暂时不可用');
        t.match(await page.locator('main').innerText(), '权力清单暂时无法访问，请稍后再试');
        t.equal(await page.getByRole('navigation', { name: '主导航' }).count(), 1, 'in the frame');
      }
      const stations = await page.goto(`${portal.url}/cq/stations`);
      t.equal(stations?.status(), 200, '站点切换 still lists the stations');
      t.match(await page.locator('main').innerText(), '部门列表暂时无法获取');
      t.equal((await page.goto(`${portal.url}/cq/login`))?.status(), 200);
    }
  },
);
