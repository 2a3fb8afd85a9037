/**
 * 【选择附件】 of a material: the file is streamed on to the materials service (with the
 * material's file types and size limit), then added to the material's files in the draft (or,
 * in 补齐补正, in a requested material). With JavaScript the answer is JSON; without it, a
 * redirect back to the step with a one-shot message.
 */
import { error, json, redirect } from '@sveltejs/kit';
import type { Application } from '@hall/web/server';
import { materialField } from '$lib/applications/labels';
import { errorsOf, loadApplication, setFlash, type Flash } from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import { forwardUpload, problemJson, problemOf, problemText, wantsJson } from '$lib/server/upload';
import type { RequestHandler } from './$types';

/** The page the upload was made from. */
function pageOf(application: Application, materialId: string): string {
  const base = `/${application.station}/applications/${application.id}`;
  return `${base}/${application.state === 'supplement' ? 'supplement' : 'materials'}#m-${materialId}`;
}

export const POST: RequestHandler = async (event) => {
  const scripted = wantsJson(event.request);
  if (!event.locals.user) {
    if (scripted) return problemJson({ status: 401, code: 'unauthenticated', title: '请先登录' });
    redirect(303, `/${event.params.station}/login`);
  }
  const application = await loadApplication(event);
  const materialId = event.url.searchParams.get('material') ?? '';
  const material = application.item.materials.find((m) => m.id === materialId);
  const open =
    application.state === 'draft' ||
    (application.state === 'supplement' &&
      (application.supplement?.materials ?? []).includes(materialId));
  if (!material || material.collection !== 'upload' || !open) error(404, '该材料无需在此上传');

  const secure = event.url.protocol === 'https:';
  const answer = (flash: Omit<Flash, 'scope'>, status: number, body: unknown) => {
    if (scripted) return json(body, { status });
    setFlash(event.cookies, { scope: application.id, ...flash }, secure);
    redirect(303, pageOf(application, materialId));
  };
  const refused = (message: string, status: number, body: unknown) =>
    answer({ errors: { message, fields: { [materialField(materialId)]: message } } }, status, body);

  let file;
  try {
    file = await forwardUpload(event, {
      station: application.station,
      item: application.item.id,
      version: application.item.version,
      material: materialId,
    });
  } catch (err) {
    const problem = problemOf(err);
    if (scripted) return problemJson(problem);
    return refused(problemText(problem), problem.status, problem);
  }

  // Added to what the material has now: read again, the page may be older than the draft.
  const ctx = callContext(event);
  try {
    const current = await submissions().get(application.id, ctx);
    const provided = current.materials.find((m) => m.materialId === materialId);
    const fileIds = [
      ...(provided?.provision === 'upload' ? provided.files.map((f) => f.id) : []),
      file.id,
    ];
    const saved = await submissions().save(
      current.id,
      current.revision,
      { materials: [{ materialId, provision: 'upload', fileIds }] },
      ctx,
    );
    return answer({ notice: `已上传：${file.name}` }, 201, { file, revision: saved.revision });
  } catch (err) {
    const { status, errors } = errorsOf(err);
    const message = errors.fields[materialField(materialId)] ?? errors.message;
    return refused(message, status, { status, code: 'not_attached', title: message });
  }
};
