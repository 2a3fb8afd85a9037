import { formFailure, formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { callContext, identity, session } from '$lib/server/services';
import type { Actions } from './$types';

export const actions: Actions = {
  /** 修改密码: identity ends every session of the account, so sign in again with the new one. */
  default: async (event) => {
    const data = await event.request.formData();
    const newPassword = formText(data, 'newPassword');
    if (newPassword !== formText(data, 'newPasswordConfirm')) {
      return fail(400, {
        message: '提交的信息有误，请检查后重试',
        fields: { newPasswordConfirm: '两次输入的密码不一致' },
      });
    }
    try {
      await identity().changePassword(
        { currentPassword: formText(data, 'currentPassword'), newPassword },
        callContext(event),
      );
    } catch (err) {
      const { status, data: failed } = formFailure(err, {}, ['currentPassword', 'newPassword']);
      return fail(status, { message: failed.message, fields: failed.fields });
    }
    session().clear(event);
    redirect(303, `/${event.params.station}/login?notice=password_changed`);
  },
};
