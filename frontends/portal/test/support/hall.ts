/**
 * The hall for a portal browser test file: @hall/web/testing's (identity in-process, the BUILT
 * portal on a free port, one headless Chromium) with the portal's own set-up and sign-in.
 */
import { join } from 'node:path';
import {
  startApp,
  startTestHall,
  type FrontendApp,
  type Teardown,
  type TestHall,
  type TestHallOptions,
} from '@hall/web/testing';
import type { Page } from 'playwright-core';
import type { TestPerson, TestUnit } from './data';

export * from '@hall/web/testing';

const portal: FrontendApp = { dir: join(import.meta.dirname, '../..'), name: 'portal' };

export interface Hall extends TestHall {
  /** Accounts made straight through identity's API, for tests about something else. */
  createPerson(person: TestPerson): Promise<void>;
  createUnit(unit: TestUnit): Promise<void>;
  setSecurityQuestions(
    username: string,
    password: string,
    qa: Array<{ question: string; answer: string }>,
  ): Promise<void>;
}

/** `node build` of frontends/portal, on a free port, waited for until it answers. */
export const startPortal = (t: Teardown, env: Record<string, string>) => startApp(t, portal, env);

export async function startHall(t: Teardown, options: TestHallOptions = {}): Promise<Hall> {
  const hall = await startTestHall(t, portal, options);
  return {
    ...hall,
    async createPerson(person) {
      await hall.api('POST', '/accounts/person', person);
    },
    async createUnit(unit) {
      await hall.api('POST', '/accounts/unit', unit);
    },
    async setSecurityQuestions(username, password, questions) {
      const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/sessions', {
        username,
        password,
      });
      await hall.api(
        'PUT',
        '/me/security-questions',
        { currentPassword: password, questions },
        accessToken,
      );
    },
  };
}

/** Signs in through the 登录 page of a station. */
export async function signIn(
  hall: Hall,
  page: Page,
  username: string,
  password: string,
  station = 'cq',
): Promise<void> {
  await hall.goto(page, `/${station}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel(/^密码/).fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/login')),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
}
