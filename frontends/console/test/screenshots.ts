/**
 * Screenshots of the console for review (not part of the test suite):
 *
 *   pnpm --filter @hall/console build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/console/test/screenshots.ts
 *
 * Starts identity on a fresh test database and the built console as the browser tests do, and
 * saves PNGs of the main pages at desktop (1280) and phone (375) width to
 * docs/screenshots/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, fillForm, OPERATOR, PASSWORD, PHONE, signIn, startHall } from './support/hall';

const out = join(import.meta.dirname, '../../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startHall(scope);
  const admin = { username: 'yzadmin', password: 'Yz#Admin2026', name: '陈渝中' };
  await hall.createStaff('yuzhong', { ...admin, mobile: '13900001111', roles: ['station_admin'] });
  const people: Array<[string, string, string[], string | null, string]> = [
    ['lishouli', '李受理', ['clerk'], 'dept-gongan', '13812345678'],
    ['wangshenpi', '王审批', ['approver', 'clerk'], 'dept-shichang', '13700002222'],
    ['zhaoxinjian', '赵信件', ['letters'], null, '13600003333'],
    ['sunfabu', '孙发布', ['editor'], null, '13500004444'],
  ];
  for (const [username, name, roles, departmentId, mobile] of people) {
    await hall.createStaff('yuzhong', {
      username,
      password: PASSWORD,
      name,
      roles,
      departmentId,
      mobile,
    });
  }
  // Some history for the audit log: sign-ins, a wrong password, a disabled account.
  await hall.staffToken(admin.username, admin.password);
  await hall.staffToken('lishouli', PASSWORD);
  await fetch(`${hall.identityUrl}/staff/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'wangshenpi', password: 'Wrong#pass2026' }),
  });
  const sun = (await hall.listStaff('yuzhong')).find((s) => s.username === 'sunfabu')!;
  await hall.api(
    'PATCH',
    `/stations/yuzhong/staff/${sun.id}`,
    { enabled: false },
    await hall.operatorToken(),
  );
  await hall.api('PATCH', '/stations/wansheng', { enabled: false }, await hall.operatorToken());

  const shots: Array<{
    name: string;
    path: string;
    who?: { username: string; password: string };
    prepare?: (page: Page) => Promise<void>;
    elder?: boolean;
  }> = [
    { name: 'sign-in', path: '/login' },
    { name: 'home', path: '/', who: admin },
    { name: 'staff-list', path: '/staff', who: admin },
    {
      name: 'create-staff-errors',
      path: '/staff/new',
      who: admin,
      prepare: async (page) => {
        await fillForm(page, {
          username: '9zhang',
          password: 'zhangsan123',
          name: '张',
          mobile: '1380000',
        });
        await page.getByRole('button', { name: '保存' }).click();
        await page.getByRole('alert').waitFor();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      },
    },
    { name: 'audit-log', path: '/audit', who: admin },
    { name: 'staff-disable-confirm', path: `/staff/${sun.id}/status`, who: admin },
    { name: 'operator-stations', path: '/stations', who: OPERATOR },
    { name: 'elder-mode', path: '/staff', who: admin, elder: true },
  ];

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const page = await hall.newPage({ viewport, deviceScaleFactor: 1 });
    for (const shot of shots) {
      await page.context().clearCookies();
      if (shot.elder) {
        await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
      }
      if (shot.who) await signIn(hall, page, shot.who.username, shot.who.password);
      await hall.goto(page, shot.path);
      await shot.prepare?.(page);
      const file = join(out, `${shot.name}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`saved ${file}\n`);
    }
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
