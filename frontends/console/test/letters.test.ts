/**
 * 信件办理 in the console, through the real services: letters of the three kinds sent through
 * the letters service's public API (one 12 days ago, so overdue now), the queue by due date and
 * its filters, the contact revealed (and audited), an attachment downloaded, 转办, 答复, 不予受理
 * with the standard wording (without JavaScript), a complaint's 跟进记录 and 办结, and two pages
 * acting on one letter at once. The audit log lists the actions.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { notice, signIn } from './support/hall';
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
  waitFor,
} from './support/letters';

const hall = await startLettersHall(t);
const yz = await departments(hall, 'yuzhong');
const education = yz.find((d) => d.name === '渝中区教委')!;
const transport = yz.find((d) => d.name === '渝中区交通局')!;
const admin = await newStaff(hall, 'yuzhong', '陈站长', ['station_admin']);
const handler = await newStaff(hall, 'yuzhong', '刘信件', ['letters']);
const citizen = await newCitizen(hall, '张晓红');
const scan = await upload(
  hall,
  await citizen.token(),
  '停车收费票据.pdf',
  pdfFile('Parking receipt'),
  'application/pdf',
);

const writerMobile = newMobile();
const overdue = await sendLetter(
  hall,
  'yuzhong',
  {
    kind: 'consultation',
    departmentId: education.id,
    subject: '教师资格认定体检在哪里做',
    content: '请问申请中小学教师资格认定，体检需要到哪家医院做？是否可以在户籍地以外体检？',
    contactName: '王小明',
    mobile: writerMobile,
    publicConsent: true,
  },
  { daysAgo: 12 },
);
const complaint = await sendLetter(
  hall,
  'yuzhong',
  {
    kind: 'complaint',
    subject: '窗口工作人员态度生硬',
    content: '12月3日上午在政务服务中心办理业务时，3号窗口工作人员态度生硬，不解释材料要求。',
    relatedSerial: '20261200001234567890',
    staffName: '3号窗口',
    contactName: '李梅',
    mobile: newMobile(),
    publicConsent: false,
  },
  { daysAgo: 1 },
);
const suggestion = await sendLetter(hall, 'yuzhong', {
  kind: 'suggestion',
  departmentId: transport.id,
  subject: '建议延长公交夜班线路运营时间',
  content: '解放碑至大坪的夜班公交末班车太早，建议延长到凌晨一点。',
  contactName: '赵强',
  mobile: newMobile(),
  publicConsent: true,
});
const signedIn = await sendLetter(
  hall,
  'yuzhong',
  {
    kind: 'consultation',
    departmentId: transport.id,
    subject: '路边停车收费标准咨询',
    content: '解放碑周边路边停车的收费标准是多少？附上收费票据，请核实是否多收。',
    contactName: citizen.realName,
    mobile: citizen.mobile,
    publicConsent: false,
    fileIds: [scan.id],
  },
  { token: await citizen.token() },
);

let page: Page;
t.before(async () => {
  page = await hall.newPage();
  await signIn(hall, page, handler.username, handler.password);
});

/** The 受理编码 column of the queue, in order. */
const codes = (p: Page) => p.getByRole('table').locator('tbody th[scope="row"] a').allInnerTexts();

/** The text of a definition list's value next to the term `term`. */
const dd = (p: Page, term: string) => p.locator(`dt:text-is("${term}") + dd`).first().innerText();

const actionLinks = (p: Page) =>
  p.getByRole('region', { name: '办理', exact: true }).getByRole('link').allInnerTexts();

t.test('the queue: unanswered letters by due date, the overdue one first', async (t) => {
  const nav = page.getByRole('navigation', { name: '控制台导航' });
  await nav.getByRole('link', { name: '信件办理' }).click();
  await page.waitForURL(`${hall.url}/letters`);
  // Due: 5 working days for 咨询, 10 for 投诉, 15 for 建议, from the day each came.
  t.same(await codes(page), [overdue.code, signedIn.code, complaint.code, suggestion.code]);
  t.match(
    await page.getByRole('table').locator('caption').innerText(),
    /信件（共 4 件；第 1 \/ 1 页）/,
  );
  const rows = page.getByRole('table').locator('tbody tr');
  const first = await rows.nth(0).innerText();
  t.match(first, /⚠ 超期/);
  t.match(first, /超期 \d+ 个工作日/);
  t.match(first, /咨询\s+教师资格认定体检在哪里做\s+渝中区教委/);
  const third = await rows.nth(2).innerText();
  t.match(third, /投诉[\s\S]*未指定部门/, 'a complaint may name no department');
  t.match(third, /剩余 \d+ 个工作日/);
  t.notMatch(third, /超期/);
  t.match(await rows.nth(3).innerText(), /建议[\s\S]*渝中区交通局[\s\S]*已受理/);
  t.match(overdue.code, /^\d{20}$/);
});

