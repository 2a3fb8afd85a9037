import { safeReturnPath } from '@hall/web';
import { formFailure, formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import { callContext, identity, session } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
  password_changed: '密码已修改，请使用新密码重新登录',
  signed_out: '您已安全退出',
  expired: '登录已过期，请重新登录',
};

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeReturnPath(url.searchParams.get('next'), '');
  if (locals.user) redirect(303, next || '/');
  return { next, notice: notices[url.searchParams.get('notice') ?? ''] ?? null };
};

export const actions: Actions = {
  /**
   * 工作人员登录. The account decides the station (the token's `stn` claim); wrong passwords
   * count towards the lock and identity's title says how many tries remain or how long it lasts.
   */
  default: async (event) => {
    const data = await event.request.formData();
    const values = { username: formText(data, 'username') };
    const next = safeReturnPath(data.get('next'), '/');
    try {
      const signedIn = await identity().staffSignIn(
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
