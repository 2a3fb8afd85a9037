import { formFailure, formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import {
  creditCodeHint,
  idNumberHint,
  mobileHint,
  personNameHint,
  unitNameHint,
  usernameHint,
} from '$lib/hints';
import { localFailure, signInNewAccount } from '$lib/server/forms';
import { callContext, identity } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
  'username',
  'unitName',
  'creditCode',
  'legalRepName',
  'legalRepIdNumber',
  'operatorName',
  'operatorMobile',
] as const;

export const load: PageServerLoad = ({ locals, params }) => {
  if (locals.user) redirect(303, `/${params.station}/space`);
};

export const actions: Actions = {
  /** 单位注册: the fields of identity's POST /accounts/unit, plus the password typed twice. */
  default: async (event) => {
    const data = await event.request.formData();
    const values = Object.fromEntries(FIELDS.map((f) => [f, formText(data, f)])) as Record<
      (typeof FIELDS)[number],
      string
    >;
    const password = formText(data, 'password');
    if (password !== formText(data, 'passwordConfirm')) {
      return localFailure(
        values,
        {
          username: usernameHint,
          unitName: unitNameHint,
          creditCode: creditCodeHint,
          legalRepName: personNameHint,
          legalRepIdNumber: idNumberHint,
          operatorName: personNameHint,
          operatorMobile: mobileHint,
        },
        { passwordConfirm: '两次输入的密码不一致' },
      );
    }
    try {
      await identity().registerUnit({ ...values, password }, callContext(event));
    } catch (err) {
      return formFailure(err, values, [...FIELDS, 'password']);
    }
    return signInNewAccount(event, values.username, password);
  },
};
