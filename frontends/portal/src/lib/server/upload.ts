/**
 * Uploads through the portal: the browser's multipart body is passed on to the materials
 * service as it arrives (never buffered here), with the signed-in account's token. The answer
 * suits who asked: JSON (the script behind 【选择附件】, which shows the progress) or, for a plain
 * form post made without JavaScript, a redirect back to the page with a one-shot message.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { ProblemError, unavailableProblem, type Problem } from '@hall/web';
import type { FileInfo, UploadTarget } from '@hall/web/server';
import { callContext, materials } from './services';

/** The script asks for JSON; a browser's own form post asks for a page. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/** A problem as the answer to a script. */
export function problemJson(problem: Problem): Response {
  return json(problem, {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** A thrown ProblemError as a problem (5xx reads as 服务暂时不可用); anything else is rethrown. */
export function problemOf(err: unknown): Problem {
  if (!(err instanceof ProblemError)) throw err;
  return err.status >= 500 ? unavailableProblem() : err.problem;
}

/** The problem's title with its field messages: what the person is told. */
export function problemText(problem: Problem): string {
  const details = (problem.errors ?? []).map((e) => e.message).filter(Boolean);
  return [problem.title, ...details].join('：');
}

/**
 * Streams the request's multipart body to materials `POST /files` (with the material's limits
 * when `target` is given). A request that is not multipart is refused here, before anything is
 * sent.
 */
export async function forwardUpload(
  event: RequestEvent,
  target: UploadTarget | null,
): Promise<FileInfo> {
  const { request } = event;
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) {
    throw new ProblemError({
      status: 415,
      code: 'unsupported_media_type',
      title: '请选择要上传的文件',
    });
  }
  return materials().upload(
    {
      body: request.body,
      contentType,
      contentLength: request.headers.get('content-length'),
    },
    target,
    callContext(event),
  );
}
