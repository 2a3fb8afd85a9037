import { readFileSync } from 'node:fs';
import { isValidCreditCode } from '@hall/platform/validation';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import {
  allDepartments,
  departmentsFor,
  SEED_STATIONS,
  seedItemsFor,
  STATIONS_WITH_ITEMS,
} from '../../src/db/seed/data';
import { checkDefinition } from '../../src/domain/definition';

const registry = JSON.parse(
  readFileSync(new URL('../../../identity/src/db/stations.json', import.meta.url), 'utf8'),
) as { stations: Array<{ key: string; name: string; kind: string; division_code: string | null }> };

t.test('the seed knows exactly the stations of the registry', async (t) => {
  t.same(
    SEED_STATIONS.map((s) => [s.key, s.name, s.kind, s.divisionCode]),
    registry.stations.map((s) => [s.key, s.name, s.kind, s.division_code]),
  );
});

t.test('every station has its departments, with stable valid codes and unique names', async (t) => {
  const all = allDepartments();
  t.equal(all.length, 42);
  for (const { station, departments } of all) {
    t.ok(departments.length >= 10, `${station} has ${departments.length} departments`);
    t.equal(
      new Set(departments.map((d) => d.code)).size,
      departments.length,
      `${station}: unique codes`,
    );
    t.equal(
      new Set(departments.map((d) => d.name)).size,
      departments.length,
      `${station}: unique names`,
    );
    t.ok(
      departments.every((d) => isValidCreditCode(d.code)),
      `${station}: GB 32100 shaped codes`,
    );
    t.ok(
      departments.every((d, i) => i === 0 || d.sortOrder > departments[i - 1]!.sortOrder),
      `${station}: ordered`,
    );
  }
  const codes = all.flatMap((s) => s.departments.map((d) => d.code));
  t.equal(new Set(codes).size, codes.length, 'codes are unique across stations too');
  t.same(departmentsFor('cq'), departmentsFor('cq'), 'deterministic');
});

t.test('departments are named as customary', async (t) => {
  const names = (station: string) => departmentsFor(station).map((d) => d.name);
  const cq = names('cq');
  t.ok(cq.length >= 35, `${cq.length} 市级 departments`);
  t.same(cq.slice(0, 5), ['市发展改革委', '市教委', '市科技局', '市经济信息委', '市民族宗教委']);
  for (const name of ['市交通运输委', '市市场监管局', '市消防救援总队', '市税务局', '市公积金中心'])
    t.ok(cq.includes(name), name);
  t.ok(names('yuzhong').includes('渝中区教委'));
  t.ok(names('yuzhong').includes('渝中区公安分局'));
  t.notOk(names('yuzhong').includes('渝中区农业农村委'), '渝中区 has no farm administration');
  t.ok(names('jiangbei').includes('江北区农业农村委'));
  t.ok(names('chengkou').includes('城口县公安局'), 'a county has a 县公安局');
  t.ok(names('zhongxian').includes('忠县教委'));
  t.ok(names('shizhu').includes('石柱县教委'), 'an autonomous county goes by its short name');
  t.ok(names('youyang').includes('酉阳县人力社保局'));
  t.ok(names('liangjiang').includes('两江新区社会保障局'));
  t.ok(names('gaoxin').includes('重庆高新区公共服务局'));
  t.ok(names('wansheng').includes('万盛经开区农林水利局'));
});

t.test('every seeded item definition passes the service validation', async (t) => {
  const departmentId = uuidv7();
  const parentId = uuidv7();
  for (const station of STATIONS_WITH_ITEMS) {
    const codes = new Set(departmentsFor(station).map((d) => d.code));
    const items = seedItemsFor(station);
    const implCodes = new Set<string>();
    let invalid = 0;
    for (const item of items) {
      const errors = checkDefinition({
        ...item.definition,
        departmentId,
        parentId: item.parentImplCode === null ? null : parentId,
      });
      if (errors.length > 0) {
        invalid += 1;
        t.fail(`${station} ${item.definition.name}: ${JSON.stringify(errors)}`);
      }
      t.ok(codes.has(item.departmentCode), `${item.definition.name}: a department of ${station}`);
      if (item.parentImplCode !== null)
        t.ok(implCodes.has(item.parentImplCode), `${item.definition.name}: parent comes first`);
      implCodes.add(item.definition.implCode);
      const materialIds = item.definition.materials.map((m) => m.id);
      t.equal(new Set(materialIds).size, materialIds.length);
    }
    t.equal(invalid, 0, `${station}: ${items.length} items valid`);
    t.equal(implCodes.size, items.length, `${station}: 实施编码 unique`);
    t.same(
      seedItemsFor(station).map((i) => i.definition),
      items.map((i) => i.definition),
      `${station}: deterministic (material ids too)`,
    );
  }
});

