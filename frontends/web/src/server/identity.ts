import type {
  AuditPage,
  AuditQuery,
  NewStaff,
  NewStation,
  PersonRegistration,
  Profile,
  ProfileUpdate,
  SignedIn,
  StaffMember,
  StaffPatch,
  Station,
  StationPatch,
  TokenPair,
  UnitRegistration,
} from '../types';
import { queryString, ServiceConnection } from './service-request';

const seg = encodeURIComponent;

/** Who a call is made for: the signed-in person's access token and the browser's address. */
export interface CallContext {
  token?: string | undefined;
  /** The client's IP, sent as X-Forwarded-For (identity rate-limits and audits by it). */
  ip?: string | undefined;
}

export interface IdentityClientOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * identity's HTTP API as the front ends' servers call it: the citizen side (the portal), the
 * staff side (the console: staff sign-in, station staff, stations, the audit log) and the session
 * endpoints both use (refresh, logout). Every failure is a `ProblemError`:
 * the service's problem+json as it is, or a 503 `unavailable` when it could not be reached or
 * answered something that is not a problem.
 */
export class IdentityClient {
  readonly #service: ServiceConnection;

  constructor(baseUrl: string, options: IdentityClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'IDENTITY_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  }

  /** identity's public keys, for verifying access tokens locally. */
  get jwksUrl(): string {
    return this.#service.url('/.well-known/jwks.json');
  }

  #call<T>(method: string, path: string, body: unknown, ctx: CallContext = {}): Promise<T> {
    return this.#service.json(method, path, { json: body, ctx });
  }

  stations(): Promise<Station[]> {
    return this.#call<{ stations: Station[] }>('GET', '/stations', undefined).then(
      (r) => r.stations,
    );
  }

  registerPerson(input: PersonRegistration, ctx?: CallContext): Promise<{ id: string }> {
    return this.#call('POST', '/accounts/person', input, ctx);
  }

  registerUnit(input: UnitRegistration, ctx?: CallContext): Promise<{ id: string }> {
    return this.#call('POST', '/accounts/unit', input, ctx);
  }

  /** 【登录】 of a citizen or unit. */
  signIn(
    credentials: { username: string; password: string },
    ctx?: CallContext,
  ): Promise<SignedIn> {
    return this.#call('POST', '/sessions', credentials, ctx);
  }

  /** Rotates the refresh token: the one given is spent. */
  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenPair> {
    return this.#call('POST', '/sessions/refresh', { refreshToken }, ctx);
  }

  logout(refreshToken: string, ctx?: CallContext): Promise<void> {
    return this.#call('POST', '/sessions/logout', { refreshToken }, ctx);
  }

  me(ctx: CallContext): Promise<Profile> {
    return this.#call('GET', '/me', undefined, ctx);
  }

  updateMe(update: ProfileUpdate, ctx: CallContext): Promise<Profile> {
    return this.#call('PATCH', '/me', update, ctx);
  }

  changePassword(
    input: { currentPassword: string; newPassword: string },
    ctx: CallContext,
  ): Promise<void> {
    return this.#call('PUT', '/me/password', input, ctx);
  }

  securityQuestions(ctx: CallContext): Promise<string[]> {
    return this.#call<{ questions: string[] }>(
      'GET',
      '/me/security-questions',
      undefined,
      ctx,
    ).then((r) => r.questions);
  }

  setSecurityQuestions(
    input: { currentPassword: string; questions: Array<{ question: string; answer: string }> },
    ctx: CallContext,
  ): Promise<void> {
    return this.#call('PUT', '/me/security-questions', input, ctx);
  }

  /** 【忘记密码】 step 1: the questions of an account. */
  resetQuestions(username: string, ctx?: CallContext): Promise<string[]> {
    return this.#call<{ questions: string[] }>(
      'POST',
      '/password-reset/questions',
      { username },
      ctx,
    ).then((r) => r.questions);
  }

  /** 【忘记密码】 step 2: answers and the new password. */
  resetPassword(
    input: { username: string; answers: string[]; newPassword: string },
    ctx?: CallContext,
  ): Promise<void> {
    return this.#call('POST', '/password-reset', input, ctx);
  }

  // The staff side (the console).

  /** 工作人员登录 (staff and operators). Wrong passwords count towards the lock. */
  staffSignIn(
    credentials: { username: string; password: string },
    ctx?: CallContext,
  ): Promise<SignedIn> {
    return this.#call('POST', '/staff/sessions', credentials, ctx);
  }

  staffMe(ctx: CallContext): Promise<StaffMember> {
    return this.#call('GET', '/staff/me', undefined, ctx);
  }

  changeStaffPassword(
    input: { currentPassword: string; newPassword: string },
    ctx: CallContext,
  ): Promise<void> {
    return this.#call('PUT', '/staff/me/password', input, ctx);
  }

  listStaff(station: string, ctx: CallContext): Promise<StaffMember[]> {
    return this.#call<{ staff: StaffMember[] }>(
      'GET',
      `/stations/${seg(station)}/staff`,
      undefined,
      ctx,
    ).then((r) => r.staff);
  }

  createStaff(station: string, input: NewStaff, ctx: CallContext): Promise<StaffMember> {
    return this.#call('POST', `/stations/${seg(station)}/staff`, input, ctx);
  }

  updateStaff(
    station: string,
    id: string,
    patch: StaffPatch,
    ctx: CallContext,
  ): Promise<StaffMember> {
    return this.#call('PATCH', `/stations/${seg(station)}/staff/${seg(id)}`, patch, ctx);
  }

  /** A station's audit log (its station admins; operators too). */
  stationAudit(station: string, query: AuditQuery, ctx: CallContext): Promise<AuditPage> {
    return this.#call(
      'GET',
      `/stations/${seg(station)}/audit${queryString(query)}`,
      undefined,
      ctx,
    );
  }

  /** Every station's audit log, optionally one station's (operators only). */
  allAudit(query: AuditQuery & { station?: string }, ctx: CallContext): Promise<AuditPage> {
    return this.#call('GET', `/audit${queryString(query)}`, undefined, ctx);
  }

  /** Every station, disabled ones included when the caller is an operator. */
  allStations(ctx: CallContext): Promise<Station[]> {
    return this.#call<{ stations: Station[] }>(
      'GET',
      '/stations?includeDisabled=true',
      undefined,
      ctx,
    ).then((r) => r.stations);
  }

  createStation(input: NewStation, ctx: CallContext): Promise<Station> {
    return this.#call('POST', '/stations', input, ctx);
  }

  updateStation(key: string, patch: StationPatch, ctx: CallContext): Promise<Station> {
    return this.#call('PATCH', `/stations/${seg(key)}`, patch, ctx);
  }
}
