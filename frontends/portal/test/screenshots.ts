/**
 * Screenshots of the portal for review (not part of the test suite):
 *
 *   pnpm --filter @hall/portal build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/portal/test/screenshots.ts
 *
 * Starts identity on a fresh test database and the built portal as the browser tests do, and
 * saves PNGs of the main pages at desktop (1280) and phone (375) width to
 * docs/screenshots/portal/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { badCreditCode, badIdNumber, newPerson, newUnit } from './support/data';
import { DESKTOP, fillForm, PHONE, signIn, startHall } from './support/hall';

const out = join(import.meta.dirname, '../../../docs/screenshots/portal');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startHall(scope, { catalog: { seed: ['cq', 'yuzhong'] } });
  const person = {
    ...newPerson(),
    username: 'zhangsan',
    realName: '张三',
    idNumber: '500103199001011232',
    mobile: '13812345678',
  };
  await hall.createPerson(person);

  const shots: Array<{
    name: string;
    path: string;
    prepare?: (page: Page) => Promise<void>;
    signedIn?: boolean;
    elder?: boolean;
  }> = [
    { name: 'home', path: '/cq' },
    { name: 'station-switcher', path: '/cq/stations?from=%2Fregister%2Fperson' },
    {
      name: 'register-person',
      path: '/cq/register/person',
      prepare: async (page) => {
        await fillForm(page, { username: 'lisi2026', password: 'Lisi#2026pass', realName: '李四' });
        await page.locator('#f-realName').blur();
      },
    },
    {
      name: 'register-unit-errors',
      path: '/cq/register/unit',
      prepare: async (page) => {
        const unit = {
          ...newUnit(),
          creditCode: badCreditCode(),
          legalRepIdNumber: badIdNumber(),
          operatorMobile: '1380000',
        };
        const { password, ...rest } = unit;
        await fillForm(page, { ...rest, password, passwordConfirm: password });
        await page.getByRole('button', { name: '注册', exact: true }).click();
        await page.getByRole('alert').waitFor();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      },
    },
    { name: 'login', path: '/cq/login' },
    { name: 'profile', path: '/cq/space/profile', signedIn: true },
    { name: 'elder-mode', path: '/cq/space/profile', signedIn: true, elder: true },
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
      if (shot.signedIn) await signIn(hall, page, person.username, person.password);
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
