import { redirect } from '@sveltejs/kit';
import { applicationHref, fromSubmissions, takeFlash } from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** 申报告知单 (manual 2.1, figure 2.1.9) of a submitted application. */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  if (application.state === 'draft') redirect(303, applicationHref(application));
  const receipt = await fromSubmissions(submissions().receipt(application.id, callContext(event)));
  return { receipt, flash: takeFlash(event, application.id) };
};
