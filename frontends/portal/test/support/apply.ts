/**
 * What the portal's 在线申报 tests share: the hall with the catalog (cq seeded), the materials
 * and the submissions services; an item published through the catalog's staff API with a
 * business form and one material of each kind; staff of cq (受理人员 and 审批人员) who act through
 * the submissions HTTP API (the console that drives them is built elsewhere); small real files.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { OPERATOR, startHall, type Hall, type Teardown, type TestHallOptions } from './hall';

export interface ApplyHall extends Hall {
  catalogUrl: string;
  materialsUrl: string;
  submissionsUrl: string;
  /** A staff member's access token at `station` with `roles` (made once per station and roles). */
  staffToken(station: string, roles: string[]): Promise<string>;
  /** A citizen's or unit's access token (for API calls a test is not about). */
  userToken(username: string, password: string): Promise<string>;
  /** Publishes a new item at `station` (see `TestItem`), returning its id and material ids. */
  publishItem(station: string, options?: ItemOptions): Promise<TestItem>;
  /** A staff action on an application through the submissions API, at its current revision. */
  staffAction(
    station: string,
    id: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** A staff upload (结果材料) through the materials API; the file id. */
  staffUpload(station: string, name: string, bytes: Uint8Array): Promise<string>;
  /** A citizen upload to their 资料库 through the materials API; the file id. */
  libraryUpload(token: string, name: string, bytes: Uint8Array): Promise<string>;
}

export interface ItemOptions {
  name?: string;
  serviceObjects?: Array<'person' | 'legal'>;
  /** Without a business form. */
  noForm?: boolean;
  /** The implementing department (the station's first when absent). */
  departmentId?: string;
}

export interface TestItem {
  id: string;
  name: string;
  /** 必要 本地上传 (pdf/jpg/png ≤ 5 MB), 容缺后补 本地上传 (pdf), 窗口提交, 非必要 本地上传 (pdf/jpg/png). */
  m: { required: string; deferrable: string; window: string; optional: string };
}

/** The test business form: 字号名称 *, 注册资金（万元） * (1–100000), 经营范围 *, 开业日期, 联系电话. */
export const TEST_FORM = {
  type: 'object',
  title: '个体工商户开业登记申请表',
  required: ['shopName', 'capital', 'scope'],
  properties: {
    shopName: { type: 'string', title: '字号名称', maxLength: 40, 'x-widget': 'text' },
    capital: {
      type: 'number',
      title: '注册资金（万元）',
      minimum: 1,
      maximum: 100000,
      'x-widget': 'number',
    },
    scope: { type: 'string', title: '经营范围', maxLength: 500, 'x-widget': 'textarea' },
    openDate: { type: 'string', format: 'date', title: '开业日期', 'x-widget': 'date' },
    phone: { type: 'string', title: '经营场所电话', 'x-widget': 'phone' },
  },
  'x-order': ['shopName', 'capital', 'scope', 'openDate', 'phone'],
};

let implSequence = 0;
let staffSequence = 0;

function definition(departmentId: string, m: TestItem['m'], options: ItemOptions) {
  implSequence += 1;
  const material = (over: Record<string, unknown>) => ({
    id: randomUUID(),
    name: '材料',
    media: ['electronic'],
    necessity: 'required',
    collection: 'upload',
    fileTypes: ['pdf', 'jpg', 'png'],
    maxSizeMb: 5,
    copies: 0,
    blankFormId: null,
    sampleId: null,
    notes: '',
    ...over,
  });
  return {
    name: options.name ?? '个体工商户开业登记',
    basicCode: '000101001000',
    implCode: `PT${Date.now() % 1_000_000}${implSequence}`,
    powerType: '01',
    departmentId,
    parentId: null,
    level: 'municipal',
    handlingType: 'promised',
    legalTimeLimit: { value: 15, unit: 'workday' },
    promisedTimeLimit: { value: 5, unit: 'workday' },
    basis: '《促进个体工商户发展条例》第九条',
    conditions: '有经营能力的公民，依法登记。',
    process: '网上申报 → 预审 → 受理 → 审查 → 办结',
    location: '重庆市政务服务中心市场监管局窗口',
    hours: '工作日 9:00–12:00，13:00–17:00',
    consultation: '023-12345678',
    supervision: '023-12345000',
    fee: { charged: false, standard: '', basis: '' },
    serviceObjects: options.serviceObjects ?? ['person', 'legal'],
    visits: 0,
    online: true,
    onlineDepth: 4,
    notice:
      '请如实填写申请信息，上传清晰的材料扫描件。\n容缺后补的材料可在网上预受理后到窗口补交。',
    materials: [
      material({ id: m.required, name: '经营者居民身份证', notes: '正反面彩色扫描件' }),
      material({
        id: m.deferrable,
        name: '经营场所使用证明',
        necessity: 'deferrable',
        fileTypes: ['pdf'],
      }),
      material({
        id: m.window,
        name: '个体工商户开业登记申请书（签字原件）',
        collection: 'window',
        media: ['paper'],
        copies: 1,
        fileTypes: [],
        maxSizeMb: 10,
      }),
      material({ id: m.optional, name: '其他补充材料', necessity: 'optional' }),
    ],
    form: options.noForm ? null : TEST_FORM,
  };
}

