/**
 * What the catalog browser tests share: the hall with the catalog running, catalog's own API
 * for setting up and checking what the pages did, and small page helpers.
 */
import type { Page } from 'playwright-core';
import type { Hall } from './hall';

/** A JSON call to catalog's API with a staff token; a failure throws with status and body. */
export async function catalogApi<T = unknown>(
  hall: Hall,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${hall.catalogUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** The smallest PDF catalog accepts as a blank form (it checks the magic bytes). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Whether the page is wider than the window (something sticks out sideways on a phone). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

/**
 * The text of the error summary (role=alert) once it says `expected`: a summary left from an
 * earlier submission is not taken for the answer to this one.
 */
export async function alertText(page: Page, expected: RegExp): Promise<string> {
  const alert = page.getByRole('alert').filter({ hasText: expected }).first();
  await alert.waitFor();
  return (await alert.innerText()).trim();
}

/** A radio group's or checkbox group's error (their fieldset carries the description). */
export async function groupError(page: Page, name: string): Promise<string | null> {
  return page.locator(`#f-${name}`).evaluate((input) => {
    const group = input.closest('fieldset');
    if (!group) return null;
    const invalid =
      group.getAttribute('aria-invalid') === 'true' ||
      input.getAttribute('aria-invalid') === 'true';
    if (!invalid) return null;
    const ids = (group.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const error = ids
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('field-error'));
    return error?.textContent?.trim() ?? '';
  });
}
