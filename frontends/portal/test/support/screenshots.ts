/**
 * What the portal's screenshot scripts share (they are run by hand for review, not by the test
 * suite): the folder the PNGs go to, a scope whose clean-ups run when the script ends, and the
 * three sizes every page is shot at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, type TestHall, type Teardown } from './hall';

const out = join(import.meta.dirname, '../../../../docs/screenshots/portal');

/** Runs a script with a clean-up scope, cleaning up even when it fails. */
export async function screenshotScript(script: (scope: Teardown) => Promise<void>): Promise<void> {
  mkdirSync(out, { recursive: true });
  const cleanups: Array<() => unknown> = [];
  try {
    await script({ teardown: (fn) => void cleanups.push(fn) });
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}

export interface ScreenshotSize {
  page: Page;
  /** Whether the page is in 大字 mode (its cookie is set on the fresh page). */
  elder: boolean;
  /** Saves the whole page as docs/screenshots/portal/<prefix>-<name>-<size>.png. */
  shot: (name: string) => Promise<void>;
}

/** `visit` once at desktop (1280), phone (375) and phone in 大字 mode, each on a fresh page. */
export async function atEverySize(
  hall: Pick<TestHall, 'newPage' | 'url'>,
  prefix: string,
  visit: (size: ScreenshotSize) => Promise<void>,
): Promise<void> {
  for (const [size, viewport, elder] of [
    ['desktop', DESKTOP, false],
    ['phone', PHONE, false],
    ['elder', PHONE, true],
  ] as const) {
    const page = await hall.newPage({ viewport, deviceScaleFactor: 1 });
    if (elder) await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
    const shot = async (name: string) => {
      const file = join(out, `${prefix}-${name}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`saved ${file}\n`);
    };
    await visit({ page, elder, shot });
    await page.context().close();
  }
}
