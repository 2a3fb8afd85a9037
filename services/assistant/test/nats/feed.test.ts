import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { addDepartment, addPublished, definition, material } from '@hall/catalog/test/fixtures';
import {
  FaqPublishedSchema,
  FaqWithdrawnSchema,
} from '@hall/proto/hall/letters/v1/letters_events_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildTestAssistant, ownerSql } from '../helper';

t.test(
  'an item is indexed when published, replaced by its next version, gone when withdrawn',
  async (t) => {
    const hall = await buildTestAssistant(t);
    const { app: catalog, tokens } = hall.catalog;
    const owner = ownerSql(t, hall.databaseUrl);
    const editor = await tokens.staff('yuzhong', ['editor']);
    const department = await addDepartment(catalog, editor, 'yuzhong', {
      code: 'JT',
      name: '渝中区交通局',
    });
    const first = definition(department.id, {
      name: '道路货物运输经营许可',
      powerType: '01',
      location: '渝中区政务服务中心三楼交通局窗口',
      promisedTimeLimit: { value: 5, unit: 'workday' },
      legalTimeLimit: { value: 20, unit: 'workday' },
      materials: [
        material({ name: '道路货物运输经营申请表' }),
        material({
          name: '驾驶员从业资格证',
          necessity: 'deferrable',
          collection: 'window',
          media: ['paper'],
          fileTypes: [],
          copies: 1,
        }),
      ],
    });
    const { id, revision } = await addPublished(catalog, editor, 'yuzhong', first);
    await hall.caughtUp();

    t.match(
      await owner`select station, version, name, department_name, materials from items where id = ${id}`,
      [
        {
          station: 'yuzhong',
          version: 1,
          name: '道路货物运输经营许可',
          department_name: '渝中区交通局',
          materials: [
            { name: '道路货物运输经营申请表', necessity: 'required', collection: 'upload' },
            { name: '驾驶员从业资格证', necessity: 'deferrable', collection: 'window' },
          ],
        },
      ],
      'the published version is indexed with what answers need',
    );
    t.match(
      await owner`select name, enabled, event_sequence from departments where id = ${department.id}`,
      [{ name: '渝中区交通局', enabled: true }],
      'its department is known',
    );
    const asked = await hall.answer('yuzhong', '货运许可需要带哪些材料');
    t.equal(asked.intent, 'materials');
    t.match(asked.items[0], {
      id,
      name: '道路货物运输经营许可',
      href: `/yuzhong/items/${id}`,
      detail:
        '1. 道路货物运输经营申请表（必要，本地上传）\n2. 驾驶员从业资格证（容缺后补，窗口提交）',
    });

    const draft = await catalog.inject({
      method: 'PUT',
      url: `/stations/yuzhong/admin/items/${id}/draft`,
      headers: { ...editor, 'if-match': String(revision) },
      payload: { ...first, name: '普通道路货物运输经营许可', location: '渝中区政务服务中心二楼' },
    });
    t.equal(draft.statusCode, 200, draft.body);
    const published = await catalog.inject({
      method: 'POST',
      url: `/stations/yuzhong/admin/items/${id}/publish`,
      headers: editor,
    });
    t.equal(published.statusCode, 200, published.body);
    await hall.caughtUp();
    t.match(
      await owner`select version, name, guide->>'location' as location from items where id = ${id}`,
      [{ version: 2, name: '普通道路货物运输经营许可', location: '渝中区政务服务中心二楼' }],
      'the new version replaced the old one',
    );
    const where = await hall.answer('yuzhong', '货运经营许可在哪里办');
    t.equal(where.intent, 'location');
    t.equal(where.items[0]?.name, '普通道路货物运输经营许可');
    t.equal(where.items[0]?.detail, '渝中区政务服务中心二楼');

    const withdrawn = await catalog.inject({
      method: 'POST',
      url: `/stations/yuzhong/admin/items/${id}/withdraw`,
      headers: editor,
    });
    t.equal(withdrawn.statusCode, 200, withdrawn.body);
    await hall.caughtUp();
    t.same(await owner`select id from items where id = ${id}`, [], 'withdrawn: gone');
    t.match(
      await owner`select kind, version from retired where id = ${id}`,
      [{ kind: 'item', version: 2 }],
      'remembered as withdrawn up to version 2',
    );
    t.equal((await hall.answer('yuzhong', '货运经营许可在哪里办')).intent, 'unknown');
  },
);

