/**
 * 资料库 【上传】: the file is streamed on to the materials service (the service-wide limits and
 * the quota apply). With JavaScript the answer is JSON; without it, a redirect back to 资料库
 * with what happened.
 */
import { json, redirect } from '@sveltejs/kit';
import { setFlash } from '$lib/server/applications';
import { forwardUpload, problemJson, problemOf, problemText, wantsJson } from '$lib/server/upload';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
  const scripted = wantsJson(event.request);
  const home = `/${event.params.station}/space/library`;
  if (!event.locals.user) {
    if (scripted) return problemJson({ status: 401, code: 'unauthenticated', title: '请先登录' });
    redirect(303, `/${event.params.station}/login?next=${encodeURIComponent(home)}`);
  }
  const secure = event.url.protocol === 'https:';
  try {
    const file = await forwardUpload(event, null);
    if (scripted) return json({ file }, { status: 201 });
    setFlash(event.cookies, { scope: 'library', notice: `已上传：${file.name}` }, secure);
  } catch (err) {
    const problem = problemOf(err);
    if (scripted) return problemJson(problem);
    const message = problemText(problem);
    setFlash(
      event.cookies,
      { scope: 'library', errors: { message, fields: { 'library-file': message } } },
      secure,
    );
  }
  redirect(303, home);
};
