import { departmentOf, letterFormData, submitLetter } from '$lib/server/letters';
import type { Actions, PageServerLoad } from './$types';

/** 建议意见 to the chosen department (manual 4.3, figure 4.3.3). */
export const load: PageServerLoad = async (event) => {
  const [department, form] = await Promise.all([departmentOf(event), letterFormData(event)]);
  return { department, letterForm: form };
};

export const actions: Actions = {
  /** 【提交】 → the success dialog with the 受理编码. */
  default: async (event) => submitLetter(event, 'suggestion', await departmentOf(event)),
};
