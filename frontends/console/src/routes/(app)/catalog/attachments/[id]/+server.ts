import { error } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import { catalogAdmin, requireCatalogEditor } from '$lib/server/catalog';
import { callContext } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** A blank form or sample of this station, streamed from catalog (the editor checks uploads). */
export const GET: RequestHandler = async (event) => {
  const { station } = requireCatalogEditor(event);
  let upstream: Response;
  try {
    upstream = await catalogAdmin().attachment(station, event.params.id, callContext(event));
  } catch (err) {
    if (err instanceof ProblemError && err.status === 404) error(404, '该附件不存在');
    error(503, '服务暂时不可用，请稍后再试');
  }
  const headers = new Headers();
  for (const name of ['content-type', 'content-length', 'content-disposition', 'etag']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('content-security-policy', "default-src 'none'; sandbox");
  headers.set('cache-control', 'private, no-store');
  return new Response(upstream.body, { status: 200, headers });
};
