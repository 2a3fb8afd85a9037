/**
 * Screenshots of 我要看 (办件公告, 通知公告 and a notice, 办件公示 and an entry), the home page's
 * notices and statistics, a station's own banner and footer, and 站点切换 for review (not part of
 * the test suite):
 *
 *   pnpm --filter @hall/portal build
 *   eval "$(tools/services env)"
 *   node --import tsx frontends/portal/test/publicity-screenshots.ts
 *
 * Starts identity, the catalog (cq, yuzhong), materials, submissions and publicity on fresh test
 * databases and the built portal as the browser tests do; notices, 公示 entries and the yuzhong
 * profile are written through the publicity staff API, applications through the submissions
 * API; PNGs at desktop (1280), phone (375) and phone in 大字 mode go to
 * docs/screenshots/portal/publicity-*.png.
 */
import { PNG_BYTES, pdfBytes } from './support/apply';
import { reloadUntil, shanghaiDay, startPublicityHall } from './support/publicity';
import { atEverySize, screenshotScript } from './support/screenshots';

await screenshotScript(async (scope) => {
  const hall = await startPublicityHall(scope);

  const admin = await hall.staffToken('yuzhong', ['station_admin']);
  await hall.publicityCall(
    'PUT',
    '/admin/stations/yuzhong/profile',
    admin,
    {
      bannerTitle: '渝中区政务服务 一网通办',
      bannerSubtitle: '全区11个街道的事项均可在线申报、进度可查',
      contact: {
        address: '重庆市渝中区人和街74号',
        phone: '023-63899999',
        hours: '工作日 9:00-12:00，13:30-17:30',
        email: 'zwfw@cqyz.gov.cn',
      },
    },
    { 'if-match': '"0"' },
  );

  const image = await hall.upload('cq', '网上申报流程图.png', PNG_BYTES);
  const guide = await hall.upload('cq', '春节期间服务指南.pdf', pdfBytes('guide'));
  await hall.notice(
    'cq',
    {
      title: '网上行政审批大厅使用须知',
      body: '<p>个人和单位注册账号后即可在线申报，申报后可凭申办流水号查询办理进度。</p>',
    },
    { pinned: true },
  );
  const notice = await hall.notice('cq', {
    title: '关于春节期间网上办事服务安排的通知',
    body: [
      '<p>各位办事群众、企业：</p>',
      '<p>春节期间（2月10日至2月17日），<strong>网上申报照常受理</strong>，节后第一个工作日起按序办理。</p>',
      '<h3>办理安排</h3>',
      '<ul><li>即办件：节后当日办结；</li><li>承诺件：办理时限自节后第一个工作日起计算。</li></ul>',
      '<table><caption>咨询电话</caption><thead><tr><th>部门</th><th>电话</th></tr></thead><tbody><tr><td>市政务服务中心</td><td>023-12345</td></tr></tbody></table>',
      `<p><img src="/cq/publicity/files/${image.id}" alt="网上申报流程图"></p>`,
      '<p>详见<a href="https://www.cq.gov.cn/">重庆市人民政府网</a>。</p>',
    ].join(''),
    attachmentIds: [guide.id],
  });
  for (const title of [
    '关于调整部分事项办理时限的公告',
    '重庆市政务服务中心窗口服务时间调整通知',
  ]) {
    await hall.notice('cq', { title, body: `<p>${title}，请办事群众留意。</p>` });
  }

  const development = await hall.departmentId('cq', '市发展改革委');
  const education = await hall.departmentId('cq', '市教委');
  const entry = await hall.entry('cq', {
    title: '关于重庆某某物流园项目节能审查意见的公示',
    itemName: '固定资产投资项目节能审查',
    departmentId: development,
    summary:
      '经审查，该项目节能报告符合要求，拟同意通过节能审查。公示期内如有异议，请与市发展改革委联系。',
    periodStart: shanghaiDay(-1),
    periodEnd: shanghaiDay(5),
    fileId: (await hall.upload('cq', '节能审查结果公示.pdf', pdfBytes('entry'))).id,
  });
  await hall.entry('cq', {
    title: '2026年第一批教师资格认定结果公示',
    itemName: '教师资格认定',
    departmentId: education,
    periodStart: shanghaiDay(-20),
    periodEnd: shanghaiDay(-10),
    fileId: (await hall.upload('cq', '教师资格认定名单.pdf', pdfBytes('list'))).id,
  });

  const shop = await hall.publishItem('cq', '个体工商户开业登记', '市发展改革委');
  const teacher = await hall.publishItem('cq', '教师资格认定', '市教委');
  const people = [await hall.citizen('张晓红'), await hall.citizen('李建国')];
  const made: Array<{ id: string }> = [];
  for (let i = 0; i < 8; i++)
    made.push(await hall.apply('cq', people[i % 2]!, i % 3 ? shop : teacher));
  for (const app of made.slice(0, 4)) {
    await hall.staffAction('cq', app.id, 'prereview', { opinion: '材料齐全' });
    await hall.staffAction('cq', app.id, 'accept', { opinion: '予以受理' });
  }
  await hall.staffAction('cq', made[0]!.id, 'complete', { outcome: 'approved', opinion: '准予' });

  const ready = await hall.newPage();
  await reloadUntil(hall, ready, '/cq', async () =>
    /1件/.test(await ready.locator('[data-figure="completed-today"]').innerText()),
  );

  await atEverySize(hall, 'publicity', async ({ page, shot }) => {
    await hall.goto(page, '/cq');
    await shot('home');
    await hall.goto(page, '/cq/look');
    await shot('look');
    await hall.goto(page, '/cq/notices');
    await shot('notices');
    await hall.goto(page, `/cq/notices/${notice.id}`);
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="notice-body"] img');
      return img instanceof HTMLImageElement && img.complete;
    });
    await shot('notice');
    await hall.goto(page, '/cq/announcements');
    await shot('announcements');
    await hall.goto(page, `/cq/announcements?from=${shanghaiDay()}&to=${shanghaiDay(-1)}`);
    await shot('announcements-error');
    await hall.goto(page, '/cq/publicity');
    await shot('entries');
    await hall.goto(page, `/cq/publicity/${entry.id}`);
    await shot('entry');
    await hall.goto(page, '/yuzhong');
    await shot('station-profile');
    await hall.goto(page, '/cq/stations');
    await shot('stations');
  });
});
