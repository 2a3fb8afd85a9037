import { HallError, type Tx } from '@hall/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ChangeContext, PublicityDeps } from '../domain/deps';

declare module 'fastify' {
  interface FastifyInstance {
    publicity: PublicityDeps;
  }
}

/** Makes the service's dependencies available to its routes. */
export const publicityPlugin = fp<{ deps: PublicityDeps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('publicity', deps);
  },
  { name: 'publicity-deps', fastify: '5.x' },
);

/**
 * Run a staff change in one unit of work acting for `station`, then wake the outbox relay: the
 * change and its audit record commit together.
 */
export async function change<T>(
  deps: PublicityDeps,
  request: FastifyRequest,
  station: string,
  work: (tx: Tx, ctx: ChangeContext) => Promise<T>,
): Promise<T> {
  if (!request.actor) throw HallError.unauthenticated();
  const ctx: ChangeContext = {
    station,
    actor: request.actor,
    ip: request.ip,
    namespace: deps.namespace,
    now: deps.now(),
  };
  const result = await deps.database.withStation(station, (tx) => work(tx, ctx));
  deps.afterCommit();
  return result;
}

/**
 * The revision an editor loaded, from `If-Match` (`"7"`, `W/"7"` or `7`). Every change must
 * send it (428 otherwise), so nobody overwrites a change they have not seen.
 */
export function revisionFrom(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '')
    throw new HallError(428, 'precondition_required', '请刷新页面，在最新内容的基础上修改', {
      detail: '请求须带 If-Match 头，值为读取时的修订号 (revision)',
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
