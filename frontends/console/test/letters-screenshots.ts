/**
 * Screenshots of the console's 信件 pages for review (not part of the test suite):
 *
 *   pnpm --filter @hall/console build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/console/test/letters-screenshots.ts
 *
 * Starts identity, the catalog, materials and the letters service and the built console as the
 * browser tests do, sends letters of every kind (one overdue, one with an attachment, a
 * complaint followed up, closed and rated, one published as a FAQ), and saves PNGs at desktop
 * (1280) and phone (375) width and in 大字 / 高对比 mode to docs/screenshots/console/letters-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signIn } from './support/hall';
import {
  call,
  departments,
  deskAct,
  newCitizen,
  newMobile,
  newStaff,
  pdfFile,
  sendLetter,
  startLettersHall,
  upload,
} from './support/letters';

const out = join(import.meta.dirname, '../../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startLettersHall(scope);
  const yz = await departments(hall, 'yuzhong');
  const education = yz.find((d) => d.name === '渝中区教委')!;
  const transport = yz.find((d) => d.name === '渝中区交通局')!;
  const admin = await newStaff(hall, 'yuzhong', '陈渝中', ['station_admin']);
  const token = await admin.token();
  const citizen = await newCitizen(hall, '张晓红');
  const scan = await upload(
    hall,
    await citizen.token(),
    '停车收费票据.pdf',
    pdfFile('Parking receipt'),
    'application/pdf',
  );

  const overdue = await sendLetter(
    hall,
    'yuzhong',
    {
      kind: 'consultation',
      departmentId: education.id,
      subject: '教师资格认定体检在哪里做',
      content:
        '请问申请中小学教师资格认定，体检需要到哪家医院做？是否可以在户籍地以外的医院体检？体检表在哪里领取？',
      contactName: '王小明',
      mobile: newMobile(),
      publicConsent: true,
    },
    { daysAgo: 12 },
  );
  const attached = await sendLetter(
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
    { token: await citizen.token(), daysAgo: 2 },
  );
  const complaint = await sendLetter(
    hall,
    'yuzhong',
    {
      kind: 'complaint',
      subject: '窗口工作人员态度生硬',
      content:
        '12月3日上午在政务服务中心办理业务时，3号窗口工作人员态度生硬，不解释材料要求，让我来回跑了两趟。',
      relatedSerial: '20261200001234567890',
      staffName: '3号窗口',
      contactName: '李梅',
      mobile: newMobile(),
      publicConsent: false,
    },
    { daysAgo: 6 },
  );
  await deskAct(hall, token, 'yuzhong', complaint.id, 'assign', {
    departmentId: education.id,
    note: '请核实3号窗口当日情况并答复。',
  });
  await deskAct(hall, token, 'yuzhong', complaint.id, 'reply', {
    text: '经核实，当日3号窗口工作人员解释不到位，已对其批评教育，并在窗口张贴材料要求说明。',
  });
  await deskAct(hall, token, 'yuzhong', complaint.id, 'follow-up', {
    note: '12月8日电话回访来信人，对处理结果表示认可。',
  });
  await deskAct(hall, token, 'yuzhong', complaint.id, 'close', {
    note: '投诉属实，已整改，办结。',
  });
  // The writer rates the reply through the public look-up, as the portal's 信件答复 does.
  const rated = await fetch(`${hall.lettersUrl}/stations/yuzhong/letters/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: complaint.code,
      mobile: complaint.input.mobile,
      rating: 'basically_satisfied',
      comment: '处理及时，希望以后不再出现。',
    }),
  });
  if (!rated.ok) throw new Error(`rating: ${rated.status} ${await rated.text()}`);
  const suggestion = await sendLetter(hall, 'yuzhong', {
    kind: 'suggestion',
    departmentId: transport.id,
    subject: '建议延长公交夜班线路运营时间',
    content: '解放碑至大坪的夜班公交末班车太早，建议延长到凌晨一点。',
    contactName: '赵强',
    mobile: newMobile(),
    publicConsent: true,
  });
  const answered = await sendLetter(
    hall,
    'yuzhong',
    {
      kind: 'consultation',
      departmentId: education.id,
      subject: '教师资格证书遗失如何补办',
      content: '我的教师资格证书遗失了，请问如何补办？需要哪些材料？',
      contactName: '孙丽',
      mobile: newMobile(),
      publicConsent: true,
    },
    { daysAgo: 3 },
  );
  await deskAct(hall, token, 'yuzhong', answered.id, 'reply', {
    text: '教师资格证书遗失的，可向原发证机关申请补发，提交身份证明和补发申请表，10个工作日内办结。',
  });
  const published = await sendLetter(hall, 'yuzhong', {
    kind: 'consultation',
    departmentId: education.id,
    subject: '幼儿园教师资格认定的学历要求',
    content: '请问申请幼儿园教师资格，学历最低要求是什么？',
    contactName: '周婷',
    mobile: newMobile(),
    publicConsent: true,
  });
  await deskAct(hall, token, 'yuzhong', published.id, 'reply', {
    text: '申请幼儿园教师资格，应具备幼儿师范学校毕业及以上学历。',
  });
  const faq = await call<{ id: string }>(
    hall.lettersUrl,
    'POST',
    `/admin/stations/yuzhong/letters/${published.id}/faq`,
    token,
    {
      question: '申请幼儿园教师资格，学历最低要求是什么？',
      answer: '应具备幼儿师范学校毕业及以上学历。',
    },
  );

  const letter = (id: string, rest = '') => `/letters/${id}${rest}`;
  const shots: Array<{ name: string; path: string; prepare?: (page: Page) => Promise<void> }> = [
    { name: 'letters-queue', path: '/letters' },
    {
      name: 'letters-queue-filtered',
      path: `/letters?kind=consultation&departmentId=${education.id}`,
    },
    { name: 'letters-detail', path: letter(attached.id) },
    {
      name: 'letters-detail-contact',
      path: letter(attached.id),
      prepare: async (page) => {
        await page.getByRole('button', { name: '查看联系方式' }).click();
        await page.getByText('已显示完整联系方式').waitFor();
      },
    },
    { name: 'letters-detail-complaint', path: letter(complaint.id) },
    { name: 'letters-assign', path: letter(overdue.id, '/assign') },
    { name: 'letters-reply', path: letter(overdue.id, '/reply') },
    {
      name: 'letters-reply-errors',
      path: letter(overdue.id, '/reply'),
      prepare: async (page) => {
        await page.getByRole('button', { name: '确认答复' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'letters-out-of-scope', path: letter(suggestion.id, '/out-of-scope') },
    { name: 'letters-faq-publish', path: letter(answered.id, '/faq') },
    {
      name: 'letters-conflict',
      path: letter(suggestion.id, '/reply'),
      prepare: async (page) => {
        await page.locator('#f-text').fill('感谢您的建议，已转公交集团研究。');
        // Someone else acts first.
        await deskAct(hall, token, 'yuzhong', suggestion.id, 'out-of-scope', {
          explanation: '公交线路运营时间调整属于公交集团经营事项，请通过12328热线反映。',
        });
        await page.getByRole('button', { name: '确认答复' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'letters-faqs', path: '/faqs' },
    { name: 'letters-faq-edit', path: `/faqs/${faq.id}` },
    { name: 'letters-faq-withdraw', path: `/faqs/${faq.id}/withdraw` },
  ];

  const variants = [
    { size: 'desktop', viewport: DESKTOP, elder: false },
    { size: 'phone', viewport: PHONE, elder: false },
    { size: 'elder-desktop', viewport: DESKTOP, elder: true },
  ] as const;
  for (const variant of variants) {
    const page = await hall.newPage({ viewport: variant.viewport, deviceScaleFactor: 1 });
    await signIn(hall, page, admin.username, admin.password);
    if (variant.elder) {
      await page.getByRole('button', { name: /大字 \/ 高对比/ }).click();
      await page.waitForSelector('html.elder', { state: 'attached' });
    }
    for (const shot of shots) {
      // The conflict can be staged once only (the letter moves on).
      if (shot.name === 'letters-conflict' && variant.size !== 'desktop') continue;
      await hall.goto(page, shot.path);
      await shot.prepare?.(page);
      const file = join(out, `${shot.name}-${variant.size}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`saved ${file}\n`);
    }
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
