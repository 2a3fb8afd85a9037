import { ProblemError } from '@hall/web';
import { fail, redirect } from '@sveltejs/kit';
import { loadFromWorklist, requireCaseworker, worklist } from '$lib/server/applications';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import { shanghaiDateTime } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/**
 * 差评跟进: every 不满意 / 非常不满意 evaluation of the station's applications opens a task; staff
 * record how it was followed up (回复). Open tasks first (oldest first), then the responded ones.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCaseworker(event);
  const params = event.url.searchParams;
  const state = params.get('state') === 'responded' ? 'responded' : 'open';
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1));
  const [list, open, responded] = await loadFromWorklist(event, (api, ctx) =>
    Promise.all([
      api.followUps(station, { state, page, pageSize: PAGE_SIZE }, ctx),
      api.followUps(station, { state: 'open', pageSize: 1 }, ctx),
      api.followUps(station, { state: 'responded', pageSize: 1 }, ctx),
    ]),
  );
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (p: number) =>
    `/follow-ups?${new URLSearchParams({ state, ...(p > 1 ? { page: String(p) } : {}) })}`;
  return {
    state,
    counts: { open: open.total, responded: responded.total },
    items: list.items.map((f) => ({
      id: f.id,
      applicationId: f.applicationId,
      serial: f.serial ?? '—',
      itemName: f.itemName,
      level: f.levelLabel,
      comment: f.comment,
      created: shanghaiDateTime(f.createdAt),
      response: f.response,
      responded: f.respondedAt ? shanghaiDateTime(f.respondedAt) : null,
    })),
    page: list.page,
    pages,
    prevHref: list.page > 1 ? href(list.page - 1) : null,
    nextHref: list.page < pages ? href(list.page + 1) : null,
  };
};

export const actions: Actions = {
  respond: async (event) => {
    const { station } = requireCaseworker(event);
    const data = await event.request.formData();
    const id = String(data.get('id') ?? '');
    const response = String(data.get(`response-${id}`) ?? '').trim();
    const values = { id, response };
    if (!response)
      return fail(400, {
        values,
        message: '请填写跟进回复',
        fields: { [`response-${id}`]: '请填写跟进回复' },
      });
    try {
      await worklist().respond(station, id, response, callContext(event));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 409)
        return fail(409, { values, message: '该差评已由他人回复，请刷新', fields: {} });
      const failure = consoleFormFailure(
        err instanceof ProblemError && err.problem.errors
          ? new ProblemError({
              ...err.problem,
              errors: err.problem.errors.map((e) => ({ ...e, field: `response-${id}` })),
            })
          : err,
        values,
        [`response-${id}`],
        '/follow-ups',
      );
      return failure;
    }
    setFlash(event, '已记录跟进回复');
    redirect(303, '/follow-ups?state=responded');
  },
};
