import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseBusinessFormData } from '@hall/web';
import type { BusinessForm } from '@hall/platform/forms';
import type { Application, ApplicationPatch, BasicKey } from '@hall/web/server';
import {
  applicationHref,
  errorsOf,
  formRevision,
  loadApplication,
  takeFlash,
} from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** What 补齐补正 asks for: material ids, 基本信息 keys, 业务表单 keys. */
function requested(application: Application) {
  const s = application.supplement ?? { materials: [], fields: [], note: '', requestedAt: '' };
  const basic = s.fields.filter((f) => f.startsWith('basic/')).map((f) => f.slice(6) as BasicKey);
  const answers = s.fields.filter((f) => f.startsWith('answers/')).map((f) => f.slice(8));
  return { materials: s.materials, basic, answers };
}

/** The business form narrowed to the fields asked for (null when none is). */
function requestedForm(application: Application, keys: string[]): BusinessForm | null {
  const form = application.item.form;
  if (!form || keys.length === 0) return null;
  const properties = Object.fromEntries(
    Object.entries(form.properties).filter(([key]) => keys.includes(key)),
  );
  return {
    ...form,
    properties,
    required: (form.required ?? []).filter((key) => keys.includes(key)),
    'x-order': form['x-order'].filter((key) => keys.includes(key)),
  };
}

function requireSupplement(application: Application): void {
  if (application.state !== 'supplement') redirect(303, applicationHref(application));
}

/** 补齐补正 (manual 3.5): exactly what the station asked for, with its note. */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  requireSupplement(application);
  const asked = requested(application);
  return {
    asked,
    form: requestedForm(application, asked.answers),
    flash: takeFlash(event, application.id),
  };
};

/** Saves the requested fields (and drops a removed file of a requested material). */
async function saveRequested(event: RequestEvent, remove: boolean) {
  const application = await loadApplication(event);
  requireSupplement(application);
  const asked = requested(application);
  const data = await event.request.formData();
  const patch: ApplicationPatch = {};
  if (asked.basic.length) {
    patch.basic = Object.fromEntries(
      asked.basic.map((key) => {
        const value = data.get(key);
        return [key, typeof value === 'string' && value.trim() ? value.trim() : null];
      }),
    );
  }
  const form = requestedForm(application, asked.answers);
  if (form) {
    const answers = parseBusinessFormData(form, data);
    patch.answers = Object.fromEntries(asked.answers.map((key) => [key, answers[key] ?? null]));
  }
  if (remove) {
    const [materialId, fileId] = String(data.get('remove') ?? '').split(':');
    const provided = application.materials.find((p) => p.materialId === materialId);
    if (materialId && asked.materials.includes(materialId) && provided?.provision === 'upload') {
      const fileIds = provided.files.map((f) => f.id).filter((id) => id !== fileId);
      patch.materials = [
        {
          materialId,
          provision: fileIds.length ? 'upload' : null,
          ...(fileIds.length ? { fileIds } : {}),
        },
      ];
    }
  }
  const values = Object.fromEntries(
    [...data.entries()].filter(([, v]) => typeof v === 'string') as Array<[string, string]>,
  );
  if (Object.keys(patch).length === 0) return { application, values, failure: null };
  try {
    const saved = await submissions().save(
      application.id,
      formRevision(data, application.revision),
      patch,
      callContext(event),
    );
    return { application: saved, values, failure: null };
  } catch (err) {
    const { status, errors } = errorsOf(err);
    return { application, values, failure: fail(status, { values, ...errors }) };
  }
}

export const actions: Actions = {
  /** 【提交】: saved, then resubmitted (same 申办流水号); the receipt follows. */
  submit: async (event) => {
    const { application, values, failure } = await saveRequested(event, false);
    if (failure) return failure;
    try {
      await submissions().resubmit(application.id, application.revision, callContext(event));
    } catch (err) {
      const { status, errors } = errorsOf(err);
      return fail(status, { values, ...errors });
    }
    redirect(303, `/${application.station}/applications/${application.id}/receipt`);
  },
  save: async (event) => {
    const { values, failure } = await saveRequested(event, false);
    return failure ?? { saved: true, values };
  },
  remove: async (event) => {
    const { values, failure } = await saveRequested(event, true);
    return failure ?? { removed: true, values };
  },
};
