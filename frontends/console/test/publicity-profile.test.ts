/**
 * 站点个性化 and who may reach 信息发布: a station admin saves the station's display name, banner
 * and contact footer (the public profile follows; a stale save is refused with what was typed
 * kept); an editor has no 站点个性化 and gets 403 on it; the municipality's staff get 404 for a
 * 渝中区 notice, entry or file, whatever they ask for, and nothing changes.
 */
import t from 'tap';
import { fieldError, PHONE, signIn } from './support/hall';
import {
  departments,
  newStaff,
  pdfFile,
  publicity,
  scrollsSideways,
  shanghaiDay,
  startPublicityHall,
  uploadFile,
} from './support/publicity';

const hall = await startPublicityHall(t);
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const editor = await newStaff(hall, 'yuzhong', '周编辑', ['editor']);
const cqEditor = await newStaff(hall, 'cq', '市级编辑', ['editor', 'station_admin']);

interface Profile {
  name: string;
  displayName: string | null;
  bannerTitle: string | null;
  contact: { address: string | null; phone: string | null; email: string | null };
  revision: number;
}
const profile = async () =>
  (await publicity<Profile>(hall, 'GET', '/stations/yuzhong/profile')).body;

t.test('a station admin saves 站点个性化; the preview and the public profile follow', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, admin.username, admin.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '站点个性化' }).click();
  await page.waitForURL(`${hall.url}/profile`);
  t.equal((await profile()).revision, 0, 'never saved');
  t.match(await page.locator('.preview').innerText(), /渝中区/, 'the registry name by default');

  await page.locator('#f-displayName').fill('渝中区网上办事大厅');
  await page.locator('#f-bannerTitle').fill('渝中区政务服务');
  await page.locator('#f-bannerSubtitle').fill('一网通办，就近可办');
  await page.locator('#f-address').fill('重庆市渝中区人民路1号');
  await page.locator('#f-phone').fill('电话号码');
  await page.locator('#f-hours').fill('工作日 9:00–17:00');
  await page.locator('#f-email').fill('zwfw@yuzhong.gov.cn');
  const preview = page.locator('.preview');
  t.match(await preview.innerText(), /渝中区网上办事大厅[\s\S]*渝中区政务服务[\s\S]*一网通办/);
  t.match(await preview.innerText(), /重庆市渝中区人民路1号/, 'the preview follows the typing');

  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await fieldError(page, 'phone'), /请填写正确的电话号码/);
  t.equal((await profile()).revision, 0, 'nothing saved');
  t.equal(await page.locator('#f-address').inputValue(), '重庆市渝中区人民路1号', 'kept');

  await page.locator('#f-phone').fill('023-63899999');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.notice[role="status"]').filter({ hasText: '已保存站点个性化' }).waitFor();
  const saved = await profile();
  t.equal(saved.name, '渝中区网上办事大厅');
  t.equal(saved.bannerTitle, '渝中区政务服务');
  t.same(saved.contact, {
    address: '重庆市渝中区人民路1号',
    phone: '023-63899999',
    hours: '工作日 9:00–17:00',
    email: 'zwfw@yuzhong.gov.cn',
  });
  t.equal(saved.revision, 1);

  // Someone else saves meanwhile: this page's save is refused and keeps what was typed.
  await page.locator('#f-bannerTitle').fill('渝中区政务服务中心');
  const theirs = await publicity(hall, 'PUT', '/admin/stations/yuzhong/profile', {
    token: await admin.token(),
    body: { displayName: '渝中区政务服务网' },
    revision: 1,
  });
  t.equal(theirs.status, 200);
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /已被他人修改，请刷新后重试/);
  t.equal(await page.locator('#f-bannerTitle').inputValue(), '渝中区政务服务中心', 'kept');
  t.equal((await profile()).name, '渝中区政务服务网', 'theirs stands');
  await page.getByRole('button', { name: '用我的内容覆盖保存' }).click();
  // Saved: the page is the saved profile again, without the refusal.
  await page.getByRole('alert').waitFor({ state: 'detached' });
  t.equal((await profile()).bannerTitle, '渝中区政务服务中心');
  t.equal(await page.getByRole('button', { name: '用我的内容覆盖保存' }).count(), 0);

  // The saves are in the station's audit log, in words (they reach identity's log shortly after).
  const saves = page.locator('tbody tr', { hasText: '修改站点个性化设置' });
  for (let tries = 0; tries < 40; tries++) {
    await hall.goto(page, '/audit?event=publicity.profile.updated');
    if ((await saves.count()) >= 3) break;
    await page.waitForTimeout(250);
  }
  t.equal(await saves.count(), 3, 'three saves, by name');
  const logged = await page.locator('tbody').innerText();
  t.match(logged, /设置：站点名称、横幅标题、横幅副标题、地址、电话、办公时间、邮箱/);
  t.match(logged, /设置：站点名称\s/, 'the save of the display name alone');
  t.match(logged, /站点个性化（编号尾号 yuzhong）/, 'the target, in words');
  t.notMatch(logged, /登录成功/, 'only the events asked for');

  await page.setViewportSize(PHONE);
  await hall.goto(page, '/profile');
  t.notOk(await scrollsSideways(page), '375 px: /profile does not scroll sideways');
  await page.context().close();
});

