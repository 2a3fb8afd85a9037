/**
 * The hall for the 办件 browser tests: identity, the catalog, the materials service and the
 * submissions service in this process (one NATS namespace, fresh databases), the BUILT console
 * against them, and Chromium. Submissions runs on a settable clock, so a test can submit
 * applications "days ago" and find them overdue now. Citizens act through the services' HTTP
 * APIs with their own tokens, as the portal would.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { HallApp } from '@hall/platform';
import { createTestDatabase } from '@hall/platform/testing';
import { buildApp as buildSubmissions } from '@hall/submissions/src/app';
import { submissionsConfig } from '@hall/submissions/src/config';
import {
  CHROMIUM_ARGS,
  DESKTOP,
  freePort,
  startApp,
  startCatalog,
  startIdentity,
  startMaterials,
  callIdentity,
  type Teardown,
  type TestHall,
} from '@hall/web/testing';
import { chromium, type Page } from 'playwright-core';
import { consoleApp, consoleHall, newUsername, PASSWORD, type Hall } from './hall';

/** A settable clock: real time until a test sets it. */
export class TestClock {
  #fixed: Date | null = null;
  now = (): Date => this.#fixed ?? new Date();
  set(at: Date): void {
    this.#fixed = at;
  }
  reset(): void {
    this.#fixed = null;
  }
}

export interface CaseHall extends Hall {
  catalogUrl: string;
  materialsUrl: string;
  submissionsUrl: string;
  /** submissions' clock. */
  clock: TestClock;
}

/** Everything for one test file; stopped when the test ends. */
export async function startCaseHall(t: Teardown): Promise<CaseHall> {
  const identity = await startIdentity(t, 'console');
  const catalog = await startCatalog(t, 'console', identity);
  const materials = await startMaterials(t, 'console', identity);
  const clock = new TestClock();
  const db = await createTestDatabase('console_submissions');
  const config = submissionsConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: identity.namespace,
    IDENTITY_JWKS_URL: `${identity.url}/.well-known/jwks.json`,
    SUBMISSIONS_DATA_KEY: randomBytes(32).toString('base64'),
  });
  let submissions: HallApp;
  try {
    submissions = await buildSubmissions({ config, now: clock.now });
    await submissions.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await db.drop();
    throw err;
  }
  t.teardown(async () => {
    await submissions.close();
    await db.drop();
  });
  await submissions.stationSync.synced;
  const address = submissions.server.address();
  if (!address || typeof address !== 'object') throw new Error('submissions is not listening');
  const submissionsUrl = `http://127.0.0.1:${address.port}`;

  const frontend = await startApp(
    t,
    consoleApp,
    {
      IDENTITY_URL: identity.url,
      CATALOG_URL: catalog.url,
      MATERIALS_URL: materials.url,
      SUBMISSIONS_URL: submissionsUrl,
      BODY_SIZE_LIMIT: '20M',
    },
    { port: await freePort() },
  );
  if (process.env.HALL_TEST_CONSOLE_OUTPUT)
    t.teardown(() => console.error(`--- console output ---\n${frontend.output()}`));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  t.teardown(() => browser.close());
  const scriptless = new WeakSet<Page>();
  const hall: TestHall = {
    url: frontend.url,
    identityUrl: identity.url,
    identity: identity.app,
    catalogUrl: catalog.url,
    catalog: catalog.app,
    materialsUrl: materials.url,
    materials: materials.app,
    submissionsUrl,
    submissions,
    lettersUrl: null,
    letters: null,
    assistantUrl: null,
    assistant: null,
    publicityUrl: null,
    publicity: null,
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({
        viewport: DESKTOP,
        locale: 'zh-CN',
        ...contextOptions,
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      if (contextOptions.javaScriptEnabled === false) scriptless.add(page);
      return page;
    },
    async goto(page, path) {
      await page.goto(`${frontend.url}${path}`);
      if (!scriptless.has(page))
        await page.waitForSelector('html[data-js="ready"]', { state: 'attached' });
    },
    api: (method, path, body, token) => callIdentity(identity.url, method, path, body, token),
  };
  return {
    ...consoleHall(hall),
    catalogUrl: catalog.url,
    materialsUrl: materials.url,
    submissionsUrl,
    clock,
  };
}

