import { ProblemError, type Profile, type ProfileUpdate } from '@hall/web';
import { formFailure, formText } from '@hall/web/server';
import { error, redirect } from '@sveltejs/kit';
import { callContext, identity, session } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Values shown masked unless the owner asks to see them (`?show=idNumber`, …). */
const REVEALABLE = ['idNumber', 'mobile', 'creditCode', 'legalRepIdNumber'] as const;
type Revealable = (typeof REVEALABLE)[number];

async function loadProfile(
  event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'params' | 'cookies' | 'url'>,
): Promise<Profile> {
  try {
    return await identity().me(callContext(event));
  } catch (err) {
    if (err instanceof ProblemError && err.status === 401) {
      session().clear(event);
      redirect(
        303,
        `/${event.params.station}/login?next=${encodeURIComponent(event.url.pathname)}`,
      );
    }
    if (err instanceof ProblemError) error(err.status >= 500 ? 503 : err.status, err.problem.title);
    throw err;
  }
}

/**
 * 个人信息 / 资料设置. ID, phone and credit-code numbers reach the page masked; the full value
 * only when its owner asks with 显示 (a link, so it works without JavaScript), never by default.
 */
export const load: PageServerLoad = async (event) => {
  const profile = await loadProfile(event);
  const show = new Set(
    event.url.searchParams
      .getAll('show')
      .filter((s): s is Revealable => (REVEALABLE as readonly string[]).includes(s)),
  );
  const shown = (name: Revealable, full: string, masked: string) => ({
    value: show.has(name) ? full : masked,
    shown: show.has(name),
  });
  const common = {
    username: profile.username,
    mobile: shown('mobile', profile.mobile, profile.mobileMasked),
    email: profile.email ?? '',
    address: profile.address ?? '',
    hasSecurityQuestions: profile.hasSecurityQuestions,
    show: [...show],
  };
  if (profile.kind === 'person') {
    return {
      profile: {
        ...common,
        kind: 'person' as const,
        realName: profile.realName,
        idNumber: shown('idNumber', profile.idNumber, profile.idNumberMasked),
      },
    };
  }
  return {
    profile: {
      ...common,
      kind: 'unit' as const,
      unitName: profile.unitName,
      creditCode: shown('creditCode', profile.creditCode, profile.creditCodeMasked),
      legalRepName: profile.legalRepName,
      legalRepIdNumber: shown(
        'legalRepIdNumber',
        profile.legalRepIdNumber,
        profile.legalRepIdNumberMasked,
      ),
      operatorName: profile.operatorName,
    },
  };
};

const EDITABLE = [
  'mobile',
  'email',
  'address',
  'operatorName',
  'legalRepName',
  'legalRepIdNumber',
] as const;

export const actions: Actions = {
  /**
   * 资料设置: only what identity lets the owner change. A blank new mobile or ID number keeps
   * the current one (their inputs start empty so the numbers are not shown in full).
   */
  default: async (event) => {
    const data = await event.request.formData();
    const values = Object.fromEntries(EDITABLE.map((f) => [f, formText(data, f)])) as Record<
      (typeof EDITABLE)[number],
      string
    >;
    const update: ProfileUpdate = {
      email: values.email.trim() || null,
      address: values.address.trim() || null,
    };
    if (values.mobile.trim()) update.mobile = values.mobile;
    if (event.locals.user?.kind === 'unit') {
      update.operatorName = values.operatorName;
      update.legalRepName = values.legalRepName;
      if (values.legalRepIdNumber.trim()) update.legalRepIdNumber = values.legalRepIdNumber;
    }
    try {
      await identity().updateMe(update, callContext(event));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 401)
        redirect(303, `/${event.params.station}/login`);
      return formFailure(err, values, EDITABLE);
    }
    return { saved: true };
  },
};
