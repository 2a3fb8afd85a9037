/**
 * `CatalogClient` of @hall/web/server (what the portal's catalog pages call) against the real
 * catalog service seeded with the demo catalog: typed answers, the station boundary, errors as
 * `ProblemError` (404 as the catalog said it, anything unreachable or 5xx as 503 `unavailable`),
 * and the CATALOG_URL setting.
 */
import t from 'tap';
import { ProblemError } from '@hall/web';
import { CatalogClient, ConfigError, createFrontendServices, loadConfig } from '@hall/web/server';
import { startCatalog, startIdentity } from '@hall/web/testing';

const identity = await startIdentity(t, 'portal_client');
const catalog = await startCatalog(t, 'portal_client', identity, { seed: ['cq', 'yuzhong'] });
const client = new CatalogClient(`${catalog.url}/`);

async function problem(call: Promise<unknown>): Promise<ProblemError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ProblemError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

t.test('departments, items with facet counts, a guide, power types', async (t) => {
  const departments = await client.departments('cq', { serviceObject: 'person', online: true });
  const education = departments.find((d) => d.name === '市教委');
  t.ok(education && education.itemCount > 0, '市教委 has online items for 自然人');
  t.ok(
    departments.every((d, i) => i === 0 || departments[i - 1]!.sortOrder <= d.sortOrder),
    'in order',
  );

  const page = await client.items('cq', {
    department: education!.id,
    serviceObject: 'person',
    online: true,
    pageSize: 2,
  });
  t.equal(page.total, education!.itemCount, 'the list and the count agree');
  t.equal(page.pageSize, 2);
  t.ok(page.items.length <= 2);
  t.equal(page.countsByPowerType.length, 11, 'every power type, zeros too');
  t.ok(page.countsByDepartment.some((d) => d.id === education!.id));

  const found = await client.items('cq', { q: '教师' });
  const teacher = found.items.find((i) => i.name === '中等及中等以上学校教师资格认定');
  t.ok(teacher, '教师 finds the teacher qualification');
  t.equal(teacher!.subItems.length, 3, 'with its sub-items');

  const guide = await client.item('cq', teacher!.id);
  t.equal(guide.station, 'cq');
  t.equal(guide.definition.name, '中等及中等以上学校教师资格认定');
  t.equal(guide.department.name, '市教委');
  t.ok(guide.definition.materials.length > 0);
  t.same(
    guide.subItems.map((s) => s.name),
    teacher!.subItems.map((s) => s.name),
  );
  const version = await client.itemVersion('cq', teacher!.id, guide.version);
  t.equal(version.definition.implCode, guide.definition.implCode);

  const detail = await client.department('cq', education!.id);
  t.equal(detail.name, '市教委');
  t.ok(detail.countsByPowerType.some((c) => c.code === '01' && c.count > 0));

  const types = await client.powerTypes();
  t.same(
    types.map((p) => p.code),
    ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20'],
  );
});

t.test('the station boundary and unknown things answer 404', async (t) => {
  const [item] = (await client.items('yuzhong', { pageSize: 1 })).items;
  t.ok(item);
  t.equal((await client.item('yuzhong', item!.id)).station, 'yuzhong');
  const other = await problem(client.item('cq', item!.id));
  t.equal(other.status, 404, 'another station’s item');
  t.equal((await problem(client.items('nowhere'))).status, 404, 'an unknown station');
  t.equal(
    (await problem(client.department('cq', '01890000-0000-7000-8000-000000000000'))).status,
    404,
  );
  const missing = await problem(client.attachment('cq', '01890000-0000-7000-8000-000000000000'));
  t.equal(missing.status, 404);
  t.type(missing.problem.title, 'string');
});

t.test('unreachable, not configured or failing: 503 unavailable', async (t) => {
  const down = await problem(new CatalogClient('http://127.0.0.1:9').items('cq'));
  t.equal(down.status, 503);
  t.equal(down.code, 'unavailable');
  t.equal(down.problem.title, '服务暂时不可用，请稍后再试');

  const unset = new CatalogClient(null);
  t.equal(unset.configured, false);
  t.equal((await problem(unset.departments('cq'))).code, 'unavailable');

  const failing = new CatalogClient('http://catalog', {
    fetch: async () =>
      new Response(JSON.stringify({ status: 500, code: 'internal', title: '内部错误：堆栈…' }), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      }),
  });
  const err = await problem(failing.item('cq', 'x'));
  t.equal(err.status, 503, 'a 5xx says nothing the person can act on');
  t.notMatch(err.problem.title, '堆栈');

  const notJson = new CatalogClient('http://catalog', {
    fetch: async () => new Response('<html>', { status: 200 }),
  });
  t.equal((await problem(notJson.powerTypes())).code, 'unavailable');
});

t.test('queries: filters encoded, false and empty ones left out', async (t) => {
  const seen: string[] = [];
  const recording = new CatalogClient('http://catalog/', {
    fetch: async (url) => {
      seen.push(String(url));
      return Response.json({ departments: [] });
    },
  });
  await recording.departments('yu zhong', { serviceObject: 'legal', online: false, powerType: '' });
  await recording.items('cq', { q: '交通 运输', online: true, page: 2, department: undefined });
  t.same(seen, [
    'http://catalog/stations/yu%20zhong/departments?serviceObject=legal',
    'http://catalog/stations/cq/items?q=%E4%BA%A4%E9%80%9A+%E8%BF%90%E8%BE%93&online=true&page=2',
  ]);
});

t.test('CATALOG_URL: optional, checked like IDENTITY_URL, wired into the services', async (t) => {
  t.same(loadConfig({ IDENTITY_URL: 'http://i:1', CATALOG_URL: ' http://c:2/ ' }, 'portal'), {
    identityUrl: 'http://i:1',
    catalogUrl: 'http://c:2',
  });
  t.same(loadConfig({ IDENTITY_URL: 'http://i:1' }, 'portal'), { identityUrl: 'http://i:1' });
  for (const bad of ['catalog:4002', 'ftp://c:1', 'http://c:1/?x=1']) {
    t.throws(
      () => loadConfig({ IDENTITY_URL: 'http://i:1', CATALOG_URL: bad }, 'portal'),
      ConfigError,
    );
  }
  t.throws(
    () => loadConfig({ IDENTITY_URL: 'http://i:1', CATALOG_URL: 'nope' }, 'portal'),
    /CATALOG_URL is not a URL/,
  );
  const services = createFrontendServices(
    { IDENTITY_URL: identity.url, CATALOG_URL: catalog.url },
    { app: 'portal', cookiePrefix: 'hall' },
  );
  t.equal(services.catalog.configured, true);
  t.ok((await services.catalog.departments('cq')).length > 30, 'it reaches the catalog');
  const without = createFrontendServices(
    { IDENTITY_URL: identity.url },
    { app: 'portal', cookiePrefix: 'hall' },
  );
  t.equal(without.catalog.configured, false);
});
