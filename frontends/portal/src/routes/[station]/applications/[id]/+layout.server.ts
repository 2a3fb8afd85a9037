import { loadApplication } from '$lib/server/applications';
import type { LayoutServerLoad } from './$types';

/**
 * Every page of an application (its steps, 申报告知单, 补齐补正): the signed-in applicant's own
 * application of this station, read fresh on every navigation and after every form post.
 */
export const load: LayoutServerLoad = async (event) => {
  // Each step's form posts change the application: read it again after every one of them.
  event.depends('app:application');
  return { application: await loadApplication(event) };
};
