/**
 * Result files (结果材料) on their way to 办结: uploaded one at a time (streamed to materials as the
 * staff member's files), listed on the 办结 page by the ids in its `files` query until the
 * decision attaches them. A refused upload made without JavaScript comes back to the page with
 * its message in a one-minute cookie, shown once.
 */
import type { Cookies } from '@sveltejs/kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** At most what submissions takes in one 办结. */
export const MAX_RESULT_FILES = 20;

/** The result file ids of a `files` query (`a,b,c`): well-formed, distinct, at most 20. */
export function resultFileIds(url: URL): string[] {
  const raw = url.searchParams.get('files') ?? '';
  return [...new Set(raw.split(',').filter((id) => UUID.test(id)))].slice(0, MAX_RESULT_FILES);
}

/** The 办结 page listing these files. */
export function completeHref(applicationId: string, ids: readonly string[]): string {
  const query = ids.length ? `?${new URLSearchParams({ files: ids.join(',') })}` : '';
  return `/applications/${applicationId}/complete${query}`;
}

const COOKIE = 'hall_console_upload_error';

function options(url: URL) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: url.protocol === 'https:',
  };
}

export function setUploadError(event: { cookies: Cookies; url: URL }, message: string): void {
  event.cookies.set(COOKIE, message, { ...options(event.url), maxAge: 60 });
}

export function takeUploadError(event: { cookies: Cookies; url: URL }): string | null {
  const message = event.cookies.get(COOKIE);
  if (message === undefined) return null;
  event.cookies.delete(COOKIE, options(event.url));
  return message || null;
}
