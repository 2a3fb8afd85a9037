/**
 * Screenshots of the console's 办件 pages for review (not part of the test suite):
 *
 *   pnpm --filter @hall/console build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/console/test/applications-screenshots.ts
 *
 * Starts identity, the catalog, materials and submissions and the built console as the browser
 * tests do, makes applications in every queue (two of them overdue, one completed and given a
 * 差评), and saves PNGs at desktop (1280) and phone (375) width and in 大字 / 高对比 mode to
 * docs/screenshots/console/applications-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signIn } from './support/hall';
import {
  act,
  call,
  newCitizen,
  newStaff,
  pdfFile,
  seedItem,
  startCaseHall,
  submitApplication,
  upload,
  waitFor,
} from './support/cases';

const out = join(import.meta.dirname, '../../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startCaseHall(scope);
  const admin = await newStaff(hall, 'yuzhong', '陈渝中', ['station_admin']);
  const token = await admin.token();
  const item = await seedItem(hall, 'yuzhong', token);
  const other = await seedItem(hall, 'yuzhong', token, '幼儿园教师资格认定');
  const people = await Promise.all(
    ['张晓红', '李明', '王芳', '刘洋', '陈静'].map((name) => newCitizen(hall, name)),
  );
  const DAY = 86_400_000;
  const submitted = async (who: number, daysAgo: number, which = item) => {
    hall.clock.set(new Date(Date.now() - daysAgo * DAY));
    try {
      return await submitApplication(hall, people[who]!, 'yuzhong', which);
    } finally {
      hall.clock.reset();
    }
  };

  const overdue = await submitted(0, 12);
  await submitted(1, 6, other);
  const fresh = await submitted(2, 0);
  const toAccept = await submitted(3, 1);
  await act(hall, token, 'yuzhong', toAccept.id, 'prereview', { opinion: '材料齐全。' });
  const inSupplement = await submitted(4, 2, other);
  await act(hall, token, 'yuzhong', inSupplement.id, 'request_supplement', {
    supplement: {
      materials: [other.m.deferrable],
      fields: ['answers/school'],
      note: '学历证书扫描件不清晰，请重新上传；毕业学校请填写全称。',
    },
  });
  const toComplete = await submitted(1, 3);
  await act(hall, token, 'yuzhong', toComplete.id, 'prereview');
  await act(hall, token, 'yuzhong', toComplete.id, 'accept');
  const done = await submitted(0, 4);
  await act(hall, token, 'yuzhong', done.id, 'prereview');
  await act(hall, token, 'yuzhong', done.id, 'accept', { opinion: '予以受理。' });
  const result = await upload(
    hall,
    token,
    '教师资格证书.pdf',
    pdfFile('Certificate'),
    'application/pdf',
  );
  await act(hall, token, 'yuzhong', done.id, 'complete', {
    outcome: 'approved',
    opinion: '符合条件，准予认定。',
    resultFileIds: [result.id],
    licence: {
      name: '教师资格证书',
      number: '20265001032000123',
      issuer: '重庆市渝中区教育委员会',
      validFrom: '2026-12-05',
    },
    fees: { items: [{ name: '证书工本费', amount: 10.5 }], paid: true },
  });
  await call(
    hall.submissionsUrl,
    'POST',
    `/applications/${done.id}/evaluation`,
    await people[0]!.token(),
    {
      level: 2,
      indicators: { overall: 2, efficiency: 1, guideAccuracy: 3, convenience: 2, usability: 4 },
      comment: '窗口排队时间太长，材料要求说明不清楚。',
      anonymous: false,
    },
  );
  const staffResult = await upload(
    hall,
    token,
    '准予许可决定书.pdf',
    pdfFile('Decision'),
    'application/pdf',
  );

  const app = (id: string, rest = '') => `/applications/${id}${rest}`;
  const shots: Array<{ name: string; path: string; prepare?: (page: Page) => Promise<void> }> = [
    { name: 'applications-worklist', path: '/applications' },
    {
      name: 'applications-worklist-search',
      path: `/applications?applicant=${encodeURIComponent('张晓红')}&from=2026-01-01&to=2026-02-30`,
    },
    { name: 'applications-detail', path: app(overdue.id) },
    { name: 'applications-detail-completed', path: app(done.id) },
    {
      name: 'applications-preview',
      path: app(overdue.id, `/files/${overdue.files.idCard}`),
      prepare: async (page) => {
        await waitFor('the image', async () => {
          await page.reload();
          return page
            .locator('main img')
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
        });
      },
    },
    {
      name: 'applications-preview-pdf',
      path: app(overdue.id, `/files/${overdue.files.diploma}`),
      prepare: (page) => page.waitForTimeout(1500), // the browser's PDF viewer draws late
    },
    { name: 'applications-prereview', path: app(fresh.id, '/prereview') },
    { name: 'applications-accept', path: app(toAccept.id, '/accept') },
    { name: 'applications-supplement', path: app(fresh.id, '/supplement') },
    {
      name: 'applications-supplement-errors',
      path: app(fresh.id, '/supplement'),
      prepare: async (page) => {
        await page.getByRole('button', { name: '确认补齐补正' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'applications-not-accept', path: app(fresh.id, '/not-accept') },
    {
      name: 'applications-reject-errors',
      path: app(fresh.id, '/reject'),
      prepare: async (page) => {
        await page.getByRole('button', { name: '确认驳回' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    {
      name: 'applications-complete',
      path: app(toComplete.id, `/complete?files=${staffResult.id}`),
    },
    {
      name: 'applications-complete-errors',
      path: app(toComplete.id, `/complete?files=${staffResult.id}`),
      prepare: async (page) => {
        await page.locator('#f-licenceName').fill('教师资格证书');
        await page.locator('#f-feeName0').fill('证书工本费');
        await page.locator('#f-feeAmount0').fill('十元');
        await page.getByRole('button', { name: '确认办结' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    {
      name: 'applications-conflict',
      path: app(toAccept.id, '/not-accept'),
      prepare: async (page) => {
        await page.locator('#f-reason').fill('重复申报。');
        // Someone else decides first.
        await act(hall, token, 'yuzhong', toAccept.id, 'accept');
        await page.getByRole('button', { name: '确认不予受理' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    { name: 'applications-follow-ups', path: '/follow-ups' },
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
      // The conflict can be staged once only (the application moves on).
      if (shot.name === 'applications-conflict' && variant.size !== 'desktop') continue;
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
