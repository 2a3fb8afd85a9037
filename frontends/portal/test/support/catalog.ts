/**
 * What the portal's catalog tests share: the hall with the catalog seeded for cq and two
 * districts, look-ups in the catalog's public API (to find ids, never to check the pages), an
 * editor's changes through the catalog's staff API, and reading the browsing pages.
 */
import type { Page } from 'playwright-core';
import { OPERATOR, startHall, type Hall, type Teardown } from './hall';

/** cq and the districts with demo items; jiangbei too, for station isolation. */
export const SEEDED = ['cq', 'yuzhong', 'jiangbei'] as const;

export interface CatalogHall extends Hall {
  catalogUrl: string;
  /** GET on the catalog's public API. */
  catalogGet<T = unknown>(path: string): Promise<T>;
  /** The id of the top-level (or sub-) item of `station` with exactly this name. */
  itemId(station: string, name: string): Promise<string>;
  /** The id of a department of `station` by name. */
  departmentId(station: string, name: string): Promise<string>;
  /** An editor's access token for `station` (made once per station). */
  editorToken(station: string): Promise<string>;
}

interface ListedItem {
  id: string;
  name: string;
  subItems: Array<{ id: string; name: string }>;
}

export async function startCatalogHall(t: Teardown): Promise<CatalogHall> {
  const hall = await startHall(t, { catalog: { seed: SEEDED } });
  const catalogUrl = hall.catalogUrl;
  if (!catalogUrl) throw new Error('the catalog did not start');
  const catalogGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${catalogUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const editors = new Map<string, string>();
  return {
    ...hall,
    catalogUrl,
    catalogGet,
    async itemId(station, name) {
      const { items } = await catalogGet<{ items: ListedItem[] }>(
        `/stations/${station}/items?pageSize=100&q=${encodeURIComponent(name)}`,
      );
      for (const item of items) {
        if (item.name === name) return item.id;
        const sub = item.subItems.find((s) => s.name === name);
        if (sub) return sub.id;
      }
      throw new Error(`no item ${name} in ${station}`);
    },
    async departmentId(station, name) {
      const { departments } = await catalogGet<{
        departments: Array<{ id: string; name: string }>;
      }>(`/stations/${station}/departments`);
      const found = departments.find((d) => d.name === name);
      if (!found) throw new Error(`no department ${name} in ${station}`);
      return found.id;
    },
    async editorToken(station) {
      const known = editors.get(station);
      if (known) return known;
      const { accessToken: operator } = await hall.api<{ accessToken: string }>(
        'POST',
        '/staff/sessions',
        OPERATOR,
      );
      const username = `editor_${station}_${Date.now() % 100000}`;
      const password = 'Editor#2026pass';
      await hall.api(
        'POST',
        `/stations/${station}/staff`,
        { username, password, name: '事项编辑', roles: ['editor'] },
        operator,
      );
      const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/staff/sessions', {
        username,
        password,
      });
      editors.set(station, accessToken);
      return accessToken;
    },
  };
}

/** The "共 N 项" of a list. */
export async function listTotal(page: Page): Promise<number> {
  return Number(await page.locator('.total strong').innerText());
}

/** The names of the top-level items listed on the page (list or table). */
export function listedNames(page: Page): Promise<string[]> {
  return page.locator('.item-list > li h3, .catalog-table tbody th.name > a').allInnerTexts();
}

/** The count shown on a side-navigation or choice link ("3项" read as 3). */
export async function countOf(link: ReturnType<Page['locator']>): Promise<number> {
  return Number((await link.locator('.count').innerText()).replace(/\D/g, ''));
}

/** How far the page scrolls sideways (0 when nothing overflows). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * Runs `action` (a click or key press that follows a link or submits a GET form) and waits until
 * the page shows the result. Without JavaScript that is the new page's load. With it, SvelteKit
 * updates the address before it renders, so the address says nothing; but once it has rendered
 * it resets the focus to the document body, which is the signal waited for here.
 */
export async function follow(page: Page, action: () => Promise<unknown>): Promise<void> {
  const scripted = await page.evaluate(() => document.documentElement.dataset.js === 'ready');
  if (!scripted) {
    await Promise.all([page.waitForEvent('load'), action()]);
    return;
  }
  await page.evaluate(() => {
    const w = window as Window & { hallNavigated?: boolean };
    w.hallNavigated = false;
    document.body.addEventListener('focus', () => (w.hallNavigated = true), { once: true });
  });
  await action();
  await page.waitForFunction(() => (window as Window & { hallNavigated?: boolean }).hallNavigated);
}
