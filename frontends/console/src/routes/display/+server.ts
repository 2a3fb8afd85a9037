import { ELDER_COOKIE, safeReturnPath } from '@hall/web';
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * 大字 / 高对比 on or off: a plain form post (works without JavaScript); the server applies the
 * mode to every page from the cookie, so there is no flash of the other mode and no script.
 */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await request.formData();
  const on = form.get('elder') === '1';
  cookies.set(ELDER_COOKIE, on ? '1' : '0', {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: url.protocol === 'https:',
    maxAge: 365 * 24 * 3600,
  });
  redirect(303, safeReturnPath(form.get('back'), '/'));
};