/** A JSON call to a service; a failure throws with the status and body. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  revision?: number,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(revision === undefined ? {} : { 'if-match': `"${revision}"` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Polls `check` until it gives a value (not undefined/false), or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// --- people ---------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
let sequence = 100;

/** A valid 居民身份证号 (GB 11643, 渝中区, born 1990-03-15), new in this process. */
export function newIdNumber(): string {
  const first17 = `50010319900315${String(++sequence % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return first17 + '10X98765432'[sum % 11]!;
}

export const newMobile = (): string => `139${String(++sequence).padStart(8, '0')}`;

/** A signed-in citizen: their data and a fresh token when asked (tokens live 5 minutes). */
export interface Citizen {
  realName: string;
  idNumber: string;
  mobile: string;
  token(): Promise<string>;
}

export async function newCitizen(hall: CaseHall, realName: string): Promise<Citizen> {
  const account = {
    username: newUsername('citizen'),
    password: PASSWORD,
    realName,
    idNumber: newIdNumber(),
    mobile: newMobile(),
  };
  await hall.api('POST', '/accounts/person', account);
  let held: { token: string; at: number } | undefined;
  return {
    realName,
    idNumber: account.idNumber,
    mobile: account.mobile,
    async token() {
      if (!held || Date.now() - held.at > 4 * 60_000) {
        const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/sessions', {
          username: account.username,
          password: account.password,
        });
        held = { token: accessToken, at: Date.now() };
      }
      return held.token;
    },
  };
}

/** A staff account of `station` with `roles`, and a function for its token. */
export async function newStaff(
  hall: CaseHall,
  station: string,
  name: string,
  roles: string[],
): Promise<{ username: string; password: string; name: string; token(): Promise<string> }> {
  const username = newUsername(roles[0]!.slice(0, 5));
  await hall.createStaff(station, { username, password: PASSWORD, name, roles });
  return {
    username,
    password: PASSWORD,
    name,
    token: () => hall.staffToken(username, PASSWORD),
  };
}

// --- files ----------------------------------------------------------------------------------

/** A small but real PDF (one page, a line of text), which a browser's viewer can show. */
export function pdfFile(text = 'Hall test document'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 24 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 24 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real PNG, `width`×`height`, in two colours (a card-like picture for the preview). */
export function pngFile(width = 240, height = 150): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y < height / 4 || (x > width / 8 && x < width / 3 && y > height / 2);
      row.set(band ? [11, 79, 156] : [231, 239, 250], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads a file to materials with `token` (a citizen's: to their library; staff: a result file). */
export async function upload(
  hall: CaseHall,
  token: string,
  name: string,
  bytes: Buffer,
  mediaType: string,
): Promise<{ id: string; name: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: mediaType }), name);
  const res = await fetch(`${hall.materialsUrl}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text) as { id: string; name: string };
}

// --- the item and applications --------------------------------------------------------------

export interface SeededItem {
  itemId: string;
  name: string;
  departmentName: string;
  /** Material ids: 必要 upload (身份证明), 容缺后补 upload (学历证书), 窗口提交 (体检表), 非必要 upload (其他材料). */
  m: { required: string; deferrable: string; window: string; optional: string };
}

const FORM = {
  type: 'object',
  title: '教师资格认定申请表',
  required: ['school', 'years'],
  properties: {
    school: { type: 'string', title: '毕业学校', maxLength: 60, 'x-widget': 'text' },
    years: { type: 'integer', title: '教龄（年）', minimum: 0, maximum: 60, 'x-widget': 'number' },
    level: {
      type: 'string',
      title: '申请资格种类',
      enum: ['primary', 'middle'],
      'x-enumNames': ['小学教师资格', '初级中学教师资格'],
      'x-widget': 'select',
    },
  },
  'x-order': ['school', 'years', 'level'],
};

let itemSequence = 0;

/**
 * Publishes, through catalog's staff API with a station admin's token, an item of `station` with
 * a business form and one material of each kind; 承诺办结时限 5 工作日.
 */
