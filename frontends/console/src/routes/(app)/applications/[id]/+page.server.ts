import { loadApplication, requireCaseworker } from '$lib/server/applications';
import { applicationDetail } from './application.server';
import type { PageServerLoad } from './$types';

/**
 * 办件详情: everything the applicant gave (full personal data: staff of the handling station
 * handle it; submissions audits every view), the time limits, the decisions this staff member
 * may take now, the result and the evaluation, and the 办理进度.
 */
export const load: PageServerLoad = async (event) => {
  const { user, station } = requireCaseworker(event);
  const app = await loadApplication(event, station);
  return applicationDetail(app, user);
};
