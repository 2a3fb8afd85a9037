import { fail, redirect } from '@sveltejs/kit';
import { formText } from '@hall/web/server';
import { consoleFormFailure, pageProblem } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { callContext, identity, session } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  try {
    const me = await identity().staffMe(callContext(event));
    return { username: me.username };
  } catch (err) {
    pageProblem(err, '/password');
  }
};

export const actions: Actions = {
  /** 修改密码: identity ends every session of the account, so sign in again with the new one. */
  default: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const newPassword = formText(data, 'newPassword');
    if (newPassword !== formText(data, 'newPasswordConfirm')) {
      return fail(400, {
        message: '提交的信息有误，请检查后重试',
        fields: { newPasswordConfirm: '两次输入的密码不一致' },
      });
    }
    try {
      await identity().changeStaffPassword(
        { currentPassword: formText(data, 'currentPassword'), newPassword },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = consoleFormFailure(
        err,
        {},
        ['currentPassword', 'newPassword'],
        '/password',
      );
      return fail(status, { message: failed.message, fields: failed.fields });
    }
    session().clear(event);
    redirect(303, '/login?notice=password_changed');
  },
};
