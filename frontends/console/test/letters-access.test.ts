/**
 * Who sees the 信件 desk: letters staff and station admins of the letter's station. A clerk gets
 * 403 and no 信件 section; a department's letters staff see their department's letters and are
 * not offered 转办; the municipality's staff get 404 for a 渝中区 letter, whatever part of it they
 * ask for, and nothing changes.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { signIn } from './support/hall';
import {
  departments,
  deskView,
  newCitizen,
  newMobile,
  newStaff,
  pdfFile,
  sendLetter,
  startLettersHall,
  upload,
} from './support/letters';

const hall = await startLettersHall(t);
const yz = await departments(hall, 'yuzhong');
const education = yz.find((d) => d.name === '渝中区教委')!;
const transport = yz.find((d) => d.name === '渝中区交通局')!;
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const clerk = await newStaff(hall, 'yuzhong', '李受理', ['clerk', 'approver']);
const educationStaff = await newStaff(hall, 'yuzhong', '教委信件员', ['letters'], education.id);
const cqStaff = await newStaff(hall, 'cq', '市级信件员', ['letters', 'station_admin']);
const citizen = await newCitizen(hall, '张晓红');
const scan = await upload(hall, await citizen.token(), '材料.pdf', pdfFile(), 'application/pdf');

const letter = (departmentId: string, subject: string) => ({
  kind: 'consultation' as const,
  departmentId,
  subject,
  content: `${subject}，请予答复。`,
  contactName: citizen.realName,
  mobile: citizen.mobile,
  publicConsent: false,
});
const toEducation = await sendLetter(
  hall,
  'yuzhong',
  { ...letter(education.id, '教师资格认定流程咨询'), fileIds: [scan.id] },
  { token: await citizen.token() },
);
const toTransport = await sendLetter(hall, 'yuzhong', letter(transport.id, '公交线路调整咨询'));
const cq = await departments(hall, 'cq');
const inCq = await sendLetter(hall, 'cq', {
  ...letter(cq.find((d) => d.name === '市教委')!.id, '市级教师资格考试咨询'),
  mobile: newMobile(),
});

const codes = (p: Page) => p.getByRole('table').locator('tbody th[scope="row"] a').allInnerTexts();

t.test('a clerk has no 信件 section and gets 403 on its pages', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, clerk.username, clerk.password);
  const nav = p.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByText('信件办理').count(), 0);
  t.equal(await nav.getByText('常见问题').count(), 0);
  t.equal(await p.locator('main').getByText('信件办理').count(), 0, 'nor on the home page');
  for (const path of [
    '/letters',
    `/letters/${toEducation.id}`,
    `/letters/${toEducation.id}/reply`,
    `/letters/${toEducation.id}/files/${scan.id}`,
    '/faqs',
  ]) {
    const res = await p.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 403, path);
  }
  t.match(await p.locator('main').innerText(), /无权访问[\s\S]*仅限信件办理人员和站点管理员/);
  const res = await p.request.post(`${hall.url}/letters/${toEducation.id}/reply`, {
    form: { revision: '1', text: '擅自答复。' },
    headers: { origin: hall.url, accept: 'text/html' },
  });
  t.equal(res.status(), 403, 'a post is refused the same way');
  await p.context().close();
});

t.test('the station admin has the 信件 section', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, admin.username, admin.password);
  const nav = p.getByRole('navigation', { name: '控制台导航' });
  t.equal(await nav.getByRole('link', { name: '信件办理' }).count(), 1);
  t.equal(await nav.getByRole('link', { name: '常见问题' }).count(), 1);
  t.equal(
    await p.locator('main').getByRole('link', { name: '信件办理' }).count(),
    1,
    'and a card on the home page',
  );
  await nav.getByRole('link', { name: '信件办理' }).click();
  await p.waitForURL(`${hall.url}/letters`);
  t.same(
    await codes(p),
    [toEducation.code, toTransport.code],
    'the whole station, not the municipality',
  );
  await p.context().close();
});

t.test('a department’s staff: their department’s letters, no 转办', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, educationStaff.username, educationStaff.password);
  await hall.goto(p, '/letters');
  t.same(await codes(p), [toEducation.code]);
  await p.getByRole('link', { name: toEducation.code }).click();
  await p.waitForURL(`${hall.url}/letters/${toEducation.id}`);
  t.same(
    await p.getByRole('region', { name: '办理', exact: true }).getByRole('link').allInnerTexts(),
    ['答复…', '不予受理…'],
  );
  const res = await p.goto(`${hall.url}/letters/${toEducation.id}/assign`);
  t.equal(res?.status(), 403, '转办 is for staff of the whole station');
  t.match(await p.locator('main').innerText(), /不能对该信件进行“转办”/);
  for (const path of [`/letters/${toTransport.id}`, `/letters/${toTransport.id}/reply`]) {
    const other = await p.goto(`${hall.url}${path}`);
    t.equal(other?.status(), 404, `another department’s letter: ${path}`);
    t.notMatch(await other!.text(), /公交线路调整咨询/);
  }
  await p.context().close();
});

t.test('the municipality’s staff get 404 for a 渝中区 letter', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, cqStaff.username, cqStaff.password);
  await hall.goto(p, '/letters');
  t.same(await codes(p), [inCq.code], 'their own station’s letters only');
  for (const path of [
    `/letters/${toEducation.id}`,
    `/letters/${toEducation.id}/reply`,
    `/letters/${toEducation.id}/assign`,
    `/letters/${toEducation.id}/faq`,
    `/letters/${toEducation.id}/files/${scan.id}`,
  ]) {
    const res = await p.goto(`${hall.url}${path}`);
    t.equal(res?.status(), 404, path);
    const body = await res!.text();
    t.notMatch(body, /教师资格认定流程咨询|张晓红|材料\.pdf/, `${path}: nothing of it is shown`);
  }
  const post = (path: string, form: Record<string, string>) =>
    p.request.post(`${hall.url}${path}`, {
      form,
      headers: { origin: hall.url, accept: 'text/html' },
    });
  const reply = await post(`/letters/${toEducation.id}/reply`, {
    revision: '1',
    text: '越权答复。',
  });
  t.equal(reply.status(), 404, 'an action posted anyway is refused');
  const contact = await post(`/letters/${toEducation.id}?/contact`, {});
  t.equal(contact.status(), 404, 'the contact is not revealed');
  t.notMatch(await contact.text(), new RegExp(citizen.mobile));
  const now = await deskView(hall, await admin.token(), 'yuzhong', toEducation.id);
  t.equal(now.state, 'received', 'nothing changed');
  t.equal(now.revision, 1);
  await p.context().close();
});
