import { fail, redirect } from '@sveltejs/kit';
import type { ApplicationState } from '@hall/web/server';
import { looksLikeId } from '$lib/catalog/filters';
import { stateOptions } from '$lib/applications/labels';
import { errorsOf, fromSubmissions } from '$lib/server/applications';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 10;

/** 我的办件 (manual 3.3): every station's applications of the account, newest change first. */
export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const state = params.get('state') ?? '';
  const filters = {
    state: stateOptions.some((o) => o.state === state) ? (state as ApplicationState) : '',
    q: (params.get('q') ?? '').trim().slice(0, 50),
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
  };
  const list = await fromSubmissions(
    submissions().list(
      {
        state: filters.state || undefined,
        q: filters.q || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      callContext(event),
    ),
  );
  return { filters, list };
};

export const actions: Actions = {
  /** 【重新办理】 of a rejected application: a new draft prefilled from it, then its steps. */
  reapply: async (event) => {
    const id = String((await event.request.formData()).get('id') ?? '');
    if (!looksLikeId(id)) return fail(400, { message: '请选择要重新办理的办件' });
    let draft;
    try {
      draft = await submissions().reapply(id, callContext(event));
    } catch (err) {
      return fail(errorsOf(err).status, { message: errorsOf(err).errors.message });
    }
    redirect(303, `/${draft.station}/applications/${draft.id}/basic`);
  },
};