/** A call to a service's HTTP API: a body is sent as JSON, or as it is when it is a form. */
export async function call<T>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const isForm = body instanceof FormData;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** The answer's body; a failure throws with `what`, the status and the body. */
export async function ok<T>(
  promise: Promise<{ status: number; body: T }>,
  what: string,
): Promise<T> {
  const res = await promise;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Publishes a new test item (see `TestItem`) at `station` through the catalog's staff API with an
 * editor's token; the station's first department implements it.
 */
export async function publishTestItem(
  catalogUrl: string,
  editor: string,
  station: string,
  options: ItemOptions = {},
): Promise<TestItem> {
  const { departments } = await ok(
    call<{ departments: Array<{ id: string }> }>(
      catalogUrl,
      'GET',
      `/stations/${station}/departments`,
      null,
    ),
    'departments',
  );
  const m = {
    required: randomUUID(),
    deferrable: randomUUID(),
    window: randomUUID(),
    optional: randomUUID(),
  };
  const def = definition(options.departmentId ?? departments[0]!.id, m, options);
  const head = await ok(
    call<{ id: string; revision: number }>(
      catalogUrl,
      'POST',
      `/stations/${station}/admin/items`,
      editor,
      def,
    ),
    'create item',
  );
  await ok(
    call(
      catalogUrl,
      'POST',
      `/stations/${station}/admin/items/${head.id}/publish`,
      editor,
      undefined,
      { 'if-match': `"${head.revision}"` },
    ),
    'publish item',
  );
  return { id: head.id, name: def.name, m };
}

/**
 * A new staff account of `station` with `roles`, made by identity's bootstrap operator through
 * `api` (identity's API); its access token.
 */
export async function newStaffToken(
  api: Hall['api'],
  station: string,
  roles: string[],
): Promise<string> {
  const { accessToken: operator } = await api<{ accessToken: string }>(
    'POST',
    '/staff/sessions',
    OPERATOR,
  );
  staffSequence += 1;
  const username = `st${roles.map((r) => r[0]).join('')}${staffSequence}${Date.now() % 100000}`;
  const password = 'Staff#2026pass';
  await api(
    'POST',
    `/stations/${station}/staff`,
    { username, password, name: `测试${roles.join('')}`, roles },
    operator,
  );
  const { accessToken } = await api<{ accessToken: string }>('POST', '/staff/sessions', {
    username,
    password,
  });
  return accessToken;
}

/** A staff member's access token at `station` with `roles`, made once per station and roles. */
export function staffTokens(
  api: Hall['api'],
): (station: string, roles: string[]) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (station, roles) => {
    const key = `${station}:${roles.join(',')}`;
    const known = tokens.get(key) ?? (await newStaffToken(api, station, roles));
    tokens.set(key, known);
    return known;
  };
}

/**
 * A staff action on an application through the submissions API with a 受理人员/审批人员 token, at
 * the application's current revision; the service's answer.
 */
export async function applicationAction(
  submissionsUrl: string,
  token: string,
  station: string,
  id: string,
  action: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const at = `/admin/stations/${station}/applications/${id}`;
  const detail = await ok(
    call<{ revision: number }>(submissionsUrl, 'GET', at, token),
    'staff detail',
  );
  return ok(
    call<Record<string, unknown>>(submissionsUrl, 'POST', `${at}/actions/${action}`, token, body, {
      'if-match': `"${detail.revision}"`,
    }),
    `staff ${action}`,
  );
}

