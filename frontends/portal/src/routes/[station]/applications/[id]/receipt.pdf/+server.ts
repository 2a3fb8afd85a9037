/** 【下载PDF】: the receipt as the submissions service renders it, streamed through. */
import { error } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { fromSubmissions, NOT_FOUND_APPLICATION, requireUser } from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireUser(event);
  if (!looksLikeId(event.params.id)) error(404, NOT_FOUND_APPLICATION);
  const application = await fromSubmissions(submissions().get(event.params.id, callContext(event)));
  if (application.station !== event.params.station || !application.serial) {
    error(404, NOT_FOUND_APPLICATION);
  }
  const pdf = await fromSubmissions(submissions().receiptPdf(application.id, callContext(event)));
  const headers = new Headers({
    'content-type': pdf.contentType,
    'content-disposition':
      pdf.contentDisposition ??
      `attachment; filename="receipt-${application.serial}.pdf"; filename*=UTF-8''${encodeURIComponent(`申报告知单-${application.serial}.pdf`)}`,
    'cache-control': 'private, no-store',
  });
  if (pdf.contentLength) headers.set('content-length', pdf.contentLength);
  return new Response(pdf.body, { headers });
};