export async function seedItem(
  hall: CaseHall,
  station: string,
  adminToken: string,
  name = '中等及中等以上学校教师资格认定',
): Promise<SeededItem> {
  const n = ++itemSequence;
  const admin = `/stations/${station}/admin`;
  const departmentName = `${station === 'yuzhong' ? '渝中区' : '江北区'}教委${n}`;
  const department = await call<{ id: string }>(
    hall.catalogUrl,
    'POST',
    `${admin}/departments`,
    adminToken,
    { code: `JW${process.pid % 1000}${n}`, name: departmentName },
  );
  const ids = {
    required: crypto.randomUUID(),
    deferrable: crypto.randomUUID(),
    window: crypto.randomUUID(),
    optional: crypto.randomUUID(),
  };
  const material = (over: Record<string, unknown>) => ({
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
  const definition = {
    name,
    basicCode: '000107003000',
    implCode: `11500103MB${String(process.pid % 100000).padStart(5, '0')}${String(n).padStart(3, '0')}`,
    powerType: '07',
    departmentId: department.id,
    parentId: null,
    level: 'district',
    handlingType: 'promised',
    legalTimeLimit: { value: 20, unit: 'workday' },
    promisedTimeLimit: { value: 5, unit: 'workday' },
    basis: '《中华人民共和国教师法》第十三条',
    conditions: '具备《教师法》规定的学历条件。',
    process: '网上申报 → 受理 → 审查 → 决定 → 发证',
    location: '渝中区政务服务中心',
    hours: '工作日 9:00–17:00',
    consultation: '023-63000000',
    supervision: '023-63000001',
    fee: { charged: false, standard: '', basis: '' },
    serviceObjects: ['person'],
    visits: 1,
    online: true,
    onlineDepth: 4,
    notice: '请如实填写申请信息。',
    materials: [
      material({ id: ids.required, name: '身份证明' }),
      material({
        id: ids.deferrable,
        name: '学历证书',
        necessity: 'deferrable',
        fileTypes: ['pdf'],
      }),
      material({
        id: ids.window,
        name: '体检表',
        collection: 'window',
        media: ['paper'],
        copies: 1,
        fileTypes: [],
      }),
      material({ id: ids.optional, name: '其他材料', necessity: 'optional' }),
    ],
    form: FORM,
  };
  const head = await call<{ id: string; revision: number }>(
    hall.catalogUrl,
    'POST',
    `${admin}/items`,
    adminToken,
    definition,
  );
  await call(
    hall.catalogUrl,
    'POST',
    `${admin}/items/${head.id}/publish`,
    adminToken,
    {},
    head.revision,
  );
  return { itemId: head.id, name, departmentName, m: ids };
}

export interface Submitted {
  id: string;
  serial: string;
  /** The applicant's files: 身份证明 (a PNG) and 学历证书 (a PDF). */
  files: { idCard: string; diploma: string };
}

/**
 * A citizen's complete application for `item`, submitted through submissions' HTTP API as the
 * portal would: 基本信息, the business form, 身份证明 and 学历证书 uploaded, 体检表 at the window.
 */
export async function submitApplication(
  hall: CaseHall,
  citizen: Citizen,
  station: string,
  item: SeededItem,
  answers: Record<string, unknown> = { school: '西南大学', years: 5, level: 'middle' },
): Promise<Submitted> {
  const token = await citizen.token();
  const idCard = await upload(hall, token, '身份证.png', pngFile(), 'image/png');
  const diploma = await upload(hall, token, '学历证书.pdf', pdfFile('Diploma'), 'application/pdf');
  const draft = await call<{ id: string; revision: number }>(
    hall.submissionsUrl,
    'POST',
    `/stations/${station}/applications`,
    token,
    { itemId: item.itemId },
  );
  const saved = await call<{ revision: number }>(
    hall.submissionsUrl,
    'PATCH',
    `/applications/${draft.id}`,
    token,
    {
      step: 'materials',
      basic: {
        name: citizen.realName,
        idNumber: citizen.idNumber,
        contactName: citizen.realName,
        mobile: citizen.mobile,
        address: '重庆市渝中区解放碑街道1号',
        postcode: '400010',
      },
      answers,
      materials: [
        { materialId: item.m.required, provision: 'upload', fileIds: [idCard.id] },
        { materialId: item.m.deferrable, provision: 'upload', fileIds: [diploma.id] },
        { materialId: item.m.window, provision: 'window' },
      ],
    },
    draft.revision,
  );
  const receipt = await call<{ serial: string }>(
    hall.submissionsUrl,
    'POST',
    `/applications/${draft.id}/submit`,
    token,
    {},
    saved.revision,
  );
  return {
    id: draft.id,
    serial: receipt.serial,
    files: { idCard: idCard.id, diploma: diploma.id },
  };
}

/** The application as its applicant sees it. */
export const applicantView = async <T = { state: string; revision: number }>(
  hall: CaseHall,
  citizen: Citizen,
  id: string,
): Promise<T> => call<T>(hall.submissionsUrl, 'GET', `/applications/${id}`, await citizen.token());

/** A staff decision through submissions' API, on the application's current revision. */
export async function act(
  hall: CaseHall,
  token: string,
  station: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
): Promise<{ state: string; revision: number }> {
  const path = `/admin/stations/${station}/applications/${id}`;
  const { revision } = await call<{ revision: number }>(hall.submissionsUrl, 'GET', path, token);
  return call(hall.submissionsUrl, 'POST', `${path}/actions/${action}`, token, body, revision);
}
