import type { HallApp } from '@hall/platform';
import type { Test } from 'tap';
import { bearer, withIdCheck } from '../fixtures';
import { buildTestIdentity, OPERATOR, type TestIdentity } from '../helper';

export { bearer, ownerSql, sleep, waitFor } from '../fixtures';

/** A signed-in staff member or operator. */
export interface Session {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `{ authorization: 'Bearer …' }`, for inject. */
  auth: { authorization: string };
}

export async function signInStaff(
  app: HallApp,
  username: string,
  password: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/staff/sessions',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`staff sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ accessToken: string; refreshToken: string; account: { id: string } }>();
  return {
    id: body.account.id,
    username,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: bearer(body.accessToken),
  };
}

export interface NewStaffBody {
  username: string;
  password: string;
  name: string;
  mobile?: string;
  departmentId?: string | null;
  roles: string[];
}

/** Create a staff member through the API as `by`; throws unless 201. */
export async function addStaff(
  app: HallApp,
  by: Session,
  station: string,
  body: NewStaffBody,
): Promise<{ id: string; station: string; roles: string[] }> {
  const res = await app.inject({
    method: 'POST',
    url: `/stations/${station}/staff`,
    headers: by.auth,
    payload: body,
  });
  if (res.statusCode !== 201)
    throw new Error(
      `creating ${body.username} at ${station} failed: ${res.statusCode} ${res.body}`,
    );
  return res.json();
}

/** Create a staff member and sign them in. */
export async function addAndSignIn(
  app: HallApp,
  by: Session,
  station: string,
  body: NewStaffBody,
): Promise<Session> {
  await addStaff(app, by, station, body);
  return signInStaff(app, body.username, body.password);
}

export interface Tenancy extends TestIdentity {
  operator: Session;
  /** Station admin of 渝中区. */
  yuzhong: Session;
  /** Station admin of 江北区. */
  jiangbei: Session;
  /** A token of a citizen (个人) account, signed with the service's own key. */
  citizenAuth: { authorization: string };
}

export const YUZHONG_ADMIN = {
  username: 'yz_admin',
  password: 'Yuzhong#2026',
  name: '渝中管理员',
  roles: ['station_admin'],
};
export const JIANGBEI_ADMIN = {
  username: 'jb_admin',
  password: 'Jiangbei#2026',
  name: '江北管理员',
  roles: ['station_admin'],
};

/**
 * identity with the bootstrapped operator signed in, and one station admin each for 渝中区
 * (`yuzhong`) and 江北区 (`jiangbei`), appointed by the operator and signed in.
 */
export async function buildTenancy(t: Test, env: Record<string, string> = {}): Promise<Tenancy> {
  const identity = await buildTestIdentity(t, env);
  const { app, keys } = identity;
  const operator = await signInStaff(app, OPERATOR.username, OPERATOR.password);
  const yuzhong = await addAndSignIn(app, operator, 'yuzhong', YUZHONG_ADMIN);
  const jiangbei = await addAndSignIn(app, operator, 'jiangbei', JIANGBEI_ADMIN);
  const citizenAuth = bearer(
    await keys.sign({ sub: '0190a0b0-0000-7000-8000-000000000001', typ: 'person' }, 600),
  );
  return { ...identity, operator, yuzhong, jiangbei, citizenAuth };
}

/**
 * A valid 居民身份证号 (GB 11643 check character) for area 500103 (渝中区), born on `birth`
 * (YYYYMMDD), with sequence `seq` (3 digits).
 */
export function idCardNumber(birth = '19900101', seq = '123', area = '500103'): string {
  return withIdCheck(`${area}${birth}${seq}`);
}
