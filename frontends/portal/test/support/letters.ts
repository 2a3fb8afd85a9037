/**
 * What the portal's 我要问 / 信件答复 tests share: the hall with the catalog (cq and yuzhong
 * seeded: their departments), the materials service and the letters service (and the Q&A robot
 * when asked); letters written straight through the letters API for tests about something else;
 * a 信件办理人员 (role `letters`, made by identity's operator) who replies through the staff API
 * (the console that drives it is built elsewhere); reading the one-shot success dialog.
 */
import type { Page } from 'playwright-core';
import { newStaffToken } from './apply';
import { startHall, type Hall, type Teardown, type TestHallOptions } from './hall';

export interface LettersHall extends Hall {
  catalogUrl: string;
  materialsUrl: string;
  lettersUrl: string;
  /** The id of a department of `station` by name (the catalog's public API). */
  departmentId(station: string, name: string): Promise<string>;
  /** A person's or unit's access token. */
  userToken(username: string, password: string): Promise<string>;
  /** A letter sent through the letters API (a token ties it to its writer); its receipt. */
  submitLetter(station: string, letter: Record<string, unknown>, token?: string): Promise<Receipt>;
  /** A staff action (`reply`, `out-of-scope`, …) on the letter with this code, at its revision. */
  staffAction(
    station: string,
    code: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** A file in the 资料库 of the token's account (materials API); its id. */
  libraryUpload(token: string, name: string, bytes: Uint8Array): Promise<string>;
}

export interface Receipt {
  id: string;
  code: string;
  kind: string;
  receivedAt: string;
  dueAt: string;
}

export async function call<T>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(promise: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const res = await promise;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * identity, the catalog (cq and yuzhong seeded), materials, letters (rate limits raised unless
 * `lettersEnv` says otherwise) and the built portal; the robot too with `assistant`.
 */
export async function startLettersHall(
  t: Teardown,
  options: { lettersEnv?: Record<string, string>; assistant?: TestHallOptions['assistant'] } = {},
): Promise<LettersHall> {
  const hall = await startHall(t, {
    catalog: { seed: ['cq', 'yuzhong'] },
    letters: {
      env: {
        LETTERS_LOOKUP_RATE_LIMIT_PER_MINUTE: '1000',
        LETTERS_SUBMIT_RATE_LIMIT_PER_MINUTE: '1000',
        ...options.lettersEnv,
      },
    },
    ...(options.assistant ? { assistant: options.assistant } : {}),
  });
  const catalogUrl = hall.catalogUrl!;
  const materialsUrl = hall.materialsUrl!;
  const lettersUrl = hall.lettersUrl!;
  const staff = new Map<string, string>();
  const staffToken = async (station: string) => {
    const known = staff.get(station) ?? (await newStaffToken(hall.api, station, ['letters']));
    staff.set(station, known);
    return known;
  };

  return {
    ...hall,
    catalogUrl,
    materialsUrl,
    lettersUrl,
    async departmentId(station, name) {
      const { departments } = await ok(
        call<{ departments: Array<{ id: string; name: string }> }>(
          catalogUrl,
          'GET',
          `/stations/${station}/departments`,
          null,
        ),
        'departments',
      );
      const found = departments.find((d) => d.name === name);
      if (!found) throw new Error(`no department ${name} in ${station}`);
      return found.id;
    },
    async userToken(username, password) {
      return (await hall.api<{ accessToken: string }>('POST', '/sessions', { username, password }))
        .accessToken;
    },
    async submitLetter(station, letter, token) {
      return ok(
        call<Receipt>(
          lettersUrl,
          'POST',
          `/stations/${station}/letters`,
          token ?? null,
          { publicConsent: false, ...letter },
          { 'idempotency-key': crypto.randomUUID() },
        ),
        'submit letter',
      );
    },
    async staffAction(station, code, action, body) {
      const token = await staffToken(station);
      const list = await ok(
        call<{ items: Array<{ id: string; code: string }> }>(
          lettersUrl,
          'GET',
          `/admin/stations/${station}/letters?q=${code}`,
          token,
        ),
        'staff queue',
      );
      const letter = list.items.find((l) => l.code === code);
      if (!letter) throw new Error(`no letter ${code} in ${station}'s queue`);
      const detail = await ok(
        call<{ revision: number }>(
          lettersUrl,
          'GET',
          `/admin/stations/${station}/letters/${letter.id}`,
          token,
        ),
        'staff detail',
      );
      return ok(
        call<Record<string, unknown>>(
          lettersUrl,
          'POST',
          `/admin/stations/${station}/letters/${letter.id}/actions/${action}`,
          token,
          body,
          { 'if-match': `"${detail.revision}"` },
        ),
        `staff ${action}`,
      );
    },
    async libraryUpload(token, name, bytes) {
      const form = new FormData();
      form.append('file', new Blob([bytes.slice()]), name);
      const res = await fetch(`${materialsUrl}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    },
  };
}

/** The 受理编码 of the success dialog (which must hold the focus). */
export async function dialogCode(page: Page): Promise<string> {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const text = await dialog.innerText();
  const match = /提交成功！您的受理编码为：\s*(\d{20})/.exec(text);
  if (!match) throw new Error(`no code in the dialog: ${text}`);
  return match[1]!;
}

/** Whether the focus is on the success dialog (or inside it). */
export function dialogHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const dialog = document.querySelector('[role="alertdialog"]');
    return !!dialog && dialog.contains(document.activeElement);
  });
}
