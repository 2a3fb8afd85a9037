import { error } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import { catalogAdmin, requireCatalogEditor } from '$lib/server/catalog';
import { callContext } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * 导出: the station's catalog as catalog writes it (xlsx or csv), streamed through to the
 * browser as a download. The station is the signed-in editor's.
 */
export const GET: RequestHandler = async (event) => {
  const { station } = requireCatalogEditor(event);
  const format = event.url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  let upstream: Response;
  try {
    upstream = await catalogAdmin().exportCatalog(station, format, callContext(event));
  } catch (err) {
    if (err instanceof ProblemError && err.status < 500) error(err.status, err.problem.title);
    error(503, '服务暂时不可用，请稍后再试');
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of ['content-type', 'content-length', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-disposition')) {
    headers.set('content-disposition', `attachment; filename="catalog-${station}.${format}"`);
  }
  return new Response(upstream.body, { status: 200, headers });
};