t.test('an editor has no 站点个性化 and gets 403 on it', async (t) => {
  const page = await hall.newPage();
  await signIn(hall, page, editor.username, editor.password);
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByText('站点个性化').count(), 0);
  t.equal(await nav.getByRole('link', { name: '通知公告' }).count(), 1, 'but 信息发布');
  const res = await page.goto(`${hall.url}/profile`);
  t.equal(res?.status(), 403);
  t.match(await page.locator('main').innerText(), /仅限站点管理员/);
  const post = await page.request.post(`${hall.url}/profile`, {
    form: { revision: '2', displayName: '擅自修改' },
    headers: { origin: hall.url, accept: 'text/html' },
  });
  t.equal(post.status(), 403, 'a post is refused the same way');
  t.not((await profile()).name, '擅自修改');
  await page.context().close();
});

t.test('the municipality’s staff get 404 for 渝中区’s notice, entry and file', async (t) => {
  const token = await editor.token();
  const file = await uploadFile(hall, token, 'yuzhong', '名单.pdf', pdfFile(), 'application/pdf');
  const notice = await publicity<{ id: string; revision: number }>(
    hall,
    'POST',
    '/admin/stations/yuzhong/notices',
    { token, body: { title: '渝中区内部通知', body: '<p>渝中区的草稿。</p>' } },
  );
  const education = (await departments(hall, 'yuzhong')).find((d) => d.name === '渝中区教委')!;
  const entry = await publicity<{ id: string }>(hall, 'POST', '/admin/stations/yuzhong/publicity', {
    token,
    body: {
      title: '渝中区公示',
      itemName: '教师资格认定',
      departmentId: education.id,
      periodStart: shanghaiDay(0),
      periodEnd: shanghaiDay(7),
      fileId: file.id,
    },
  });
  t.equal(entry.status, 201);

  const page = await hall.newPage();
  await signIn(hall, page, cqEditor.username, cqEditor.password);
  for (const path of [
    `/notices/${notice.body.id}`,
    `/notices/${notice.body.id}/edit`,
    `/notices/${notice.body.id}/delete`,
    `/publicity/${entry.body.id}`,
    `/publicity/${entry.body.id}/edit`,
    `/publicity/files/${file.id}`,
  ]) {
    const res = await page.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 404, path);
    t.notMatch(await res!.text(), /渝中区内部通知|渝中区公示|名单\.pdf/, `${path}: nothing shown`);
  }
  const publish = await page.request.post(`${hall.url}/notices/${notice.body.id}?/publish`, {
    form: { revision: String(notice.body.revision) },
    headers: { origin: hall.url, accept: 'text/html' },
  });
  t.equal(publish.status(), 404, 'an action posted anyway is refused');
  const now = await publicity<{ status: string; revision: number }>(
    hall,
    'GET',
    `/admin/stations/yuzhong/notices/${notice.body.id}`,
    { token },
  );
  t.same([now.body.status, now.body.revision], ['draft', notice.body.revision], 'nothing changed');
  await hall.goto(page, '/notices');
  t.notMatch(await page.getByRole('table').innerText(), /渝中区内部通知/, 'their own list only');
  await page.context().close();
});
