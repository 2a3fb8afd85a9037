import { fail, redirect } from '@sveltejs/kit';
import {
  errorsOf,
  formRevision,
  loadApplication,
  requireDraft,
  save,
  takeFlash,
} from '$lib/server/applications';
import type { Actions, PageServerLoad } from './$types';

/** 阅读须知 of a draft (one kept with 【暂存】 before 基本信息, and resumed from 我的办件). */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  requireDraft(application);
  return { flash: takeFlash(event, application.id) };
};

export const actions: Actions = {
  /** 【下一步】: the confirmation must be ticked; on to 基本信息. */
  next: async (event) => {
    const application = await loadApplication(event);
    requireDraft(application);
    const data = await event.request.formData();
    if (data.get('confirm') !== '1') {
      return fail(400, {
        message: '请先阅读须知和材料清单',
        fields: { confirm: '请勾选“我已阅读并知晓以上须知和所需材料”' },
      });
    }
    try {
      await save(event, application, formRevision(data, application.revision), { step: 'basic' });
    } catch (err) {
      const { status, errors } = errorsOf(err);
      return fail(status, errors);
    }
    redirect(303, `/${application.station}/applications/${application.id}/basic`);
  },
  /** 【暂存】: the draft is kept at 阅读须知. */
  save: async (event) => {
    const application = await loadApplication(event);
    requireDraft(application);
    const data = await event.request.formData();
    try {
      await save(event, application, formRevision(data, application.revision), { step: 'notice' });
    } catch (err) {
      const { status, errors } = errorsOf(err);
      return fail(status, errors);
    }
    return { saved: true };
  },
};
