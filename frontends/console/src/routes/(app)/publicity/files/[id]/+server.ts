import { ProblemError } from '@hall/web';
import { error, redirect } from '@sveltejs/kit';
import { publicityDesk, requireId, requirePublisher } from '$lib/server/publicity';
import { callContext } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Any file of the staff member's station (a draft's too), streamed from the publicity service:
 * an attachment or 公示 details file to download, or (`?inline=1`) a body image to show.
 */
export const GET: RequestHandler = async (event) => {
  const { station } = requirePublisher(event);
  const id = requireId(event.params.id);
  const inline = event.url.searchParams.get('inline') === '1';
  let upstream: Response;
  try {
    upstream = await publicityDesk().file(station, id, inline, callContext(event));
  } catch (err) {
    if (err instanceof ProblemError && err.status === 401)
      redirect(303, `/login?notice=expired&next=${encodeURIComponent(event.url.pathname)}`);
    if (err instanceof ProblemError && err.status === 404) error(404, '该文件不存在');
    error(503, '服务暂时不可用，请稍后再试');
  }
  const headers = new Headers();
  for (const name of ['content-type', 'content-length', 'content-disposition', 'etag']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('x-content-type-options', 'nosniff');
  headers.set('content-security-policy', "default-src 'none'; sandbox");
  headers.set('cache-control', 'private, no-store');
  return new Response(upstream.body, { status: 200, headers });
};
