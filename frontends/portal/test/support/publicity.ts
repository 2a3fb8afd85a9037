/**
 * What the portal's 我要看 tests share: the hall with the catalog (cq and yuzhong seeded), the
 * materials, submissions and publicity services; staff made by identity's operator who act through
 * the publicity staff API (`editor` for notices and 公示, `station_admin` for the profile; the
 * console that drives them is built elsewhere); applications submitted through the submissions
 * API by citizens, for 办件公告 and the statistics; polling a page until events have arrived.
 */
import type { Page } from 'playwright-core';
import {
  API_ANSWERS,
  API_BASIC,
  applicationAction,
  call,
  ok,
  pdfBytes,
  publishTestItem,
  staffTokens,
  type TestItem,
} from './apply';
import { newPerson, type TestPerson } from './data';
import { startHall, type Hall, type Teardown } from './hall';

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface PublicityHall extends Hall {
  catalogUrl: string;
  materialsUrl: string;
  submissionsUrl: string;
  publicityUrl: string;
  /** A staff member's access token at `station` with `roles` (made once per station and roles). */
  staffToken(station: string, roles: string[]): Promise<string>;
  /** A call to the publicity service's API; a failure throws with the status and body. */
  publicityCall<T = unknown>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  /** An attachment uploaded by an editor of `station`. */
  upload(station: string, name: string, bytes: Uint8Array): Promise<Attachment>;
  /** A notice written by an editor of `station`, published unless `draft`, pinned with `pinned`. */
  notice(
    station: string,
    body: { title: string; body: string; attachmentIds?: string[] },
    options?: { draft?: boolean; pinned?: boolean },
  ): Promise<{ id: string }>;
  /** A 公示 entry written and published by an editor of `station`. */
  entry(station: string, body: Record<string, unknown>): Promise<{ id: string }>;
  /** The id of a department of `station` by name (the catalog's public API). */
  departmentId(station: string, name: string): Promise<string>;
  /** An item published at `station` through the catalog's staff API, by `department` (a name). */
  publishItem(station: string, name: string, department?: string): Promise<TestItem>;
  /** A new citizen with an access token. */
  citizen(realName?: string): Promise<TestPerson & { token: string }>;
  /** A submitted application of `who` for `item` at `station`; its id and serial. */
  apply(
    station: string,
    who: TestPerson & { token: string },
    item: TestItem,
  ): Promise<{ id: string; serial: string }>;
  /** A staff action on an application through the submissions API, at its current revision. */
  staffAction(
    station: string,
    id: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<void>;
}

/** A call to a service's API; a failure throws with the status and body. */
const request = <T>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> => ok(call<T>(base, method, path, token, body, headers), `${method} ${path}`);

/** identity, the catalog (cq and yuzhong seeded), materials, submissions, publicity, the portal. */
export async function startPublicityHall(t: Teardown): Promise<PublicityHall> {
  const hall = await startHall(t, {
    catalog: { seed: ['cq', 'yuzhong'] },
    submissions: { env: { PROGRESS_RATE_LIMIT_PER_MINUTE: '1000' } },
    publicity: {},
  });
  const catalogUrl = hall.catalogUrl!;
  const materialsUrl = hall.materialsUrl!;
  const submissionsUrl = hall.submissionsUrl!;
  const publicityUrl = hall.publicityUrl!;
  const staffToken = staffTokens(hall.api);
  const publicityCall = <T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => request<T>(publicityUrl, method, path, token, body, headers);
  const editor = (station: string) => staffToken(station, ['editor']);
  async function departmentId(station: string, name: string): Promise<string> {
    const { departments } = await request<{ departments: Array<{ id: string; name: string }> }>(
      catalogUrl,
      'GET',
      `/stations/${station}/departments`,
      null,
    );
    const found = departments.find((d) => d.name === name);
    if (!found) throw new Error(`no department ${name} in ${station}`);
    return found.id;
  }

  return {
    ...hall,
    catalogUrl,
    materialsUrl,
    submissionsUrl,
    publicityUrl,
    staffToken,
    publicityCall,
    async upload(station, name, bytes) {
      const form = new FormData();
      form.append('file', new Blob([bytes.slice()]), name);
      return publicityCall(
        'POST',
        `/admin/stations/${station}/attachments`,
        await editor(station),
        form,
      );
    },
    async notice(station, body, options = {}) {
      const token = await editor(station);
      const at = `/admin/stations/${station}/notices`;
      let notice = await publicityCall<{ id: string; revision: number }>('POST', at, token, body);
      const act = async (action: string) => {
        notice = await publicityCall('POST', `${at}/${notice.id}/${action}`, token, undefined, {
          'if-match': `"${notice.revision}"`,
        });
      };
      if (!options.draft) await act('publish');
      if (options.pinned) await act('pin');
      return { id: notice.id };
    },
    async entry(station, body) {
      const token = await editor(station);
      const at = `/admin/stations/${station}/publicity`;
      const entry = await publicityCall<{ id: string; revision: number }>('POST', at, token, body);
      await publicityCall('POST', `${at}/${entry.id}/publish`, token, undefined, {
        'if-match': `"${entry.revision}"`,
      });
      return { id: entry.id };
    },
    departmentId,
    async publishItem(station, name, department) {
      return publishTestItem(catalogUrl, await editor(station), station, {
        name,
        ...(department ? { departmentId: await departmentId(station, department) } : {}),
      });
    },
    async citizen(realName = '张晓红') {
      const person = { ...newPerson(), realName };
      await hall.api('POST', '/accounts/person', person);
      const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/sessions', {
        username: person.username,
        password: person.password,
      });
      return { ...person, token: accessToken };
    },
    async apply(station, who, item) {
      const draft = await request<{ id: string; revision: number }>(
        submissionsUrl,
        'POST',
        `/stations/${station}/applications`,
        who.token,
        { itemId: item.id },
      );
      const form = new FormData();
      form.append('file', new Blob([pdfBytes('id card').slice()]), '身份证.pdf');
      const file = await request<{ id: string }>(materialsUrl, 'POST', '/files', who.token, form);
      const saved = await request<{ revision: number }>(
        submissionsUrl,
        'PATCH',
        `/applications/${draft.id}`,
        who.token,
        {
          step: 'materials',
          basic: { ...API_BASIC, name: who.realName, idNumber: who.idNumber, mobile: who.mobile },
          answers: API_ANSWERS,
          materials: [
            { materialId: item.m.required, provision: 'upload', fileIds: [file.id] },
            { materialId: item.m.deferrable, provision: 'deferred' },
          ],
        },
        { 'if-match': `"${draft.revision}"` },
      );
      const receipt = await request<{ serial: string }>(
        submissionsUrl,
        'POST',
        `/applications/${draft.id}/submit`,
        who.token,
        undefined,
        { 'if-match': `"${saved.revision}"` },
      );
      return { id: draft.id, serial: receipt.serial };
    },
    async staffAction(station, id, action, body) {
      const token = await staffToken(station, ['clerk', 'approver']);
      await applicationAction(submissionsUrl, token, station, id, action, body);
    },
  };
}

/**
 * Opens `path` again and again until `ready` says the page shows what events have yet to bring
 * (about 10 s at most); the last page is left open either way, for the test to assert on.
 */
export async function reloadUntil(
  hall: Hall,
  page: Page,
  path: string,
  ready: () => Promise<boolean>,
  ms = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    await hall.goto(page, path);
    if (await ready()) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(250);
  }
}

/** Today in Asia/Shanghai, YYYY-MM-DD (the service's day). */
export function shanghaiDay(offsetDays = 0): string {
  const at = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}
