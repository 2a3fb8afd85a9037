import { ProblemError } from '@hall/web';
import { formFailure, type FormFailure } from '@hall/web/server';
import { error, redirect, type ActionFailure, type Cookies } from '@sveltejs/kit';

/**
 * A service problem as a form failure, with list fields folded onto their control: identity
 * reports `roles/2` for the third checked role, the form shows it next to the 角色 group.
 * A 401 (the session ended meanwhile) goes to 登录; anything else is @hall/web's formFailure.
 */
export function consoleFormFailure<V>(
  err: unknown,
  values: V,
  formFields: readonly string[],
  next = '/',
): ActionFailure<FormFailure<V>> {
  if (err instanceof ProblemError) {
    if (err.status === 401) redirect(303, `/login?notice=expired&next=${encodeURIComponent(next)}`);
    if (err.problem.errors?.length) {
      err = new ProblemError({
        ...err.problem,
        errors: err.problem.errors.map((e) => ({ ...e, field: e.field.replace(/\/\d+$/, '') })),
      });
    }
  }
  return formFailure(err, values, formFields);
}

/**
 * A problem met while loading a page: 401 → 登录, otherwise the error page with identity's
 * Chinese title (5xx as 服务暂时不可用). Non-problems are rethrown as bugs.
 */
export function pageProblem(err: unknown, next: string): never {
  if (!(err instanceof ProblemError)) throw err;
  if (err.status === 401) redirect(303, `/login?notice=expired&next=${encodeURIComponent(next)}`);
  if (err.status >= 500) error(503, '服务暂时不可用，请稍后再试');
  error(err.status, err.problem.title);
}

const FLASH = 'hall_console_flash';

/**
 * A success message for the page a form redirects to (post → redirect → get): kept in a
 * short-lived cookie, shown once as a status message in the page, never a pop-up.
 */
export function setFlash(event: { cookies: Cookies; url: URL }, message: string): void {
  event.cookies.set(FLASH, message, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: event.url.protocol === 'https:',
    maxAge: 60,
  });
}

export function takeFlash(event: { cookies: Cookies; url: URL }): string | null {
  const message = event.cookies.get(FLASH);
  if (message === undefined) return null;
  event.cookies.delete(FLASH, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: event.url.protocol === 'https:',
  });
  return message || null;
}
