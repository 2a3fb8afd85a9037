/**
 * A file of an application, streamed from materials through a short-lived signed link asked for
 * with the staff member's token (materials audits a staff member's look at an applicant's file).
 * Images and PDFs may be asked for `inline` (the preview); everything else is an attachment.
 */
import { ProblemError } from '@hall/web';
import { error, redirect } from '@sveltejs/kit';
import { previewable } from '$lib/applications';
import { loadApplication, requireCaseworker, worklist } from '$lib/server/applications';
import { callContext } from '$lib/server/services';
import { fileOf } from '../file.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  const { station } = requireCaseworker(event);
  const app = await loadApplication(event, station);
  const file = fileOf(app, event.params.fileId);
  const inline = event.url.searchParams.get('inline') === '1' && previewable(file.mediaType);
  let download;
  try {
    download = await worklist().download(file.id, callContext(event), inline);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 401) redirect(303, `/login?notice=expired&next=/applications/${app.id}`);
    // Granted by event a moment after submission: until then materials does not know the grant.
    if (err.status === 404) error(404, '文件暂时无法读取，请稍后再试');
    error(err.status >= 500 ? 503 : err.status, err.problem.title);
  }
  const headers = new Headers({
    'content-type': download.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    // The preview page frames it; nothing in it may run (a PDF is shown by the browser's viewer).
    'content-security-policy':
      inline && file.mediaType === 'application/pdf'
        ? "default-src 'none'; frame-ancestors 'self'"
        : "default-src 'none'; frame-ancestors 'self'; sandbox",
  });
  if (download.contentLength) headers.set('content-length', download.contentLength);
  if (download.contentDisposition) headers.set('content-disposition', download.contentDisposition);
  return new Response(download.body, { status: 200, headers });
};