t.test('filters: 类型, 部门, 仅显示超期, a keyword; 清除', async (t) => {
  await hall.goto(page, '/letters');
  await page.getByLabel('类型').selectOption({ label: '投诉' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'complaint');
  t.same(await codes(page), [complaint.code]);
  t.match(await page.getByRole('table').locator('caption').innerText(), /已检索/);

  await hall.goto(page, '/letters');
  await page.getByLabel('部门').selectOption({ label: '渝中区交通局' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('departmentId') === transport.id);
  t.same(await codes(page), [signedIn.code, suggestion.code]);

  await hall.goto(page, '/letters');
  await page.getByRole('checkbox', { name: '仅显示超期' }).check();
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('overdue') === 'true');
  t.same(await codes(page), [overdue.code]);

  await hall.goto(page, `/letters?q=${suggestion.code}`);
  t.same(await codes(page), [suggestion.code], 'by 受理编码');
  await hall.goto(page, `/letters?q=${encodeURIComponent('停车')}`);
  t.same(await codes(page), [signedIn.code], 'by 主题');
  t.equal(await page.locator('#f-q').inputValue(), '停车');
  await page.getByRole('link', { name: '清除检索条件' }).click();
  await page.waitForURL(`${hall.url}/letters`);
  t.equal((await codes(page)).length, 4);
});

t.test('a letter: masked contact revealed on request, an attachment downloaded', async (t) => {
  await hall.goto(page, '/letters');
  await page.getByRole('link', { name: signedIn.code }).click();
  await page.waitForURL(`${hall.url}/letters/${signedIn.id}`);
  t.equal(await page.getByRole('heading', { level: 1 }).innerText(), '路边停车收费标准咨询');
  t.equal(await dd(page, '受理编码'), signedIn.code);
  t.match(await dd(page, '内容'), /解放碑周边路边停车的收费标准是多少/);
  t.equal(await dd(page, '来信人'), '个人用户（已登录）');
  const masked = await dd(page, '手机号码');
  t.equal(masked, `${citizen.mobile.slice(0, 3)}****${citizen.mobile.slice(-4)}`);
  t.notMatch(await page.locator('main').innerText(), new RegExp(citizen.mobile));
  t.same(await actionLinks(page), ['转办…', '答复…', '不予受理…']);

  await page.getByRole('button', { name: '查看联系方式' }).click();
  await page.getByText('已显示完整联系方式').waitFor();
  t.equal(await dd(page, '手机号码'), citizen.mobile);
  t.equal(await dd(page, '联系人'), citizen.realName);

  const link = page.getByRole('link', { name: '下载：停车收费票据.pdf' });
  const href = (await link.getAttribute('href'))!;
  const file = await waitFor('the attachment to be granted', async () => {
    const res = await page.request.get(`${hall.url}${href}`);
    return res.status() === 200 ? res : undefined;
  });
  t.equal(file.headers()['content-type'], 'application/pdf');
  t.match(file.headers()['content-disposition'], /^attachment/);
  t.same(Buffer.from(await file.body()), pdfFile('Parking receipt'), 'the bytes the writer sent');
  const other = await page.request.get(`${hall.url}/letters/${overdue.id}/files/${scan.id}`);
  t.equal(other.status(), 404, 'a file the letter does not hold is not served');
});

t.test('转办 a complaint to a department, then 答复 it', async (t) => {
  await hall.goto(page, `/letters/${complaint.id}`);
  t.match(await dd(page, '被投诉人员'), /3号窗口/);
  t.equal(await dd(page, '关联申办流水号'), '20261200001234567890');
  await page.getByRole('link', { name: '转办…' }).click();
  await page.waitForURL(`${hall.url}/letters/${complaint.id}/assign`);
  await page.getByRole('button', { name: '确认转办' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /请选择转办部门/);

  await page.getByLabel('转办部门').selectOption({ label: '渝中区教委' });
  await page.locator('#f-note').fill('请核实3号窗口当日情况并答复。');
  await Promise.all([
    page.waitForURL(`${hall.url}/letters/${complaint.id}`),
    page.getByRole('button', { name: '确认转办' }).click(),
  ]);
  t.equal(await notice(page), `✓ 操作成功：已转办（受理编码 ${complaint.code}）`);
  t.match(await dd(page, '状态'), /已转办/);
  t.equal(await dd(page, '部门'), '渝中区教委');
  t.match(
    await page.getByRole('list', { name: '办理记录' }).innerText(),
    /已转办[\s\S]*办理人：工作人员（本人）[\s\S]*请核实3号窗口当日情况并答复。/,
  );

  await page.getByRole('link', { name: '答复…' }).click();
  await page.waitForURL(`${hall.url}/letters/${complaint.id}/reply`);
  t.match(
    await page.locator('details.letter-text').innerText(),
    /3号窗口工作人员态度生硬/,
    'the letter is in sight while replying',
  );
  await page.locator('#f-text').fill('好');
  await page.getByRole('button', { name: '确认答复' }).click();
  await page.getByRole('alert').waitFor();
  t.match(await page.getByRole('alert').innerText(), /答复内容应为2至5000个字|答复内容/);
  t.equal(await page.locator('#f-text').getAttribute('aria-invalid'), 'true');
  await page
    .locator('#f-text')
    .fill('经核实，当日3号窗口工作人员解释不到位，已对其批评教育，并在窗口张贴材料要求说明。');
  await Promise.all([
    page.waitForURL(`${hall.url}/letters/${complaint.id}`),
    page.getByRole('button', { name: '确认答复' }).click(),
  ]);
  t.match(await notice(page), /已答复/);
  t.match(await dd(page, '状态'), /已答复/);
  t.match(await dd(page, '答复内容'), /已对其批评教育/);
  t.same(await actionLinks(page), ['跟进记录…', '办结…'], 'a replied complaint is followed up');
});

t.test('a complaint: 跟进记录, then 办结', async (t) => {
  await page.getByRole('link', { name: '跟进记录…' }).click();
  await page.locator('#f-note').fill('12月8日电话回访来信人，对处理结果表示认可。');
  await Promise.all([
    page.waitForURL(`${hall.url}/letters/${complaint.id}`),
    page.getByRole('button', { name: '确认跟进记录' }).click(),
  ]);
  t.match(await notice(page), /已添加跟进记录/);
  t.match(
    await page.getByRole('region', { name: '跟进记录' }).innerText(),
    /电话回访来信人，对处理结果表示认可/,
  );

  await page.getByRole('link', { name: '办结…' }).click();
  await page.locator('#f-note').fill('投诉属实，已整改，办结。');
  await Promise.all([
    page.waitForURL(`${hall.url}/letters/${complaint.id}`),
    page.getByRole('button', { name: '确认办结' }).click(),
  ]);
  t.match(await dd(page, '状态'), /已办结/);
  t.same(await actionLinks(page), []);
  t.match(await page.getByRole('region', { name: '办理', exact: true }).innerText(), /已办理完毕/);
  t.equal(
    await page.getByRole('link', { name: '发布为常见问题…' }).count(),
    0,
    'the writer did not consent to publication',
  );
  const res = await page.goto(`${hall.url}/letters/${complaint.id}/reply`);
  t.equal(res?.status(), 409, 'an action the state no longer allows');
  t.match(await page.locator('main').innerText(), /当前为“已办结”，不能进行“答复”/);
});

t.test('不予受理 without JavaScript: the standard wording to start from', async (t) => {
  const p = await hall.newPage({ javaScriptEnabled: false });
  await signIn(hall, p, handler.username, handler.password);
  await hall.goto(p, `/letters/${suggestion.id}`);
  await p.getByRole('link', { name: '不予受理…' }).click();
  await p.waitForURL(`${hall.url}/letters/${suggestion.id}/out-of-scope`);
  t.equal(
    await p.locator('#f-explanation').inputValue(),
    '诉讼、仲裁、信访等事项不属于网上咨询投诉受理范围，请依法通过相应途径办理',
  );
  await p.locator('#f-explanation').fill('');
  await p.getByRole('button', { name: '确认不予受理' }).click();
  await p.getByRole('alert').waitFor();
  t.match(await p.getByRole('alert').innerText(), /请说明不予受理的理由/);
  t.equal(
    (await deskView(hall, await handler.token(), 'yuzhong', suggestion.id)).state,
    'received',
    'nothing changed',
  );

  await p
    .locator('#f-explanation')
    .fill('公交线路运营时间调整属于公交集团经营事项，请通过12328交通服务热线反映。');
  await p.getByRole('button', { name: '确认不予受理' }).click();
  await p.waitForURL(`${hall.url}/letters/${suggestion.id}`);
  t.match(await notice(p), /已标记为不予受理/);
  t.match(await dd(p, '状态'), /不予受理/);
  t.match(await dd(p, '说明'), /12328交通服务热线/);
  await p.context().close();
});

t.test('two pages act on one letter: the second is told and shown the state', async (t) => {
  const other = await hall.newPage();
  await signIn(hall, other, admin.username, admin.password);
  await hall.goto(page, `/letters/${signedIn.id}/reply`);
  await hall.goto(other, `/letters/${signedIn.id}/out-of-scope`);

  await page
    .locator('#f-text')
    .fill('解放碑周边路边停车首小时5元，之后每半小时2.5元，票据金额无误。');
  await Promise.all([
    page.waitForURL(`${hall.url}/letters/${signedIn.id}`),
    page.getByRole('button', { name: '确认答复' }).click(),
  ]);
  await other.locator('#f-explanation').fill('不属于受理范围。');
  await other.getByRole('button', { name: '确认不予受理' }).click();
  const alert = other.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  t.match(text, /该信件已被他人处理，请刷新后重试/);
  t.match(text, /当前状态：已答复（最近一次办理：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 已答复）/);
  t.equal(await other.locator('#f-explanation').inputValue(), '不属于受理范围。', 'input kept');
  const now = await deskView<{ state: string; outOfScope: unknown }>(
    hall,
    await admin.token(),
    'yuzhong',
    signedIn.id,
  );
  t.equal(now.state, 'replied', 'one action');
  t.equal(now.outOfScope, null);
  await alert.getByRole('link', { name: /刷新/ }).click();
  await other.waitForURL(`${hall.url}/letters/${signedIn.id}`);
  t.match(await dd(other, '状态'), /已答复/);
  await other.context().close();
});

t.test('the station admin finds the actions and the reveal in the audit log', async (t) => {
  const p = await hall.newPage();
  await signIn(hall, p, admin.username, admin.password);
  const entries = (event: string) =>
    waitFor(`${event} in the audit log`, async () => {
      await hall.goto(p, `/audit?event=${event}`);
      const rows = await p
        .getByRole('table')
        .locator('tbody tr:not(:has(.empty))')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText));
      return rows.length ? rows : undefined;
    });
  const [revealed] = await entries('letters.letter.contact_revealed');
  t.match(revealed, /查看来信人联系方式[\s\S]*刘信件/);
  t.match(revealed, new RegExp(`受理编码：${signedIn.code}`));
  const [assigned] = await entries('letters.letter.assigned');
  t.match(assigned, /转办信件[\s\S]*刘信件[\s\S]*状态：已受理 → 已转办/);
  const replied = await entries('letters.letter.replied');
  t.match(replied.join('\n'), /答复信件[\s\S]*状态：已转办 → 已答复；按期答复/);
  t.match((await entries('letters.letter.out_of_scope'))[0], /状态：已受理 → 不予受理/);
  t.match((await entries('letters.letter.follow_up'))[0], /记录投诉跟进/);
  t.match((await entries('letters.letter.closed'))[0], /办结投诉[\s\S]*已答复 → 已办结/);
  t.match((await entries('letters.letter.viewed'))[0], /查看信件[\s\S]*受理编码：\d{20}/);

  await hall.goto(p, '/audit');
  const all = await p.getByRole('table').innerText();
  t.notMatch(all, new RegExp(citizen.mobile), 'no mobile number in the log');
  t.notMatch(all, new RegExp(writerMobile));
  t.notMatch(all, /张晓红|王小明/);
  await p.context().close();
});
