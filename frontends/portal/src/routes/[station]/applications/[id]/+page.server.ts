import { redirect } from '@sveltejs/kit';
import { applicationHref } from '$lib/server/applications';
import type { PageServerLoad } from './$types';

/** An application's own address leads to where it stands: its step, 补齐补正, or its detail. */
export const load: PageServerLoad = async ({ parent }) => {
  const { application } = await parent();
  redirect(303, applicationHref(application));
};
