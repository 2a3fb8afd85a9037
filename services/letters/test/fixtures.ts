import { addDepartment } from '@hall/catalog/test/fixtures';
import type { LightMyRequestResponse } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { departments } from '../src/db/schema';
import type { Auth, TestLetters } from './helper';
import { waitFor } from './helper';

export const MOBILE = '13812345678';

export interface Department {
  id: string;
  name: string;
}

/**
 * A department of `station` in the catalog, once the letters service's read model has it (from
 * the department_changed event), so later steps do not depend on the event's timing.
 */
export async function department(
  hall: TestLetters,
  station = 'yuzhong',
  name = '交通运输委',
): Promise<Department> {
  const editor = await hall.catalog.tokens.staff(station, ['editor']);
  const created = await addDepartment(hall.catalog.app, editor, station, {
    code: `D${uuidv4().slice(0, 8)}`,
    name,
  });
  await waitFor('the department in the read model', async () => {
    const rows = await hall.app.database.withAllStations((tx) => tx.select().from(departments));
    return rows.some((d) => d.id === created.id);
  });
  return { id: created.id, name: created.name };
}

export type Kind = 'consultation' | 'complaint' | 'suggestion';

/** A valid letter body of `kind` (to `departmentId` when given). */
export function letterBody(
  kind: Kind,
  departmentId?: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind,
    ...(departmentId ? { departmentId } : {}),
    subject: {
      consultation: '道路运输许可咨询',
      complaint: '窗口办事效率低',
      suggestion: '增加夜间办理',
    }[kind],
    content: '请问办理道路运输经营许可需要准备哪些材料，多久可以办好？',
    contactName: '张三',
    mobile: MOBILE,
    publicConsent: true,
    ...overrides,
  };
}

export function submit(
  hall: TestLetters,
  station: string,
  body: Record<string, unknown>,
  options: { auth?: Auth; key?: string } = {},
): Promise<LightMyRequestResponse> {
  return hall.app.inject({
    method: 'POST',
    url: `/stations/${station}/letters`,
    headers: {
      ...(options.auth ?? {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    payload: body,
  });
}

export interface Receipt {
  id: string;
  code: string;
  kind: Kind;
  receivedAt: string;
  dueAt: string;
}

/** Submit and expect 201; the receipt. */
export async function submitted(
  hall: TestLetters,
  station: string,
  body: Record<string, unknown>,
  options: { auth?: Auth; key?: string } = {},
): Promise<Receipt> {
  const res = await submit(hall, station, body, options);
  if (res.statusCode !== 201) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return res.json<Receipt>();
}

export interface StaffView {
  id: string;
  revision: number;
  state: string;
  allowedActions: string[];
  [key: string]: unknown;
}

export async function staffView(
  hall: TestLetters,
  staff: Auth,
  station: string,
  id: string,
): Promise<StaffView> {
  const res = await hall.app.inject({
    url: `/admin/stations/${station}/letters/${id}`,
    headers: staff,
  });
  if (res.statusCode !== 200) throw new Error(`view: ${res.statusCode} ${res.body}`);
  return res.json<StaffView>();
}

/** A staff action through HTTP, at the letter's current revision unless one is given. */
export async function act(
  hall: TestLetters,
  staff: Auth,
  station: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  revision?: number,
): Promise<LightMyRequestResponse> {
  const rev = revision ?? (await staffView(hall, staff, station, id)).revision;
  return hall.app.inject({
    method: 'POST',
    url: `/admin/stations/${station}/letters/${id}/actions/${action}`,
    headers: { ...staff, 'if-match': `"${rev}"` },
    payload: body,
  });
}

export function lookup(
  hall: TestLetters,
  station: string,
  code: string,
  mobile: string,
): Promise<LightMyRequestResponse> {
  return hall.app.inject({
    method: 'POST',
    url: `/stations/${station}/letters/lookup`,
    payload: { code, mobile },
  });
}
