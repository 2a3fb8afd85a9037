/**
 * Test data and small HTTP/database helpers for identity's citizen-side route tests.
 *
 * Every ID number and credit code produced here is valid by construction (check characters
 * computed per GB 11643 and GB 32100, independently of the code under test).
 */
import { connectBus, type Bus, type HallApp } from '@hall/platform';
import type { LightMyRequestResponse } from 'fastify';
import type postgres from 'postgres';
import type { Test } from 'tap';

export { ownerSql } from '@hall/platform/testing';

// ---------------------------------------------------------------- 居民身份证号 (GB 11643)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`not 17 digits: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** A complete ID number: the 17 digits and their check character. */
export const withIdCheck = (first17: string): string => first17 + idCheckChar(first17);

/** The same number with a wrong check character. */
export function withWrongIdCheck(first17: string): string {
  const right = idCheckChar(first17);
  return first17 + (right === '0' ? '1' : '0');
}

let idSequence = 100;
/** A valid ID number not handed out before in this process (渝中区, born 1990-03-15 by default). */
export function newIdNumber(area = '500103', birth = '19900315'): string {
  idSequence += 1;
  if (idSequence > 999) throw new Error('out of ID number sequences');
  return withIdCheck(`${area}${birth}${String(idSequence).padStart(3, '0')}`);
}

/** A valid ID number whose check character is X. */
export function newIdNumberEndingInX(): string {
  for (;;) {
    const id = newIdNumber();
    if (id.endsWith('X')) return id;
  }
}

// ---------------------------------------------------------------- 统一社会信用代码 (GB 32100)

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`not a credit-code character: ${first17[i]}`);
    sum += value * CREDIT_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_ALPHABET[check === 31 ? 0 : check]!;
}

export const withCreditCheck = (first17: string): string => first17 + creditCheckChar(first17);

/** Two real-world codes (published examples), valid under GB 32100. */
export const KNOWN_CREDIT_CODES = ['91350100M000100Y43', '91110000600037341L'] as const;

let creditSequence = 1000;
/** A valid 企业 credit code registered in 渝中区, not handed out before in this process. */
export function newCreditCode(): string {
  creditSequence += 1;
  return withCreditCheck(`91500103MA${String(creditSequence).padStart(7, '0')}`);
}

// ---------------------------------------------------------------- registration bodies

export const PASSWORD = 'Spring#2026ok';
export const OTHER_PASSWORD = 'Autumn$2027ok';

let userSequence = 0;
export function newUsername(prefix = 'citizen'): string {
  userSequence += 1;
  return `${prefix}${userSequence}`;
}

export interface PersonBody {
  username: string;
  password: string;
  realName: string;
  idNumber: string;
  mobile: string;
}

export interface UnitBody {
  username: string;
  password: string;
  unitName: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  operatorName: string;
  operatorMobile: string;
}

export function personBody(overrides: Partial<PersonBody> = {}): PersonBody {
  return {
    username: newUsername('zhangsan'),
    password: PASSWORD,
    realName: '张三',
    idNumber: newIdNumber(),
    mobile: '13812345678',
    ...overrides,
  };
}

export function unitBody(overrides: Partial<UnitBody> = {}): UnitBody {
  return {
    username: newUsername('company'),
    password: PASSWORD,
    unitName: '重庆山城科技有限公司',
    creditCode: newCreditCode(),
    legalRepName: '李四',
    legalRepIdNumber: newIdNumber('500105', '19800722'),
    operatorName: '王五',
    operatorMobile: '13987654321',
    ...overrides,
  };
}

// ---------------------------------------------------------------- HTTP

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts an RFC 9457 problem+json response with the given status and code; returns the body. */
export function expectProblem(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
): ProblemBody {
  t.equal(res.statusCode, status, `status ${status} (${res.body})`);
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json');
  const body = res.json<ProblemBody>();
  t.equal(body.code, code, `code ${code}`);
  t.equal(body.status, status, 'status repeated in the body');
  t.equal(body.type, `urn:hall:problem:${code}`);
  t.ok(typeof body.title === 'string' && /\p{Script=Han}/u.test(body.title), 'a Chinese title');
  return body;
}

