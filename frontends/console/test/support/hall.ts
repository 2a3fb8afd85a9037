/**
 * The hall for a console browser test file: @hall/web/testing's (identity in-process, the BUILT
 * console on a free port, one headless Chromium) with the console's own set-up and sign-in.
 */
import { join } from 'node:path';
import {
  OPERATOR,
  runApp,
  startApp,
  startTestHall,
  type FrontendApp,
  type Teardown,
  type TestHall,
  type TestHallOptions,
} from '@hall/web/testing';
import type { StaffMember as StaffView } from '@hall/web';
import type { Page } from 'playwright-core';

export * from '@hall/web/testing';

export const consoleApp: FrontendApp = { dir: join(import.meta.dirname, '../..'), name: 'console' };

/** A staff account as a test makes it (any role names, so tests can send unknown ones). */
export interface StaffInput {
  username: string;
  password: string;
  name: string;
  mobile?: string;
  departmentId?: string | null;
  roles: string[];
}

/** A staff account as identity shows it. */
export type { StaffView };

export interface Hall extends TestHall {
  operatorToken(): Promise<string>;
  staffToken(username: string, password: string): Promise<string>;
  createStaff(station: string, input: StaffInput): Promise<StaffView>;
  listStaff(station: string): Promise<StaffView[]>;
}

/** Runs `node build` of frontends/console with `env`; resolves once it exits (for refusals). */
export const runConsole = (env: Record<string, string>) => runApp(consoleApp, env);

/** `node build` of frontends/console, on a free port, waited for until it answers. */
export const startConsole = (t: Teardown, env: Record<string, string>) =>
  startApp(t, consoleApp, env);

export async function startHall(t: Teardown, options: TestHallOptions = {}): Promise<Hall> {
  return consoleHall(await startTestHall(t, consoleApp, options));
}

/** A test hall with the console's set-up helpers (tokens, staff accounts). */
export function consoleHall(hall: TestHall): Hall {
  const staffToken = async (username: string, password: string) =>
    (await hall.api<{ accessToken: string }>('POST', '/staff/sessions', { username, password }))
      .accessToken;
  let operator: { token: string; at: number } | undefined;
  const operatorToken = async () => {
    if (!operator || Date.now() - operator.at > 5 * 60_000)
      operator = { token: await staffToken(OPERATOR.username, OPERATOR.password), at: Date.now() };
    return operator.token;
  };
  return {
    ...hall,
    operatorToken,
    staffToken,
    async createStaff(station, input) {
      return hall.api<StaffView>(
        'POST',
        `/stations/${station}/staff`,
        input,
        await operatorToken(),
      );
    },
    async listStaff(station) {
      return (
        await hall.api<{ staff: StaffView[] }>(
          'GET',
          `/stations/${station}/staff`,
          undefined,
          await operatorToken(),
        )
      ).staff;
    },
  };
}

/** Signs in through the console's 登录 page and waits to leave it. */
export async function signIn(
  hall: Hall,
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await hall.goto(page, '/login');
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: '登录', exact: true }).click(),
  ]);
}

/** The flash message (a status, never a pop-up) of the page. */
export async function notice(page: Page): Promise<string> {
  return (await page.locator('.notice[role="status"]').first().innerText()).trim();
}

let sequence = 0;
/** A username new in this process (4–20 characters, starting with a letter). */
export const newUsername = (prefix = 'staff'): string =>
  `${prefix}${process.pid % 10000}${String(++sequence).padStart(3, '0')}`;

export const PASSWORD = 'Console#2026ok';
