import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import type { Application, ApplicationPatch, DraftStep } from '@hall/web/server';
import { previousStep } from '$lib/applications/labels';
import {
  errorsByStep,
  errorsOf,
  formRevision,
  loadApplication,
  requireDraft,
  save,
  setFlash,
  stepErrors,
  takeFlash,
} from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** 材料上传 (manual 2.1, figure 2.1.8). */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  requireDraft(application);
  return { flash: takeFlash(event, application.id) };
};

type MaterialsPatch = NonNullable<ApplicationPatch['materials']>;

/**
 * The provisions the form says: 窗口提交 materials marked for the window; a 容缺后补 material
 * ticked 窗口后补 owed at the window; an uploaded one keeps its files (minus one being removed);
 * anything else nothing yet.
 */
function provisions(application: Application, data: FormData, remove?: string): MaterialsPatch {
  const deferred = new Set(data.getAll('deferred').map(String));
  const [removeMaterial, removeFile] = (remove ?? '').split(':');
  return application.item.materials.map((m): MaterialsPatch[number] => {
    if (m.collection === 'window') return { materialId: m.id, provision: 'window' };
    if (m.necessity === 'deferrable' && deferred.has(m.id) && m.id !== removeMaterial)
      return { materialId: m.id, provision: 'deferred' };
    const provided = application.materials.find((p) => p.materialId === m.id);
    const fileIds = (provided?.provision === 'upload' ? provided.files : [])
      .map((f) => f.id)
      .filter((id) => !(m.id === removeMaterial && id === removeFile));
    if (fileIds.length) return { materialId: m.id, provision: 'upload', fileIds };
    return { materialId: m.id, provision: null };
  });
}

/** Saves the materials as the form says, leaving the draft at `step`. */
async function saveMaterials(
  event: RequestEvent,
  step: DraftStep,
  remove?: (d: FormData) => string,
) {
  const application = await loadApplication(event);
  requireDraft(application);
  const data = await event.request.formData();
  try {
    const saved = await save(event, application, formRevision(data, application.revision), {
      step,
      materials: provisions(application, data, remove?.(data)),
    });
    return { application: saved, failure: null };
  } catch (err) {
    const { status, errors } = errorsOf(err);
    return { application, failure: fail(status, errors) };
  }
}

export const actions: Actions = {
  /**
   * 【提交】: saved, then submitted; the receipt follows. Every problem comes back at once: those
   * of this step are shown here, and when 基本信息 or 业务表单 has some, the applicant is taken
   * there with them.
   */
  submit: async (event) => {
    const { application, failure } = await saveMaterials(event, 'materials');
    if (failure) return failure;
    const base = `/${application.station}/applications/${application.id}`;
    try {
      await submissions().submit(application.id, application.revision, callContext(event));
    } catch (err) {
      if (!(err instanceof ProblemError) || err.status !== 400) {
        const { status, errors } = errorsOf(err);
        return fail(status, errors);
      }
      const errors = stepErrors(err.problem);
      const byStep = errorsByStep(err.problem.errors ?? []);
      const elsewhere = (['basic', 'form'] as const).find((s) => byStep.has(s));
      if (elsewhere) {
        setFlash(event.cookies, { scope: application.id, errors }, event.url.protocol === 'https:');
        redirect(303, `${base}/${elsewhere}`);
      }
      return fail(400, errors);
    }
    redirect(303, `${base}/receipt`);
  },
  save: async (event) => {
    const { failure } = await saveMaterials(event, 'materials');
    return failure ?? { saved: true };
  },
  back: async (event) => {
    const { application, failure } = await saveMaterials(event, 'materials');
    if (failure) return failure;
    const step = previousStep('materials', application.item.form !== null);
    redirect(303, `/${application.station}/applications/${application.id}/${step}`);
  },
  /** 删除 one file of a material (it stays in 资料库). */
  remove: async (event) => {
    const { failure } = await saveMaterials(event, 'materials', (d) =>
      String(d.get('remove') ?? ''),
    );
    return failure ?? { removed: true };
  },
};