t.test('cq and three districts have a realistic item set', async (t) => {
  const topLevel = (station: string) =>
    seedItemsFor(station).filter((i) => i.parentImplCode === null);
  t.ok(topLevel('cq').length >= 40, `cq: ${topLevel('cq').length} items`);
  for (const district of ['yuzhong', 'jiangbei', 'shapingba'])
    t.ok(topLevel(district).length >= 15, `${district}: ${topLevel(district).length} items`);
  t.same(seedItemsFor('wanzhou'), [], 'other stations get departments only');

  for (const station of STATIONS_WITH_ITEMS) {
    const defs = seedItemsFor(station).map((i) => i.definition);
    const types = new Set(defs.map((d) => d.powerType));
    t.ok(types.has('01') && types.size >= 4, `${station}: power types ${[...types].join(',')}`);
    t.ok(
      defs.filter((d) => d.powerType === '01').length > defs.length / 2,
      `${station}: mostly 行政许可`,
    );
    t.ok(
      defs.some((d) => d.serviceObjects.includes('person')),
      `${station}: 个人办事 items`,
    );
    t.ok(
      defs.some((d) => d.serviceObjects.includes('legal')),
      `${station}: 单位办事 items`,
    );
    t.ok(
      defs.some((d) => !d.online && d.onlineDepth === null),
      `${station}: an offline item`,
    );
    const materials = defs.flatMap((d) => d.materials);
    t.ok(
      materials.some((m) => m.necessity === 'deferrable'),
      `${station}: 容缺后补 materials`,
    );
    t.ok(
      materials.some((m) => m.collection === 'window'),
      `${station}: 窗口提交 materials`,
    );
    t.ok(defs.filter((d) => d.form !== null).length >= 3, `${station}: business forms`);
    t.ok(
      defs.every((d) => /023-\d{8}/.test(d.consultation)),
      `${station}: 023 phone numbers`,
    );
    t.ok(
      defs.every((d) => /上午9:00-12:00/.test(d.hours)),
      `${station}: 办理时间`,
    );
  }
  const yuzhong = seedItemsFor('yuzhong').map((i) => i.definition);
  t.ok(yuzhong.every((d) => d.level === 'district'));
  t.ok(
    yuzhong.some((d) => d.location.includes('渝中区')),
    'addresses in the right district',
  );
  t.notOk(seedItemsFor('jiangbei').some((i) => i.definition.location.includes('渝中区')));
});

t.test('教师资格认定 is a parent with one sub-item per school level', async (t) => {
  const items = seedItemsFor('cq');
  const parent = items.find((i) => i.definition.name === '中等及中等以上学校教师资格认定');
  if (!parent) throw new Error('教师资格认定 not seeded');
  t.equal(parent.parentImplCode, null);
  t.match(parent.definition.basis, /《中华人民共和国教师法》/);
  t.match(parent.definition.basis, /《教师资格条例》/);
  const subs = items.filter((i) => i.parentImplCode === parent.definition.implCode);
  t.same(
    subs.map((s) => s.definition.name),
    ['高级中学教师资格认定', '中等职业学校教师资格认定', '中等职业学校实习指导教师资格认定'],
  );
  const form = parent.definition.form;
  t.equal(form?.title, '教师资格认定申请表');
  for (const key of ['school', 'graduated', 'subject', 'mandarin', 'region', 'phone'])
    t.ok(form?.properties[key], `form field ${key}`);
  const names = parent.definition.materials.map((m) => m.name);
  for (const name of ['学历证书', '体检合格证明', '普通话水平测试等级证书'])
    t.ok(names.includes(name), name);

  const transport = items.filter((i) => /道路(旅客|货物)运输经营许可/.test(i.definition.name));
  t.equal(transport.length, 2);
  for (const item of transport) t.match(item.definition.basis, /《中华人民共和国道路运输条例》/);
  t.ok(
    items.some(
      (i) => i.definition.name === '民办学校设立' && /民办教育促进法/.test(i.definition.basis),
    ),
  );
});
