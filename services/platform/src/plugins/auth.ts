import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { JWTVerifyGetKey } from 'jose';
import type { Actor, StaffRole } from '../auth/actor';
import { AccessTokenVerifier } from '../auth/verify';
import { HallError } from '../errors';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null for an anonymous request. */
    actor: Actor | null;
  }
  interface FastifyInstance {
    guard: Guards;
  }
}

export interface Guards {
  /** Any signed-in account. */
  signedIn: preHandlerAsyncHookHandler;
  /** A citizen (个人) or unit (单位) account. */
  citizen: preHandlerAsyncHookHandler;
  /**
   * Staff holding any of `roles` (none listed: any staff). With `stationParam`, the station in
   * the route must be the staff member's own; another station's resource answers 404, as if it
   * did not exist.
   */
  staff: (roles?: StaffRole[], options?: { stationParam?: string }) => preHandlerAsyncHookHandler;
  /** A platform operator. */
  operator: preHandlerAsyncHookHandler;
  /** Staff as above, or a platform operator. */
  staffOrOperator: (
    roles?: StaffRole[],
    options?: { stationParam?: string },
  ) => preHandlerAsyncHookHandler;
}

export interface AuthPluginOptions {
  keys: JWTVerifyGetKey;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

function staffAllowed(
  actor: StaffActor,
  request: FastifyRequest,
  roles: StaffRole[],
  stationParam?: string,
): void {
  if (stationParam) {
    const station = (request.params as Record<string, string | undefined>)[stationParam];
    if (station !== actor.station) throw HallError.notFound();
  }
  if (roles.length > 0 && !roles.some((r) => actor.roles.includes(r))) throw HallError.forbidden();
}

export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, options) => {
    // Why a presented token was not accepted. Public routes serve such a request as anonymous;
    // guarded routes answer with this error (token_expired tells the caller to refresh).
    const rejectedTokens = new WeakMap<FastifyRequest, HallError>();
    const tokens = new AccessTokenVerifier(options.keys);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      const token = bearer(request);
      if (!token) return;
      try {
        request.actor = await tokens.verify(token);
      } catch (err) {
        if (!(err instanceof HallError)) throw err;
        rejectedTokens.set(request, err);
      }
    });

    const need = (request: FastifyRequest): Actor => {
      if (!request.actor) throw rejectedTokens.get(request) ?? HallError.unauthenticated();
      return request.actor;
    };

    const guards: Guards = {
      signedIn: async (request) => {
        need(request);
      },
      citizen: async (request) => {
        const actor = need(request);
        if (actor.kind !== 'person' && actor.kind !== 'unit') throw HallError.forbidden();
      },
      staff:
        (roles = [], options = {}) =>
        async (request) => {
          const actor = need(request);
          if (actor.kind !== 'staff') throw HallError.forbidden();
          staffAllowed(actor, request, roles, options.stationParam);
        },
      operator: async (request) => {
        if (need(request).kind !== 'operator') throw HallError.forbidden();
      },
      staffOrOperator:
        (roles = [], options = {}) =>
        async (request) => {
          const actor = need(request);
          if (actor.kind === 'operator') return;
          if (actor.kind !== 'staff') throw HallError.forbidden();
          staffAllowed(actor, request, roles, options.stationParam);
        },
    };
    app.decorate('guard', guards);
  },
  { name: 'hall-auth', fastify: '5.x', dependencies: ['hall-errors'] },
);
