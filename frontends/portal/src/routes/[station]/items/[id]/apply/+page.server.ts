import { error, fail, redirect } from '@sveltejs/kit';
import type { ItemGuide } from '@hall/web/server';
import { looksLikeId } from '$lib/catalog/filters';
import { errorsOf, setFlash } from '$lib/server/applications';
import { catalog, fromCatalog, NOT_FOUND_ITEM } from '$lib/server/catalog';
import { callContext, submissions } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * Whether the signed-in account may apply for this item online, and if not, why:
 * `offline` (not applicable online), `sub-items` (a parent: apply for one of its sub-items),
 * `legal-only` (a 个人 account on an item for 法人), `person-only` (a unit on an item for 自然人).
 */
export type Eligibility = 'ok' | 'offline' | 'sub-items' | 'legal-only' | 'person-only';

function eligibility(guide: ItemGuide, kind: PortalUser['kind']): Eligibility {
  const { online, serviceObjects } = guide.definition;
  if (!online) return 'offline';
  if (guide.subItems.length > 0) return 'sub-items';
  if (kind === 'person' && !serviceObjects.includes('person')) return 'legal-only';
  if (kind === 'unit' && !serviceObjects.includes('legal')) return 'person-only';
  return 'ok';
}

/**
 * 阅读须知 is for the signed-in: others sign in first and come back here. An unknown item is a
 * 404 straight away (guides are public), not after signing in.
 */
async function signedInGuide({ locals, params, url }: RequestEvent) {
  if (!looksLikeId(params.id)) error(404, NOT_FOUND_ITEM);
  const guide = await fromCatalog(catalog().item(params.station, params.id));
  if (guide.station !== params.station) error(404, NOT_FOUND_ITEM);
  if (!locals.user) {
    redirect(303, `/${params.station}/login?next=${encodeURIComponent(url.pathname)}`);
  }
  return { guide, eligibility: eligibility(guide, locals.user.kind) };
}

export const load: PageServerLoad = (event) => signedInGuide(event);

/**
 * The draft the applicant fills in from here: created on the item's current published version
 * (the submissions service checks again that this account may apply for it online).
 */
async function createDraft(event: RequestEvent) {
  try {
    return {
      draft: await submissions().createDraft(
        event.params.station,
        event.params.id,
        callContext(event),
      ),
    };
  } catch (err) {
    const { status, errors } = errorsOf(err);
    return { failure: fail(status, { message: errors.message, fields: errors.fields }) };
  }
}

const noFields = (): Record<string, string> => ({});

export const actions: Actions = {
  /**
   * 【下一步】 after reading: the confirmation must be ticked; then the draft is made and the
   * applicant goes on to 基本信息.
   */
  next: async (event) => {
    const { eligibility } = await signedInGuide(event);
    const fields: Record<string, string> = {};
    if (eligibility !== 'ok') return fail(409, { message: '本事项不能由当前账号在线申报', fields });
    const data = await event.request.formData();
    if (data.get('confirm') !== '1') {
      fields.confirm = '请勾选“我已阅读并知晓以上须知和所需材料”';
      return fail(400, { message: '请先阅读须知和材料清单', fields });
    }
    const { draft, failure } = await createDraft(event);
    if (!draft) return failure;
    try {
      await submissions().save(draft.id, draft.revision, { step: 'basic' }, callContext(event));
    } catch {
      // The draft exists; where it was left matters only for 【修改】, which then starts here.
    }
    redirect(303, `/${draft.station}/applications/${draft.id}/basic`);
  },
  /** 【暂存】 on 阅读须知: the draft is made and kept in 我的办件, and the page stays here. */
  save: async (event) => {
    const { eligibility } = await signedInGuide(event);
    if (eligibility !== 'ok')
      return fail(409, { message: '本事项不能由当前账号在线申报', fields: noFields() });
    const { draft, failure } = await createDraft(event);
    if (!draft) return failure;
    setFlash(
      event.cookies,
      {
        scope: draft.id,
        notice: '已暂存。您可以在【我的办件】中找到该草稿件，点击【修改】继续申报。',
      },
      event.url.protocol === 'https:',
    );
    redirect(303, `/${draft.station}/applications/${draft.id}/notice`);
  },
};
