import { HallError } from '@hall/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Applicant } from '../domain/access';
import type { ActionContext, SubmissionsDeps } from '../domain/deps';
import type { StaffActor } from '../domain/machine';

declare module 'fastify' {
  interface FastifyInstance {
    submissions: SubmissionsDeps;
  }
}

/** Makes the service's dependencies available to its routes. */
export const submissionsPlugin = fp<{ deps: SubmissionsDeps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('submissions', deps);
  },
  { name: 'submissions-deps', fastify: '5.x' },
);

/** The citizen behind a request that passed the citizen guard. */
export function applicantOf(request: FastifyRequest): Applicant {
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
  deps: SubmissionsDeps,
  request: FastifyRequest,
  station: string,
): ActionContext {
  if (!request.actor) throw HallError.unauthenticated();
  return {
    station,
    actor: request.actor,
    ip: request.ip,
    namespace: deps.namespace,
    now: deps.now(),
  };
}

/**
 * The revision an application was loaded at, from `If-Match` (`"7"`, `W/"7"` or `7`). Every
 * change must send it (428 otherwise), so nobody overwrites a change they have not seen.
 */
export function revisionFrom(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '')
    throw new HallError(428, 'precondition_required', '请刷新页面，在最新内容的基础上操作', {
      detail: '请求须带 If-Match 头，值为读取办件时的修订号 (revision)',
    });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match)
    throw new HallError(400, 'bad_request', '请求格式不正确', {
      detail: 'If-Match 应为修订号，例如 "3"',
    });
  return Number(match[1]);
}

export function withEtag<T extends { revision: number }>(reply: FastifyReply, view: T): T {
  void reply.header('etag', `"${view.revision}"`);
  return view;
}
