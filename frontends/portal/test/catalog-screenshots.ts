/**
 * Screenshots of the portal's catalog pages for review (not part of the test suite):
 *
 *   pnpm --filter @hall/portal build
 *   set -a; . .data/services/env; set +a
 *   node --import tsx frontends/portal/test/catalog-screenshots.ts
 *
 * Starts identity and the catalog (demo catalog of cq and yuzhong) on fresh test databases and
 * the built portal as the browser tests do, and saves PNGs at desktop (1280) and phone (375)
 * width to docs/screenshots/portal/catalog-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { newPerson } from './support/data';
import { startCatalogHall } from './support/catalog';
import { DESKTOP, PHONE, signIn } from './support/hall';

const out = join(import.meta.dirname, '../../../docs/screenshots/portal');
mkdirSync(out, { recursive: true });

const cleanups: Array<() => unknown> = [];
const scope = { teardown: (fn: () => unknown) => void cleanups.push(fn) };

try {
  const hall = await startCatalogHall(scope);
  const person = { ...newPerson(), username: 'zhangsan', realName: '张三' };
  await hall.createPerson(person);
  const education = await hall.departmentId('cq', '市教委');
  const development = await hall.departmentId('cq', '市发展改革委');
  const passenger = await hall.itemId('cq', '道路旅客运输经营许可');
  const teacher = await hall.itemId('cq', '高级中学教师资格认定');

  const openSubItems = async (page: Page) => {
    await page
      .locator('.catalog-table tbody > tr', { hasText: '中等及中等以上学校教师资格认定' })
      .locator('summary')
      .click();
  };
  const shots: Array<{
    name: string;
    path: string;
    prepare?: (page: Page) => Promise<void>;
    signedIn?: boolean;
    elder?: boolean;
  }> = [
    { name: 'catalog-personal', path: '/cq/personal' },
    { name: 'catalog-personal-department', path: `/cq/personal?department=${education}` },
    { name: 'catalog-business-types', path: '/cq/business?by=type&powerType=01&online=1' },
    { name: 'catalog-list', path: `/cq/catalog?department=${education}`, prepare: openSubItems },
    {
      name: 'catalog-list-search',
      path: '/cq/catalog?q=%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E4%BA%8B%E9%A1%B9',
    },
    { name: 'catalog-list-elder', path: '/cq/catalog?by=type&powerType=01', elder: true },
    { name: 'catalog-department', path: `/cq/departments/${development}?powerType=01` },
    { name: 'catalog-guide', path: `/cq/items/${passenger}` },
    { name: 'catalog-guide-sub-item', path: `/cq/items/${teacher}` },
    { name: 'catalog-apply', path: `/cq/items/${teacher}/apply`, signedIn: true },
    { name: 'catalog-apply-wrong-account', path: `/cq/items/${passenger}/apply`, signedIn: true },
    { name: 'catalog-stations', path: '/cq/stations' },
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
