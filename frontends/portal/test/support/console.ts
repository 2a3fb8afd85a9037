/**
 * The staff console beside the portal, for journeys that cross both front ends against the same
 * services: its build started on a free port, signing in, and staff accounts of a station made
 * by identity's operator as a station would be staffed.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OPERATOR, startApp, type FrontendApp, type Hall, type Teardown } from './hall';

const consoleApp: FrontendApp = {
  dir: join(import.meta.dirname, '../../../console'),
  name: 'console',
};

export interface StaffAccount {
  username: string;
  password: string;
  name: string;
}

export interface StaffConsole {
  url: string;
  /** Opens a console path and waits until it is hydrated. */
  goto(page: Page, path: string): Promise<void>;
  signIn(page: Page, who: StaffAccount): Promise<void>;
  /** A new staff member of `station` with `roles`, made through identity's operator. */
  newStaff(name: string, roles: string[]): Promise<StaffAccount>;
}

/** The console built against `env` (the services' URLs), its staff made at `station`. */
export async function startStaffConsole(
  t: Teardown,
  hall: Hall,
  env: Record<string, string>,
  station = 'cq',
): Promise<StaffConsole> {
  const { url } = await startApp(t, consoleApp, env);
  const { accessToken: operatorToken } = await hall.api<{ accessToken: string }>(
    'POST',
    '/staff/sessions',
    OPERATOR,
  );
  let staffSequence = 0;
  const goto = async (page: Page, path: string) => {
    await page.goto(`${url}${path}`);
    await page.waitForSelector('html[data-js="ready"]', { state: 'attached' });
  };
  return {
    url,
    goto,
    async signIn(page, who) {
      await goto(page, '/login');
      await page.locator('#f-username').fill(who.username);
      await page.locator('#f-password').fill(who.password);
      await Promise.all([
        page.waitForURL((u) => u.pathname !== '/login'),
        page.getByRole('button', { name: '登录', exact: true }).click(),
      ]);
    },
    async newStaff(name, roles) {
      staffSequence += 1;
      const username = `st${roles[0]!.slice(0, 3)}${process.pid % 10000}${staffSequence}`;
      const password = 'Journey#2026ok';
      await hall.api(
        'POST',
        `/stations/${station}/staff`,
        { username, password, name, roles },
        operatorToken,
      );
      return { username, password, name };
    },
  };
}

/** A fresh browser context (own cookies) with generous waits for a loaded machine. */
export async function openPage(
  hall: Hall,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const page = await hall.newPage(options);
  page.context().setDefaultTimeout(30_000);
  page.context().setDefaultNavigationTimeout(60_000);
  return page;
}
