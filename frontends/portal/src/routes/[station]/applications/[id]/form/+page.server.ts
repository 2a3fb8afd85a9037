import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseBusinessFormData } from '@hall/web';
import { fieldsInOrder } from '@hall/platform/forms';
import type { DraftStep } from '@hall/web/server';
import {
  checkAnswers,
  errorsOf,
  formRevision,
  loadApplication,
  requireDraft,
  save,
  takeFlash,
} from '$lib/server/applications';
import type { Actions, PageServerLoad } from './$types';

/** 业务表单 (manual 2.1, figure 2.1.7): skipped when the item has none. */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  requireDraft(application);
  if (!application.item.form) {
    redirect(303, `/${application.station}/applications/${application.id}/materials`);
  }
  return { flash: takeFlash(event, application.id) };
};

/** Reads and saves the form as posted (an emptied field is removed), leaving the draft at `step`. */
async function saveAnswers(event: RequestEvent, step: (current: boolean) => DraftStep) {
  const application = await loadApplication(event);
  requireDraft(application);
  const form = application.item.form;
  const base = `/${application.station}/applications/${application.id}`;
  if (!form) redirect(303, `${base}/materials`);
  const data = await event.request.formData();
  const answers = parseBusinessFormData(form, data);
  const fields = checkAnswers(form, answers);
  const ok = Object.keys(fields).length === 0;
  const patch: Record<string, string | number | boolean | null> = {};
  for (const { key } of fieldsInOrder(form)) patch[key] = answers[key] ?? null;
  try {
    await save(event, application, formRevision(data, application.revision), {
      step: step(ok),
      answers: patch,
    });
  } catch (err) {
    const { status, errors } = errorsOf(err);
    return { base, answers, fields, failure: fail(status, { answers, ...errors }) };
  }
  return { base, answers, fields, failure: null };
}

export const actions: Actions = {
  /** 【下一步】: saved, then checked against the form; on to 材料上传. */
  next: async (event) => {
    const result = await saveAnswers(event, (ok) => (ok ? 'materials' : 'form'));
    if (result.failure) return result.failure;
    if (Object.keys(result.fields).length > 0) {
      return fail(400, {
        answers: result.answers,
        message: '业务表单填写有误，请检查后重试',
        fields: result.fields,
      });
    }
    redirect(303, `${result.base}/materials`);
  },
  save: async (event) => {
    const result = await saveAnswers(event, () => 'form');
    if (result.failure) return result.failure;
    return { saved: true, answers: result.answers };
  },
  back: async (event) => {
    const result = await saveAnswers(event, () => 'form');
    if (result.failure) return result.failure;
    redirect(303, `${result.base}/basic`);
  },
};
