import { requirePublisher } from '$lib/server/publicity';
import { submitNotice } from '../notice-form.server';
import type { NoticeFormValues } from '../notice-form';
import type { Actions, PageServerLoad } from './$types';

/** 新建公告: saved as a draft, then shown as the public will see it. */
export const load: PageServerLoad = (event) => {
  const { station } = requirePublisher(event);
  const initial: NoticeFormValues = {
    title: '',
    body: '',
    attachments: [],
    images: [],
    revision: '',
  };
  return { station, initial };
};

export const actions: Actions = {
  default: (event) => submitNotice(event, null),
};
