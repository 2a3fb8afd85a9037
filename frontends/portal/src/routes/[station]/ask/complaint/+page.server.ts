import { departmentsOf, letterFormData, submitLetter } from '$lib/server/letters';
import type { Actions, PageServerLoad } from './$types';

/** 我要投诉 (manual 4.2, figure 4.2.2): the department complained about is optional. */
export const load: PageServerLoad = async (event) => {
  const [departments, form] = await Promise.all([
    departmentsOf(event.params.station),
    letterFormData(event),
  ]);
  return { departments, letterForm: form };
};

export const actions: Actions = {
  /** 【提交】 → the success dialog with the 受理编码. */
  default: async (event) => submitLetter(event, 'complaint', null),
};
