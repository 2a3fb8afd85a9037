import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { setFlash } from '$lib/server/forms';
import { requireStationAdmin } from '$lib/server/guards';
import {
  loadFromPublicity,
  publicityDesk,
  saveOrRefusal,
  savedRevision,
} from '$lib/server/publicity';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
  'displayName',
  'bannerTitle',
  'bannerSubtitle',
  'address',
  'phone',
  'hours',
  'email',
] as const;
type ProfileValues = Record<(typeof FIELDS)[number] | 'revision', string>;

/**
 * 站点个性化 (station admins): the station's display name, banner and contact footer on the
 * portal, saved on the revision read (0 before the first save).
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireStationAdmin(event);
  const profile = await loadFromPublicity(event, (api) => api.profile(station));
  const values: ProfileValues = {
    displayName: profile.displayName ?? '',
    bannerTitle: profile.bannerTitle ?? '',
    bannerSubtitle: profile.bannerSubtitle ?? '',
    address: profile.contact.address ?? '',
    phone: profile.contact.phone ?? '',
    hours: profile.contact.hours ?? '',
    email: profile.contact.email ?? '',
    revision: String(profile.revision),
  };
  return { registryName: profile.registryName, values, saved: profile.revision > 0 };
};

const messages: Record<string, string> = {
  phone: '请填写正确的电话号码，只能包含数字、空格和 - ( ) +，如 023-63899999',
  email: '请填写正确的电子邮箱，如 zwfw@yuzhong.gov.cn',
};

export const actions: Actions = {
  default: async (event) => {
    const { station } = requireStationAdmin(event);
    const data = await event.request.formData();
    const values = Object.fromEntries(
      [...FIELDS, 'revision'].map((name) => [name, formText(data, name)]),
    ) as ProfileValues;
    const text = (name: (typeof FIELDS)[number]) => values[name].trim() || null;
    const input = {
      displayName: text('displayName'),
      bannerTitle: text('bannerTitle'),
      bannerSubtitle: text('bannerSubtitle'),
      contact: {
        address: text('address'),
        phone: text('phone'),
        hours: text('hours'),
        email: text('email'),
      },
    };
    const revision = savedRevision(data) ?? 0;
    const api = publicityDesk();
    const outcome = await saveOrRefusal(
      event,
      () => api.saveProfile(station, revision, input, callContext(event)),
      async () => (await api.profile(station)).revision,
      {
        values,
        fields: FIELDS,
        fieldOf: {
          'contact/address': 'address',
          'contact/phone': 'phone',
          'contact/hours': 'hours',
          'contact/email': 'email',
        },
        messages,
      },
    );
    if ('refusal' in outcome) {
      const { status, ...refusal } = outcome.refusal;
      return fail(status, { values, ...refusal });
    }
    setFlash(event, '操作成功：已保存站点个性化，门户随即显示');
    redirect(303, '/profile');
  },
};
