import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import type { Hint } from '$lib/hints';
import { callContext, identity, session } from './services';

/**
 * The form's own checks, for when it must not reach the service (the two passwords differ):
 * every other field is checked with the same rules, so the person sees all problems at once.
 */
export function localFailure<V extends Record<string, string>>(
  values: V,
  hints: Partial<Record<keyof V & string, Hint>>,
  extra: Record<string, string>,
) {
  const fields: Record<string, string> = {};
  for (const [name, hint] of Object.entries(hints) as Array<[keyof V & string, Hint]>) {
    const message = hint(values[name] ?? '') ?? (values[name]?.trim() ? null : '此项为必填项');
    if (message) fields[name] = message;
  }
  Object.assign(fields, extra);
  return fail(400, { values, message: '提交的信息有误，请检查后重试', fields });
}

/**
 * After 个人注册 / 单位注册: sign the new account in and prompt for 密保问题 (manual 1.1 note 3).
 * Should sign-in fail (e.g. rate limit), the account exists: 登录 says so.
 */
export async function signInNewAccount(
  event: RequestEvent,
  username: string,
  password: string,
): Promise<never> {
  const station = event.params.station ?? 'cq';
  try {
    const signedIn = await identity().signIn({ username, password }, callContext(event));
    session().start(event, signedIn);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    redirect(303, `/${station}/login?notice=registered`);
  }
  redirect(303, `/${station}/space/security-questions?welcome=1`);
}
