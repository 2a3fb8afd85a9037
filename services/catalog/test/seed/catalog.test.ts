import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import { ItemPublishedSchema } from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import t from 'tap';
import { seedCatalog } from '../../src/db/seed/catalog';
import { departmentsFor, seedItemsFor } from '../../src/db/seed/data';
import { buildTestCatalog, ownerSql, streamEvents, testBus, waitFor } from '../helper';

const STATIONS = ['cq', 'yuzhong', 'jiangbei', 'shapingba', 'shizhu', 'liangjiang'];
const READ_MODEL = STATIONS.map((key, i) => ({ key, name: key, enabled: true, sortOrder: i }));

interface ListedItem {
  id: string;
  name: string;
  department: { id: string; name: string };
  subItems: Array<{ name: string }>;
}

t.test(
  'seedCatalog creates departments and published items, and a second run adds nothing',
  async (t) => {
    const { app, config, databaseUrl } = await buildTestCatalog(t, {}, { stations: READ_MODEL });
    const sql = ownerSql(t, databaseUrl);
    const options = { namespace: config.BUS_NAMESPACE, stations: STATIONS };

    const first = await seedCatalog(app.database, options);
    const cq = first.find((r) => r.station === 'cq');
    t.equal(cq?.departmentsCreated, departmentsFor('cq').length);
    t.equal(cq?.itemsCreated, seedItemsFor('cq').length);
    t.equal(
      first.find((r) => r.station === 'shizhu')?.itemsCreated,
      0,
      'departments only for shizhu',
    );

    const counts = () =>
      sql<Array<{ station: string; departments: number; items: number; versions: number }>>`
      select s.station,
        (select count(*)::int from departments d where d.station = s.station) as departments,
        (select count(*)::int from items i where i.station = s.station) as items,
        (select count(*)::int from item_versions v where v.station = s.station) as versions
      from unnest(${STATIONS}::text[]) as s(station) order by s.station`;
    const before = await counts();
    for (const row of before) {
      t.equal(row.departments, departmentsFor(row.station).length, `${row.station} departments`);
      t.equal(row.items, seedItemsFor(row.station).length, `${row.station} items`);
      t.equal(row.versions, row.items, `${row.station}: one version per item`);
    }
    const [unpublished] =
      await sql`select count(*)::int as n from items where status <> 'published'`;
    t.equal(unpublished?.n, 0, 'every seeded item is published');
    // The domain functions' events and audit records went out through the outbox.
    const bus = await testBus(t, config);
    const published = await waitFor('item_published events of yuzhong', async () => {
      const list = await streamEvents(bus, ItemPublishedSchema, `${bus.namespace}.evt.yuzhong.`);
      return list.length === seedItemsFor('yuzhong').length ? list : null;
    });
    t.ok(published.some((e) => e.message.item?.departmentName === '渝中区教委'));
    const audits = await streamEvents(bus, AuditRecordedSchema, `${bus.namespace}.evt.yuzhong.`);
    t.ok(
      audits.some(
        (a) => a.message.event === 'catalog.item.published' && a.message.actorKind === 'operator',
      ),
    );

    const second = await seedCatalog(app.database, options);
    t.ok(
      second.every((r) => r.departmentsCreated === 0 && r.itemsCreated === 0),
      'nothing created',
    );
    t.equal(second.find((r) => r.station === 'cq')?.itemsExisting, seedItemsFor('cq').length);
    t.same(await counts(), before, 'same counts after the second run');

    // Through the public API: the guide, the 展开 of sub-items, the keyword search.
    const search = async (station: string, q: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/stations/${station}/items?q=${encodeURIComponent(q)}&pageSize=100`,
      });
      t.equal(res.statusCode, 200, `${station} q=${q}`);
      return res.json<{ items: ListedItem[]; total: number }>();
    };
    const teachers = await search('cq', '教师');
    const teacher = teachers.items.find((i) => i.name === '中等及中等以上学校教师资格认定');
    t.ok(teacher, '教师 finds 中等及中等以上学校教师资格认定');
    t.equal(teacher?.department.name, '市教委');
    t.same(
      teacher?.subItems.map((s) => s.name),
      ['高级中学教师资格认定', '中等职业学校教师资格认定', '中等职业学校实习指导教师资格认定'],
    );
    const transport = await search('cq', '交通运输事项');
    t.ok(transport.total >= 5, `交通运输事项 finds ${transport.total} items`);
    t.ok(transport.items.every((i) => i.department.name === '市交通运输委'));
    t.ok(transport.items.some((i) => i.name === '道路旅客运输经营许可'));

    const guide = await app.inject({ method: 'GET', url: `/stations/cq/items/${teacher?.id}` });
    t.equal(guide.statusCode, 200);
    const body = guide.json<{ definition: { basis: string; form: { title: string } } }>();
    t.match(body.definition.basis, /《教师资格条例》/);
    t.equal(body.definition.form.title, '教师资格认定申请表');

    // Application forms come with a blank form and a sample to download.
    const passenger = transport.items.find((i) => i.name === '道路旅客运输经营许可');
    const passengerGuide = await app.inject({
      method: 'GET',
      url: `/stations/cq/items/${passenger?.id}`,
    });
    const form = passengerGuide
      .json<{
        definition: {
          materials: Array<{ name: string; blankFormId: string | null; sampleId: string | null }>;
        };
      }>()
      .definition.materials.find((m) => m.name === '《道路运输经营申请表》');
    t.ok(form?.blankFormId && form.sampleId, 'blank form and sample attached');
    const blank = await app.inject({
      method: 'GET',
      url: `/stations/cq/attachments/${form?.blankFormId}`,
    });
    t.equal(blank.statusCode, 200);
    t.equal(
      blank.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    t.match(
      decodeURIComponent(String(blank.headers['content-disposition'])),
      /道路运输经营申请表（空白表格）\.xlsx/,
    );
    const [attachmentCount] =
      await sql`select count(*)::int as n, count(distinct file_name)::int as names from attachments where station = 'cq'`;
    t.ok((attachmentCount?.n ?? 0) >= 10);
    t.equal(attachmentCount?.n, attachmentCount?.names, 'each form stored once per station');

    const yuzhong = await search('yuzhong', '食品经营');
    t.ok(yuzhong.items.some((i) => i.department.name === '渝中区市场监管局'));
  },
);
