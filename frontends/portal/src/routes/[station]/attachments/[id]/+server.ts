import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { catalog, fromCatalog } from '$lib/server/catalog';
import type { RequestHandler } from './$types';

const NOT_FOUND = '您要下载的文件不存在';

/**
 * A blank form (空白表格) or sample (示例样表) of this station's catalog, streamed through from
 * the catalog: the browser only ever talks to the portal.
 */
export const GET: RequestHandler = async ({ params }) => {
  if (!looksLikeId(params.id)) error(404, NOT_FOUND);
  const file = await fromCatalog(catalog().attachment(params.station, params.id), NOT_FOUND);
  const headers = new Headers({
    'content-type': file.contentType,
    // Attachments are immutable: a new file is a new id.
    'cache-control': 'public, max-age=86400, immutable',
    'content-disposition': file.contentDisposition ?? 'attachment',
  });
  if (file.contentLength) headers.set('content-length', file.contentLength);
  return new Response(file.body, { headers });
};
