import { formFailure, formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { idNumberHint, mobileHint, personNameHint, usernameHint } from '$lib/hints';
import { localFailure, signInNewAccount } from '$lib/server/forms';
import { callContext, identity } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['username', 'realName', 'idNumber', 'mobile'] as const;

export const load: PageServerLoad = ({ locals, params }) => {
  if (locals.user) redirect(303, `/${params.station}/space`);
};

export const actions: Actions = {
  /** 个人注册: the fields of identity's POST /accounts/person, plus the password typed twice. */
  default: async (event) => {
    const data = await event.request.formData();
    const values = {
      username: formText(data, 'username'),
      realName: formText(data, 'realName'),
      idNumber: formText(data, 'idNumber'),
      mobile: formText(data, 'mobile'),
    };
    const password = formText(data, 'password');
    if (password !== formText(data, 'passwordConfirm')) {
      return localFailure(
        values,
        {
          username: usernameHint,
          realName: personNameHint,
          idNumber: idNumberHint,
          mobile: mobileHint,
        },
        { passwordConfirm: '两次输入的密码不一致' },
      );
    }
    try {
      await identity().registerPerson({ ...values, password }, callContext(event));
    } catch (err) {
      return formFailure(err, values, [...FIELDS, 'password']);
    }
    return signInNewAccount(event, values.username, password);
  },
};
