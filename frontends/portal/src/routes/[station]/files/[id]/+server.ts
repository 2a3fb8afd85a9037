/**
 * A file of the signed-in account (资料库, an application's 申请材料 or 结果材料): the materials
 * service checks the account may see it and gives a short-lived signed link, which is followed
 * here and streamed on; the browser never sees the link. Someone else's file is the 404 page.
 */
import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { requireUser } from '$lib/server/applications';
import { fromMaterials, NOT_FOUND_FILE } from '$lib/server/library';
import { callContext, materials } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireUser(event);
  if (!looksLikeId(event.params.id)) error(404, NOT_FOUND_FILE);
  const file = await fromMaterials(materials().download(event.params.id, callContext(event)));
  const headers = new Headers({
    'content-type': file.contentType,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    // What the service sends is the person's own file: never run as a page of the portal.
    'content-security-policy': "default-src 'none'; sandbox",
  });
  if (file.contentDisposition) headers.set('content-disposition', file.contentDisposition);
  if (file.contentLength) headers.set('content-length', file.contentLength);
  return new Response(file.body, { headers });
};
