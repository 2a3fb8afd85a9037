import { HallError } from '@hall/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ActionContext, LettersDeps } from '../domain/deps';
import type { Writer } from '../domain/public';
import type { StaffActor } from '../domain/staff';

declare module 'fastify' {
  interface FastifyInstance {
    letters: LettersDeps;
  }
}

/** Makes the service's dependencies available to its routes. */
export const lettersPlugin = fp<{ deps: LettersDeps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('letters', deps);
  },
  { name: 'letters-deps', fastify: '5.x' },
);

/** The person or unit behind a request that passed the citizen guard. */
export function writerOf(request: FastifyRequest): Writer {
  const actor = request.actor;
  if (actor?.kind !== 'person' && actor?.kind !== 'unit') throw HallError.forbidden();
  return actor;
}

/** The staff member behind a request that passed a staff guard. */
export function staffOf(request: FastifyRequest): StaffActor {
  const actor = request.actor;
  if (actor?.kind !== 'staff') throw HallError.forbidden();
  return actor;
}

export function actionContext(
  deps: LettersDeps,
  request: FastifyRequest,
  actor: StaffActor,
): ActionContext {
  return {
    station: actor.station,
    actor,
    ip: request.ip,
    namespace: deps.namespace,
    now: deps.now(),
  };
}

/**
 * The revision a letter was read at, from `If-Match` (`"7"`, `W/"7"` or `7`). Every action must
 * send it (428 otherwise), so nobody acts on a letter in a state they have not seen.
 */
export function revisionFrom(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '')
    throw new HallError(428, 'revision_required', '请刷新页面，在最新内容的基础上操作', {
      detail: '请求须带 If-Match 头，值为读取信件时的修订号 (revision)',
    });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match)
    throw new HallError(400, 'bad_request', '请求格式不正确', {
      detail: 'If-Match 应为修订号，例如 "3"',
    });
  return Number(match[1]);
}
