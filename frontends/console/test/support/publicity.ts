/**
 * The hall for the 信息发布 / 统计 browser tests: identity, the catalog (渝中区's and the
 * municipality's demo departments) and the publicity service in this process (one NATS
 * namespace, fresh databases), with the submissions and materials services when asked, the BUILT
 * console against them, and Chromium. Set-up and checks go through the services' HTTP APIs.
 */
import { startTestHall, type Teardown } from '@hall/web/testing';
import type { Page } from 'playwright-core';
import { consoleApp, consoleHall, newUsername, PASSWORD, type Hall } from './hall';

export { call, pdfFile, pngFile, waitFor } from './cases';

export interface PublicityHall extends Hall {
  catalogUrl: string;
  publicityUrl: string;
}

/** Everything for one test file; stopped when the test ends. */
export async function startPublicityHall(
  t: Teardown,
  options: { submissions?: boolean } = {},
): Promise<PublicityHall & { submissionsUrl: string | null; materialsUrl: string | null }> {
  const hall = await startTestHall(t, consoleApp, {
    catalog: { seed: ['cq', 'yuzhong'] },
    publicity: {},
    ...(options.submissions ? { submissions: {} } : {}),
    // Attachments (up to 20 MB) pass through the console's form actions.
    frontendEnv: { BODY_SIZE_LIMIT: '25M' },
  });
  return {
    ...consoleHall(hall),
    catalogUrl: hall.catalogUrl!,
    publicityUrl: hall.publicityUrl!,
    submissionsUrl: hall.submissionsUrl,
    materialsUrl: hall.materialsUrl,
  };
}

export interface TestStaff {
  username: string;
  password: string;
  name: string;
  token(): Promise<string>;
}

/** A staff account of `station` with `roles`, and a function for its token. */
export async function newStaff(
  hall: Hall,
  station: string,
  name: string,
  roles: string[],
): Promise<TestStaff> {
  const username = newUsername(roles[0]!.slice(0, 5));
  await hall.createStaff(station, { username, password: PASSWORD, name, roles });
  return {
    username,
    password: PASSWORD,
    name,
    token: () => hall.staffToken(username, PASSWORD),
  };
}

/** A station's enabled departments, in order, from the catalog's public API. */
export async function departments(
  hall: PublicityHall,
  station: string,
): Promise<Array<{ id: string; name: string }>> {
  const res = await fetch(`${hall.catalogUrl}/stations/${station}/departments`);
  if (!res.ok) throw new Error(`departments of ${station}: ${res.status}`);
  return ((await res.json()) as { departments: Array<{ id: string; name: string }> }).departments;
}

/** A call to the publicity service: status and parsed body (no throwing: tests check both). */
export async function publicity<T = unknown>(
  hall: PublicityHall,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; revision?: number } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${hall.publicityUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.revision === undefined ? {} : { 'if-match': `"${options.revision}"` }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A file: the text as it is.
  }
  return { status: res.status, body: body as T };
}

/** Uploads a file to the publicity service as staff (`token`). */
export async function uploadFile(
  hall: PublicityHall,
  token: string,
  station: string,
  name: string,
  bytes: Buffer,
  type: string,
): Promise<{ id: string; fileName: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${hall.publicityUrl}/admin/stations/${station}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text) as { id: string; fileName: string };
}

/** The station's audit entries of `event` as identity's audit API lists them. */
export async function auditEntries(
  hall: Hall,
  station: string,
  event: string,
): Promise<Array<{ event: string; targetId: string | null; actorName: string | null }>> {
  const { entries } = await hall.api<{
    entries: Array<{ event: string; targetId: string | null; actorName: string | null }>;
  }>(
    'GET',
    `/audit?station=${station}&event=${encodeURIComponent(event)}&limit=100`,
    undefined,
    await hall.operatorToken(),
  );
  return entries;
}

/** YYYY-MM-DD in Asia/Shanghai, `days` from today. */
export function shanghaiDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the page scrolls sideways (it must not at 375 px). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
