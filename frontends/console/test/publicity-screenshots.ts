/**
 * Screenshots of the console's 信息发布, 统计 and 站点个性化 pages for review (not part of the test
 * suite):
 *
 *   pnpm --filter @hall/console build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/console/test/publicity-screenshots.ts
 *
 * Starts identity, the catalog, materials, submissions and the publicity service and the built
 * console as the browser tests do, publishes notices (one pinned, one with an image and an
 * attachment), 办件公示 entries and applications for the statistics, and saves PNGs at desktop
 * (1280) and phone (375) width to docs/screenshots/console/publicity-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signIn } from './support/hall';
import {
  act,
  call,
  newCitizen,
  seedItem,
  submitApplication,
  TestClock,
  type CaseHall,
} from './support/cases';
import {
  departments,
  newStaff,
  pdfFile,
  pngFile,
  publicity,
  shanghaiDay,
  startPublicityHall,
  uploadFile,
} from './support/publicity';

const out = join(import.meta.dirname, '../../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const started = await startPublicityHall(scope, { submissions: true });
  const hall: CaseHall = {
    ...started,
    submissionsUrl: started.submissionsUrl!,
    materialsUrl: started.materialsUrl!,
    clock: new TestClock(),
  };
  const admin = await newStaff(hall, 'yuzhong', '陈渝中', ['station_admin']);
  const token = await admin.token();
  const station = '/admin/stations/yuzhong';

  // 通知公告: a pinned one, one with an image and an attachment, a draft.
  const image = await uploadFile(
    started,
    token,
    'yuzhong',
    '大厅平面图.png',
    pngFile(480, 300),
    'image/png',
  );
  const roster = await uploadFile(
    started,
    token,
    'yuzhong',
    '春节值班安排.pdf',
    pdfFile('Duty'),
    'application/pdf',
  );
  const create = async (title: string, body: string, attachmentIds: string[] = []) =>
    (
      await publicity<{ id: string; revision: number }>(started, 'POST', `${station}/notices`, {
        token,
        body: { title, body, attachmentIds },
      })
    ).body;
  const act_ = async (id: string, action: string) => {
    const { body } = await publicity<{ revision: number }>(
      started,
      'GET',
      `${station}/notices/${id}`,
      {
        token,
      },
    );
    await publicity(started, 'POST', `${station}/notices/${id}/${action}`, {
      token,
      revision: body.revision,
    });
  };
  const festival = await create(
    '关于春节期间办事大厅开放时间的通知',
    '<p>春节期间（2月10日至17日）渝中区政务服务中心暂停现场办理，<strong>网上办理照常</strong>。</p>' +
      '<ul><li>2月18日起恢复现场办理</li><li>急办事项请拨打 023-63899999</li></ul>' +
      `<p><img src="/yuzhong/publicity/files/${image.id}" alt="大厅平面图"></p>`,
    [roster.id],
  );
  await act_(festival.id, 'publish');
  const moving = await create(
    '办事大厅搬迁公告',
    '<p>渝中区政务服务中心将于3月1日搬迁至人民路1号新址，详见<a href="https://www.cqyz.gov.cn/">区政府网站</a>。</p>',
  );
  await act_(moving.id, 'publish');
  await act_(moving.id, 'pin');
  await create('关于调整部分事项办理时限的通知（草稿）', '<p>拟调整的事项如下。</p>');

  // 办件公示.
  const education = (await departments(started, 'yuzhong')).find((d) => d.name === '渝中区教委')!;
  const list = await uploadFile(
    started,
    token,
    'yuzhong',
    '认定结果名单.pdf',
    pdfFile('List'),
    'application/pdf',
  );
  const entry = await publicity<{ id: string; revision: number }>(
    started,
    'POST',
    `${station}/publicity`,
    {
      token,
      body: {
        title: '关于2026年秋季中小学教师资格认定结果的公示',
        itemName: '中小学教师资格认定',
        departmentId: education.id,
        summary:
          '经审查，以下126人符合教师资格认定条件，现予公示。公示期内如有异议，请向渝中区教委反映。',
        periodStart: shanghaiDay(-2),
        periodEnd: shanghaiDay(5),
        fileId: list.id,
      },
    },
  );
  await publicity(started, 'POST', `${station}/publicity/${entry.body.id}/publish`, {
    token,
    revision: entry.body.revision,
  });
  await publicity(started, 'POST', `${station}/publicity`, {
    token,
    body: {
      title: '食品经营许可结果公示',
      itemName: '食品经营许可',
      departmentId: education.id,
      periodStart: shanghaiDay(3),
      periodEnd: shanghaiDay(10),
      fileId: list.id,
    },
  });

  // Applications for the statistics.
  const item = await seedItem(hall, 'yuzhong', token);
  const citizen = await newCitizen(hall, '张晓红');
  for (const level of [5, 4, 2, null, null]) {
    const app = await submitApplication(hall, citizen, 'yuzhong', item);
    if (level === null) continue;
    await act(hall, token, 'yuzhong', app.id, 'prereview');
    await act(hall, token, 'yuzhong', app.id, 'accept');
    await act(hall, token, 'yuzhong', app.id, 'complete', { outcome: 'approved' });
    await call(
      hall.submissionsUrl,
      'POST',
      `/applications/${app.id}/evaluation`,
      await citizen.token(),
      {
        level,
        indicators: {
          overall: level,
          efficiency: 3,
          guideAccuracy: 3,
          convenience: 3,
          usability: 3,
        },
        comment: '',
        anonymous: false,
      },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const shots: Array<{ name: string; path: string; prepare?: (page: Page) => Promise<void> }> = [
    { name: 'publicity-notices', path: '/notices' },
    { name: 'publicity-notice', path: `/notices/${festival.id}` },
    { name: 'publicity-notice-edit', path: `/notices/${festival.id}/edit` },
    {
      name: 'publicity-notice-errors',
      path: '/notices/new',
      prepare: async (page) => {
        await page.locator('#f-body').fill('<script>alert(1)</script>');
        await page.getByRole('button', { name: '保存', exact: true }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'publicity-entries', path: '/publicity' },
    { name: 'publicity-entry', path: `/publicity/${entry.body.id}` },
    { name: 'publicity-entry-edit', path: `/publicity/${entry.body.id}/edit` },
    { name: 'publicity-statistics', path: '/statistics' },
    { name: 'publicity-profile', path: '/profile' },
  ];
  const variants = [
    { size: 'desktop', viewport: DESKTOP },
    { size: 'phone', viewport: PHONE },
  ] as const;
  for (const variant of variants) {
    const page = await hall.newPage({ viewport: variant.viewport, deviceScaleFactor: 1 });
    await signIn(hall, page, admin.username, admin.password);
    for (const shot of shots) {
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
