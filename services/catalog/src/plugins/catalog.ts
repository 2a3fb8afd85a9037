import { HallError, type Tx } from '@hall/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CatalogDeps, ChangeContext } from '../domain/deps';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: CatalogDeps;
  }
}

/** Makes the catalog's dependencies available to its routes and handlers. */
export const catalogPlugin = fp<{ deps: CatalogDeps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('catalog', deps);
  },
  { name: 'catalog-deps', fastify: '5.x' },
);

/** Who is changing which station's catalog, from a request that passed a staff guard. */
export function changeContext(
  deps: CatalogDeps,
  request: FastifyRequest,
  station: string,
): ChangeContext {
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
 * Run a change for the request's staff member in one unit of work acting for `station`, then
 * wake the outbox relay and drop the station's cached public pages: the change, its events and
 * its audit records commit together, and the next citizen sees them.
 */
export async function change<T>(
  deps: CatalogDeps,
  request: FastifyRequest,
  station: string,
  work: (tx: Tx, ctx: ChangeContext) => Promise<T>,
): Promise<T> {
  const ctx = changeContext(deps, request, station);
  const result = await deps.database.withStation(station, (tx) => work(tx, ctx));
  deps.afterCommit();
  deps.publicChanged(station);
  return result;
}

/**
 * The revision an editor loaded, from `If-Match` (`"7"`, `W/"7"` or `7`). Absent: undefined;
 * `required` turns absence into 428, so an edit can never silently overwrite another.
 */
export function revisionFrom(
  request: FastifyRequest,
  options: { required?: boolean } = {},
): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    if (options.required)
      throw new HallError(428, 'precondition_required', '请刷新页面，在最新内容的基础上修改', {
        detail: '请求须带 If-Match 头，值为编辑时读取的修订号 (revision)',
      });
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match)
    throw new HallError(400, 'bad_request', '请求格式不正确', {
      detail: 'If-Match 应为修订号，例如 "3"',
    });
  return Number(match[1]);
}
