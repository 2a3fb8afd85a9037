import { requirePublisher } from '$lib/server/publicity';
import { departmentOptions, submitEntry } from '../entry-form.server';
import type { EntryFormValues } from '../entry-form';
import type { Actions, PageServerLoad } from './$types';

/** 新建公示: saved as a draft. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const initial: EntryFormValues = {
    title: '',
    itemName: '',
    departmentId: '',
    summary: '',
    periodStart: '',
    periodEnd: '',
    file: null,
    revision: '',
  };
  return { initial, departments: await departmentOptions(station) };
};

export const actions: Actions = {
  default: (event) => submitEntry(event, null),
};
