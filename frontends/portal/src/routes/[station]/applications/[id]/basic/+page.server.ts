import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Profile } from '@hall/web';
import type { Application, BasicKey } from '@hall/web/server';
import { basicFields, nextStep } from '$lib/applications/labels';
import {
  checkBasic,
  errorsOf,
  formRevision,
  loadApplication,
  requireDraft,
  save,
  takeFlash,
} from '$lib/server/applications';
import { callContext, identity } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

type Values = Partial<Record<BasicKey, string>>;

/** What the account's profile gives 基本信息 before anything was saved (manual 3.2). */
function fromProfile(profile: Profile): Values {
  if (profile.kind === 'unit') {
    return {
      name: profile.unitName,
      idNumber: profile.creditCode,
      legalRepresentative: profile.legalRepName,
      contactName: profile.operatorName,
      mobile: profile.mobile,
      address: profile.address ?? '',
    };
  }
  return {
    name: profile.realName,
    idNumber: profile.idNumber,
    contactName: profile.realName,
    mobile: profile.mobile,
    address: profile.address ?? '',
  };
}

/**
 * 基本信息 as saved, each key not saved yet filled from the profile (the profile can be away:
 * then the person types it).
 */
async function initialValues(event: RequestEvent, application: Application): Promise<Values> {
  const saved: Values = {};
  for (const { key } of basicFields(application.applicantKind)) {
    const value = application.basic[key];
    if (value !== null && value !== undefined) saved[key] = value;
  }
  const missing = basicFields(application.applicantKind).some((f) => saved[f.key] === undefined);
  if (!missing) return saved;
  const profile = await identity()
    .me(callContext(event))
    .catch(() => null);
  return { ...(profile ? fromProfile(profile) : {}), ...saved };
}

export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  requireDraft(application);
  return {
    values: await initialValues(event, application),
    flash: takeFlash(event, application.id),
  };
};

function readValues(application: Application, data: FormData): Values {
  const values: Values = {};
  for (const { key } of basicFields(application.applicantKind)) {
    const value = data.get(key);
    values[key] = typeof value === 'string' ? value.trim() : '';
  }
  return values;
}

/** The draft of this page and its form as posted. */
async function posted(event: RequestEvent) {
  const application = await loadApplication(event);
  requireDraft(application);
  const data = await event.request.formData();
  return { application, data, values: readValues(application, data) };
}

/** Saves what the form holds (an emptied field is cleared), leaving the draft at `step`. */
async function saveBasic(
  event: RequestEvent,
  { application, data, values }: Awaited<ReturnType<typeof posted>>,
  step: NonNullable<Application['step']>,
) {
  const basic = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v || null]));
  try {
    await save(event, application, formRevision(data, application.revision), { step, basic });
    return null;
  } catch (err) {
    const { status, errors } = errorsOf(err);
    return fail(status, { values, ...errors });
  }
}

export const actions: Actions = {
  /** 【下一步】: saved, then checked as 【提交】 will check it; on to 业务表单 or 材料上传. */
  next: async (event) => {
    const form = await posted(event);
    const { application, values } = form;
    const fields = checkBasic(application.applicantKind, values);
    const ok = Object.keys(fields).length === 0;
    const next = nextStep('basic', application.item.form !== null);
    const failure = await saveBasic(event, form, ok && next !== 'submit' ? next : 'basic');
    if (failure) return failure;
    if (!ok) return fail(400, { values, message: '基本信息有误，请检查后重试', fields });
    redirect(303, `/${application.station}/applications/${application.id}/${next}`);
  },
  /** 【暂存】: saved as it is, the page stays. */
  save: async (event) => {
    const form = await posted(event);
    const failure = await saveBasic(event, form, 'basic');
    if (failure) return failure;
    return { saved: true, values: form.values };
  },
  /** 【上一步】: saved, back to 阅读须知. */
  back: async (event) => {
    const form = await posted(event);
    const failure = await saveBasic(event, form, 'basic');
    if (failure) return failure;
    redirect(303, `/${form.application.station}/applications/${form.application.id}/notice`);
  },
};
