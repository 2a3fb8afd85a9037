/**
 * Who reaches the catalog pages: editors and station admins of the station in their token;
 * not a clerk, not an operator; another station's editor sees none of this station's items
 * (404), even by URL or a forged form post. Without CATALOG_URL the pages say the service is
 * unavailable while the rest of the console works.
 */
import t from 'tap';
import { catalogApi } from './support/catalog';
import { newUsername, OPERATOR, PASSWORD, signIn, startConsole, startHall } from './support/hall';

const hall = await startHall(t, { catalog: { seed: ['yuzhong'] } });

const yzEditor = { username: newUsername('yzedit'), password: PASSWORD };
const yzAdmin = { username: newUsername('yzadmin'), password: PASSWORD };
const yzClerk = { username: newUsername('yzclerk'), password: PASSWORD };
const jbEditor = { username: newUsername('jbedit'), password: PASSWORD };
await hall.createStaff('yuzhong', { ...yzEditor, name: '渝中编辑', roles: ['editor'] });
await hall.createStaff('yuzhong', { ...yzAdmin, name: '渝中管理员', roles: ['station_admin'] });
await hall.createStaff('yuzhong', { ...yzClerk, name: '渝中受理', roles: ['clerk'] });
await hall.createStaff('jiangbei', { ...jbEditor, name: '江北编辑', roles: ['editor'] });

const yzItems = (
  await catalogApi<{ items: Array<{ id: string; name: string; revision: number }> }>(
    hall,
    await hall.staffToken(yzEditor.username, yzEditor.password),
    'GET',
    '/stations/yuzhong/admin/items?pageSize=5',
  )
).items;
const yzItem = yzItems[0]!;

const CATALOG_PATHS = ['/catalog/items', '/catalog/departments', '/catalog/transfer'];

t.test('a station admin edits the catalog too', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, yzAdmin.username, yzAdmin.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '事项管理' }).click();
  await page.waitForURL(`${hall.url}/catalog/items`);
  t.match(await page.getByRole('table').innerText(), yzItem.name);
  // A station admin sees who published, by name.
  await hall.goto(page, `/catalog/items/${yzItem.id}`);
  t.equal(await page.getByRole('table', { name: /的版本/ }).count(), 1);
});

t.test('a clerk has no way in: no navigation, 403 pages and actions', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, yzClerk.username, yzClerk.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByRole('link', { name: '事项管理' }).count(), 0);
  t.notMatch(await nav.innerText(), '权力清单');
  for (const path of [...CATALOG_PATHS, `/catalog/items/${yzItem.id}`]) {
    const response = await page.goto(`${hall.url}${path}`);
    t.equal(response?.status(), 403, `${path} is forbidden`);
    t.match(await page.locator('h1').innerText(), '无权访问');
  }
  const forged = await page.request.post(`${hall.url}/catalog/items/${yzItem.id}/withdraw`, {
    form: { revision: String(yzItem.revision) },
    headers: { origin: hall.url, accept: 'text/html' },
    maxRedirects: 0,
  });
  t.equal(forged.status(), 403);
  const download = await page.request.get(`${hall.url}/catalog/transfer/export?format=csv`);
  t.equal(download.status(), 403, 'no export either');
});

t.test('an operator is not a catalog editor', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, OPERATOR.username, OPERATOR.password);
  const response = await page.goto(`${hall.url}/catalog/items`);
  t.equal(response?.status(), 403);
});

t.test('another station’s editor cannot see or change this station’s items', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, jbEditor.username, jbEditor.password);
  await hall.goto(page, '/catalog/items');
  const list = await page.locator('main').innerText();
  t.notMatch(list, yzItem.name);
  t.match(list, /本站点还没有事项/);
  for (const sub of ['', '/edit', '/materials', '/form', '/form/json', '/versions/1', '/publish']) {
    const response = await page.goto(`${hall.url}/catalog/items/${yzItem.id}${sub}`);
    t.equal(response?.status(), 404, `/catalog/items/{渝中区事项}${sub} answers 404`);
    t.notMatch(await page.locator('main').innerText(), yzItem.name);
  }
  // A forged withdrawal from 江北区's session changes nothing in 渝中区.
  const forged = await page.request.post(`${hall.url}/catalog/items/${yzItem.id}/withdraw`, {
    form: { revision: String(yzItem.revision) },
    headers: { origin: hall.url, accept: 'application/json' },
    maxRedirects: 0,
  });
  t.not(forged.status(), 303, 'not done');
  const after = await catalogApi<{ status: string; revision: number }>(
    hall,
    await hall.staffToken(yzEditor.username, yzEditor.password),
    'GET',
    `/stations/yuzhong/admin/items/${yzItem.id}`,
  );
  t.equal(after.status, 'published');
  t.equal(after.revision, yzItem.revision);
});

t.test('without CATALOG_URL the catalog pages answer 服务暂时不可用', async (t) => {
  const bare = await startConsole(t, { IDENTITY_URL: hall.identityUrl });
  const page = await hall.newPage();
  await page.goto(`${bare.url}/login`);
  await page.locator('#f-username').fill(yzEditor.username);
  await page.locator('#f-password').fill(yzEditor.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: '登录', exact: true }).click(),
  ]);
  const response = await page.goto(`${bare.url}/catalog/items`);
  t.equal(response?.status(), 503);
  t.match(await page.locator('main').innerText(), '服务暂时不可用');
  const home = await page.goto(`${bare.url}/`);
  t.equal(home?.status(), 200, 'the rest of the console works');
});