t.test('sub-items: the parent is found by its sub-items’ names until they go', async (t) => {
  const hall = await buildTestAssistant(t);
  const { app: catalog, tokens } = hall.catalog;
  const editor = await tokens.staff('cq', ['editor']);
  const department = await addDepartment(catalog, editor, 'cq', { code: 'JW', name: '市教委' });
  const parent = await addPublished(
    catalog,
    editor,
    'cq',
    definition(department.id, { name: '中等及中等以上学校教师资格认定' }),
  );
  const child = await addPublished(
    catalog,
    editor,
    'cq',
    definition(department.id, { name: '中等职业学校实习指导教师资格认定', parentId: parent.id }),
  );
  await hall.caughtUp();
  const owner = ownerSql(t, hall.databaseUrl);
  const vector = async () =>
    String((await owner`select search::text as v from items where id = ${parent.id}`)[0]?.v);
  t.match(await vector(), /'实习':\d+B/, 'the sub-item’s name is in the parent’s vector (B)');
  const answer = await hall.answer('cq', '实习指导教师资格认定要什么材料');
  t.equal(answer.items[0]?.id, child.id, 'the sub-item itself answers first');
  t.ok(
    answer.items.some((i) => i.id === parent.id),
    'its parent is found too',
  );

  await catalog.inject({
    method: 'POST',
    url: `/stations/cq/admin/items/${child.id}/withdraw`,
    headers: editor,
  });
  await hall.caughtUp();
  t.notMatch(await vector(), /'实习'/, 'withdrawn: its name left the parent’s vector');
});

t.test(
  'a renamed department renames its items’ department and is found by the new name',
  async (t) => {
    const hall = await buildTestAssistant(t);
    const { app: catalog, tokens } = hall.catalog;
    const editor = await tokens.staff('jiangbei', ['editor']);
    const department = await addDepartment(catalog, editor, 'jiangbei', {
      code: 'WL',
      name: '江北区文化委',
    });
    const item = await addPublished(
      catalog,
      editor,
      'jiangbei',
      definition(department.id, { name: '营业性演出许可', powerType: '01' }),
    );
    await hall.caughtUp();
    const renamed = await catalog.inject({
      method: 'PATCH',
      url: `/stations/jiangbei/admin/departments/${department.id}`,
      headers: editor,
      payload: { name: '江北区文化旅游委' },
    });
    t.equal(renamed.statusCode, 200, renamed.body);
    await hall.caughtUp();
    const owner = ownerSql(t, hall.databaseUrl);
    t.match(await owner`select department_name from items where id = ${item.id}`, [
      { department_name: '江北区文化旅游委' },
    ]);
    const listed = await hall.answer('jiangbei', '文旅委有哪些事项');
    t.equal(listed.intent, 'list');
    t.match(listed.items, [{ id: item.id, departmentName: '江北区文化旅游委' }]);
    t.match(listed.links, [
      { label: '江北区文化旅游委的全部事项', href: `/jiangbei/departments/${department.id}` },
    ]);
  },
);

t.test('FAQs come and go with the letters service’s events', async (t) => {
  const hall = await buildTestAssistant(t);
  const faqId = uuidv7();
  const faq = (answer: string) => ({
    station: 'yuzhong',
    domain: 'letters',
    event: 'faq_published',
    schema: FaqPublishedSchema,
    message: {
      faqId,
      question: '办理结婚登记需要提前预约吗？',
      answer,
      departmentName: '渝中区民政局',
      publishedAt: timestampFromDate(new Date()),
    },
  });
  await hall.publish(faq('建议通过“渝快办”提前预约。'));
  await hall.caughtUp();
  const first = await hall.answer('yuzhong', '结婚登记要预约吗');
  t.equal(first.intent, 'faq');
  t.equal(first.answer, '建议通过“渝快办”提前预约。');
  t.match(first.faqs, [
    { id: faqId, question: '办理结婚登记需要提前预约吗？', departmentName: '渝中区民政局' },
  ]);
  t.equal(
    (await hall.answer('jiangbei', '结婚登记要预约吗')).intent,
    'unknown',
    'yuzhong’s FAQ only',
  );

  await hall.publish(faq('无需预约，现场取号即可。'));
  await hall.caughtUp();
  t.equal(
    (await hall.answer('yuzhong', '结婚登记要预约吗')).answer,
    '无需预约，现场取号即可。',
    'an edit replaces it',
  );

  await hall.publish({
    station: 'yuzhong',
    domain: 'letters',
    event: 'faq_withdrawn',
    schema: FaqWithdrawnSchema,
    message: { faqId, withdrawnAt: timestampFromDate(new Date()) },
  });
  await hall.caughtUp();
  const after = await hall.answer('yuzhong', '结婚登记要预约吗');
  t.not(after.intent, 'faq', 'withdrawn: no longer an answer');
  t.same(after.faqs, []);
  const owner = ownerSql(t, hall.databaseUrl);
  t.same(await owner`select id from faqs`, [], 'gone from the index');
});
