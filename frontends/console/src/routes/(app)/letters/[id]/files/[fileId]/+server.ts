/**
 * An attachment of a letter, streamed from materials through a short-lived signed link asked
 * for with the staff member's token (materials checks the grant it made for the letter and
 * audits the look). Always a download: nothing of it runs in the console's origin.
 */
import { ProblemError } from '@hall/web';
import { error, redirect } from '@sveltejs/kit';
import { worklist } from '$lib/server/applications';
import { loadLetter, requireLettersStaff } from '$lib/server/letters';
import { callContext } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  const { station } = requireLettersStaff(event);
  const letter = await loadLetter(event, station);
  const file = letter.attachments.find((a) => a.fileId === event.params.fileId);
  // Only files the letter holds: the console serves nothing else under the letter's path.
  if (!file) error(404, '该信件没有此附件');
  let download;
  try {
    download = await worklist().download(file.fileId, callContext(event));
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 401) redirect(303, `/login?notice=expired&next=/letters/${letter.id}`);
    // Granted by event a moment after the letter arrives: until then materials does not know it.
    if (err.status === 404) error(404, '附件暂时无法读取，请稍后再试');
    error(err.status >= 500 ? 503 : err.status, err.problem.title);
  }
  const headers = new Headers({
    'content-type': download.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  if (download.contentLength) headers.set('content-length', download.contentLength);
  headers.set('content-disposition', download.contentDisposition ?? 'attachment');
  return new Response(download.body, { status: 200, headers });
};
