import { safeReturnPath } from '@hall/web';
import { formFailure, formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { callContext, identity, session } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
  registered: '注册成功，请登录',
  password_changed: '密码已修改，请使用新密码重新登录',
  reset: '密码已重置，请使用新密码登录',
  signed_out: '您已退出登录',
};

export const load: PageServerLoad = ({ locals, params, url }) => {
  const next = safeReturnPath(url.searchParams.get('next'), '');
  if (locals.user) redirect(303, next || `/${params.station}/space`);
  return { next, notice: notices[url.searchParams.get('notice') ?? ''] ?? null };
};

export const actions: Actions = {
  /** 【登录】: wrong passwords count towards the lock (identity's title says how many remain). */
  default: async (event) => {
    const data = await event.request.formData();
    const values = { username: formText(data, 'username') };
    const next = safeReturnPath(data.get('next'), `/${event.params.station}`);
    try {
      const signedIn = await identity().signIn(
        { username: values.username, password: formText(data, 'password') },
        callContext(event),
      );
      session().start(event, signedIn);
    } catch (err) {
      return formFailure(err, values, ['username', 'password']);
    }
    redirect(303, next);
  },
};
