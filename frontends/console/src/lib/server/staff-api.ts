/**
 * identity's staff-side HTTP API: staff sign-in, the signed-in staff member, station staff,
 * stations and the audit log. @hall/web's IdentityClient covers the citizen side and the session
 * endpoints shared by both (refresh, logout); these calls belong there too once the portal settles
 * (IdentityClient's private `#call` is what keeps them out today: this class repeats it).
 *
 * Every failure is a `ProblemError` exactly as IdentityClient raises them: the service's
 * problem+json (4xx) or a 503 `unavailable`.
 */
import {
  ProblemError,
  unavailableProblem,
  type Problem,
  type SignedIn,
  type Station,
} from '@hall/web';
import type { CallContext } from '@hall/web/server';
import type {
  AuditPage,
  AuditQuery,
  NewStaff,
  NewStation,
  StaffMember,
  StaffPatch,
  StationPatch,
} from '$lib/types';

export interface StaffApiOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const seg = encodeURIComponent;

export class StaffApi {
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(baseUrl: string, options: StaffApiOptions = {}) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async #call<T>(method: string, path: string, body: unknown, ctx: CallContext = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
    if (ctx.ip) headers['x-forwarded-for'] = ctx.ip;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new ProblemError(unavailableProblem(), { cause });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    if (response.status < 500 && isProblem(parsed)) throw new ProblemError(parsed);
    throw new ProblemError(unavailableProblem());
  }

  /** 工作人员登录 (staff and operators). Wrong passwords count towards the lock. */
  signIn(
    credentials: { username: string; password: string },
    ctx?: CallContext,
  ): Promise<SignedIn> {
    return this.#call('POST', '/staff/sessions', credentials, ctx);
  }

  me(ctx: CallContext): Promise<StaffMember> {
    return this.#call('GET', '/staff/me', undefined, ctx);
  }

  changePassword(
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

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.title === 'string' && typeof p.code === 'string' && typeof p.status === 'number';
}
