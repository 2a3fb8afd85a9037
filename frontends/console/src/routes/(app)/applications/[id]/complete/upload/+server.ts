/**
 * 上传结果材料: the browser's multipart body streamed on to materials `POST /files` as the staff
 * member's upload (never buffered here). With JavaScript (the upload field's script asks for
 * JSON) the answer is the file's description; without it, a redirect back to the 办结 page with
 * the file added to its list, or with the refusal's message.
 */
import { ProblemError, unavailableProblem, type Problem } from '@hall/web';
import { error, json, redirect } from '@sveltejs/kit';
import { requireCaseworker, worklist } from '$lib/server/applications';
import { callContext } from '$lib/server/services';
import {
  completeHref,
  MAX_RESULT_FILES,
  resultFileIds,
  setUploadError,
} from '../result-files.server';
import type { RequestHandler } from './$types';

/** The problem's title with its field messages: what the staff member is told. */
function problemText(problem: Problem): string {
  const details = (problem.errors ?? []).map((e) => e.message).filter(Boolean);
  return [problem.title, ...details].join('：');
}

export const POST: RequestHandler = async (event) => {
  const { user } = requireCaseworker(event);
  // 办结 is the approver's (and the station admin's): nobody else uploads result files.
  if (!user.roles.includes('approver') && !user.roles.includes('station_admin'))
    error(403, '您的岗位不能上传结果材料');
  const scripted = (event.request.headers.get('accept') ?? '').includes('application/json');
  const ids = resultFileIds(event.url);
  const back = completeHref(event.params.id, ids);

  let problem: Problem | null = null;
  const contentType = event.request.headers.get('content-type') ?? '';
  if (ids.length >= MAX_RESULT_FILES) {
    problem = { status: 400, code: 'too_many_files', title: `结果材料最多${MAX_RESULT_FILES}个` };
  } else if (!contentType.toLowerCase().startsWith('multipart/form-data') || !event.request.body) {
    problem = { status: 415, code: 'unsupported_media_type', title: '请选择要上传的文件' };
  } else {
    try {
      const file = await worklist().uploadResult(
        {
          body: event.request.body,
          contentType,
          contentLength: event.request.headers.get('content-length'),
        },
        callContext(event),
      );
      if (scripted) return json(file, { status: 201 });
      redirect(303, completeHref(event.params.id, [...ids, file.id]));
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      if (err.status === 401)
        redirect(303, `/login?notice=expired&next=${encodeURIComponent(back)}`);
      problem = err.status >= 500 ? unavailableProblem() : err.problem;
    }
  }
  if (scripted)
    return json(problem, {
      status: problem.status,
      headers: { 'content-type': 'application/problem+json' },
    });
  setUploadError(event, problemText(problem));
  redirect(303, back);
};