/** The hall for 在线申报: identity, the catalog (cq seeded), materials, submissions, the portal. */
export async function startApplyHall(
  t: Teardown,
  options: Pick<TestHallOptions, 'submissions'> = {},
): Promise<ApplyHall> {
  const hall = await startHall(t, {
    catalog: { seed: ['cq'] },
    submissions: options.submissions ?? { env: { PROGRESS_RATE_LIMIT_PER_MINUTE: '1000' } },
    // Whole files stream through the portal's upload endpoints.
    frontendEnv: { BODY_SIZE_LIMIT: '110M' },
  });
  const catalogUrl = hall.catalogUrl!;
  const materialsUrl = hall.materialsUrl!;
  const submissionsUrl = hall.submissionsUrl!;
  const staffToken = staffTokens(hall.api);

  async function upload(token: string, name: string, bytes: Uint8Array): Promise<string> {
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
  }

  return {
    ...hall,
    catalogUrl,
    materialsUrl,
    submissionsUrl,
    staffToken,
    async userToken(username, password) {
      return (await hall.api<{ accessToken: string }>('POST', '/sessions', { username, password }))
        .accessToken;
    },
    async publishItem(station, options = {}) {
      return publishTestItem(catalogUrl, await staffToken(station, ['editor']), station, options);
    },
    async staffAction(station, id, action, body) {
      const token = await staffToken(station, ['clerk', 'approver']);
      return applicationAction(submissionsUrl, token, station, id, action, body);
    },
    async staffUpload(station, name, bytes) {
      return upload(await staffToken(station, ['clerk', 'approver']), name, bytes);
    },
    libraryUpload: upload,
  };
}

// ---------------------------------------------------------------- files

/** A minimal real PDF (header, one empty page, trailer). */
export function pdfBytes(note = 'hall test'): Uint8Array {
  const text = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${note}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

/** A 1×1 PNG. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/** A file for the browser's file chooser. */
export const fileOf = (name: string, bytes: Uint8Array, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: Buffer.from(bytes),
});

// ---------------------------------------------------------------- pages

/** The block of a material on 材料上传 / 补齐补正. */
export const materialBlock = (page: Page, id: string) => page.locator(`#m-${id}`);

/** Waits for a SvelteKit navigation or form post to finish (the address and the heading). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.locator('h1').first().waitFor();
}

// ---------------------------------------------------------------- applications made through the API

/** A person's complete 基本信息 and answers for the test item's form. */
export const API_BASIC = {
  contactName: '张晓红',
  address: '重庆市渝中区解放碑街道民权路1号',
};
export const API_ANSWERS = { shopName: '民权路面馆', capital: 10, scope: '餐饮服务' };

/**
 * A submitted application of the account behind `token` for `item` (made through the
 * submissions API, for tests about what follows): 基本信息 from `basic`, the form answered, the
 * 必要 material uploaded, the 容缺后补 one deferred. Its id, serial and query password.
 */
export async function submitThroughApi(
  hall: ApplyHall,
  token: string,
  item: TestItem,
  basic: { name: string; idNumber: string; mobile: string },
): Promise<{ id: string; serial: string; password: string; fileId: string }> {
  const draft = await ok(
    call<{ id: string; revision: number }>(
      hall.submissionsUrl,
      'POST',
      '/stations/cq/applications',
      token,
      { itemId: item.id },
    ),
    'draft',
  );
  const fileId = await hall.libraryUpload(token, '身份证.pdf', pdfBytes('api'));
  const saved = await ok(
    call<{ revision: number }>(
      hall.submissionsUrl,
      'PATCH',
      `/applications/${draft.id}`,
      token,
      {
        step: 'materials',
        basic: { ...API_BASIC, ...basic },
        answers: API_ANSWERS,
        materials: [
          { materialId: item.m.required, provision: 'upload', fileIds: [fileId] },
          { materialId: item.m.deferrable, provision: 'deferred' },
        ],
      },
      { 'if-match': `"${draft.revision}"` },
    ),
    'save',
  );
  const receipt = await ok(
    call<{ serial: string; queryPassword: string }>(
      hall.submissionsUrl,
      'POST',
      `/applications/${draft.id}/submit`,
      token,
      undefined,
      { 'if-match': `"${saved.revision}"` },
    ),
    'submit',
  );
  return { id: draft.id, serial: receipt.serial, password: receipt.queryPassword, fileId };
}