/** Asserts a 400 validation_failed problem; returns its field errors. */
export function expectValidation(t: Test, res: LightMyRequestResponse): FieldError[] {
  const body = expectProblem(t, res, 400, 'validation_failed');
  t.ok(Array.isArray(body.errors) && body.errors.length > 0, 'field errors listed');
  return body.errors ?? [];
}

/** Asserts that `errors` holds exactly one error for `field`, with this code (and message). */
export function expectFieldError(
  t: Test,
  errors: FieldError[],
  field: string,
  code: string,
  message?: string,
): void {
  const forField = errors.filter((e) => e.field === field);
  t.equal(forField.length, 1, `one error for ${field}: ${JSON.stringify(errors)}`);
  t.equal(forField[0]?.code, code, `${field}: ${code}`);
  if (message !== undefined) t.equal(forField[0]?.message, message, `${field}: ${message}`);
}

export async function register(
  app: HallApp,
  kind: 'person' | 'unit',
  body: object,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/accounts/${kind}`, payload: body });
}

/** Registers a person and asserts it worked; returns the body sent and the new id. */
export async function registeredPerson(
  t: Test,
  app: HallApp,
  overrides: Partial<PersonBody> = {},
): Promise<PersonBody & { id: string }> {
  const body = personBody(overrides);
  const res = await register(app, 'person', body);
  t.equal(res.statusCode, 201, `registered ${body.username}: ${res.body}`);
  return { ...body, id: res.json<{ id: string }>().id };
}

export async function registeredUnit(
  t: Test,
  app: HallApp,
  overrides: Partial<UnitBody> = {},
): Promise<UnitBody & { id: string }> {
  const body = unitBody(overrides);
  const res = await register(app, 'unit', body);
  t.equal(res.statusCode, 201, `registered ${body.username}: ${res.body}`);
  return { ...body, id: res.json<{ id: string }>().id };
}

export function login(
  app: HallApp,
  username: string,
  password: string,
  url = '/sessions',
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: { username, password } });
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  account: { id: string; kind: string; name: string; station: string | null; roles: string[] };
}

/** Signs in and asserts it worked. */
export async function signedIn(
  t: Test,
  app: HallApp,
  username: string,
  password: string,
  url = '/sessions',
): Promise<SignedIn> {
  const res = await login(app, username, password, url);
  t.equal(res.statusCode, 200, `signed in as ${username}: ${res.body}`);
  return res.json<SignedIn>();
}

export function refresh(app: HallApp, refreshToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/sessions/refresh', payload: { refreshToken } });
}

export function getMe(app: HallApp, accessToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/me', headers: bearer(accessToken) });
}

// ---------------------------------------------------------------- database and bus, from outside

export async function countRows(
  sql: postgres.Sql,
  table: 'accounts' | 'audit_log' | 'outbox' | 'refresh_tokens' | 'security_questions',
): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
  return row?.n ?? -1;
}

export interface AuditRow {
  event: string;
  outcome: string;
  station: string | null;
  actor_kind: string | null;
  actor_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Audit entries in the order written, optionally only those of one event. */
export async function auditRows(sql: postgres.Sql, event?: string): Promise<AuditRow[]> {
  return event === undefined
    ? sql<
        AuditRow[]
      >`select event, outcome, station, actor_kind, actor_id, host(ip) as ip, details from audit_log order by id`
    : sql<
        AuditRow[]
      >`select event, outcome, station, actor_kind, actor_id, host(ip) as ip, details from audit_log where event = ${event} order by id`;
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A second NATS connection in the app's namespace, to see what reached JetStream. */
export async function observerBus(t: Test, natsUrl: string, namespace: string): Promise<Bus> {
  const bus = await connectBus({
    url: natsUrl,
    name: 'identity-test-observer',
    namespace,
    logger: quiet,
  });
  t.teardown(() => bus.close());
  return bus;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
