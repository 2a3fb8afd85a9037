/**
 * 我要看 on the portal's server: the publicity client of this process, its answers as pages (404
 * / 503 in the frame), parts of a page that say 服务暂时不可用 instead of failing it, the station
 * profile cached briefly for the frame, and the file proxy shared by notices and 公示.
 */
import { error } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import type { PublicFileDownload, PublicityClient } from '@hall/web/server';
import { looksLikeId } from '$lib/catalog/filters';
import type { FrameProfile } from '$lib/publicity/labels';
import { portalServices } from './services';

export const publicity = (): PublicityClient => portalServices().publicity;

export const UNAVAILABLE = '服务暂时不可用，请稍后再试';

/**
 * Runs a publicity call for a page: 404 (and 400: an id that is no id) is the 404 page with
 * `notFound`, an unreachable service the 503 page; other problems are rethrown for the caller.
 */
export async function fromPublicity<T>(call: Promise<T>, notFound: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404) error(404, notFound);
    if (err.status >= 500) error(503, UNAVAILABLE);
    throw err;
  }
}

/** A part of a page that may be missing: its value, or `unavailable` said in its place. */
export type Optional<T> = { ok: true; value: T } | { ok: false; message: string };

export async function optional<T>(call: Promise<T>): Promise<Optional<T>> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return { ok: false, message: UNAVAILABLE };
  }
}

// ---------------------------------------------------------------- the station profile

const PROFILE_TTL_MS = 30_000;
/** The frame waits this long at most; a slow service is taken as away and asked again later. */
const PROFILE_TIMEOUT_MS = 1_500;
const profiles = new Map<string, { at: number; profile: FrameProfile | null }>();
/** Requests that arrive while one is asking share its answer. */
const pending = new Map<string, Promise<FrameProfile | null>>();

async function fetchProfile(station: string): Promise<FrameProfile | null> {
  try {
    const p = await publicity().profile(station, PROFILE_TIMEOUT_MS);
    return {
      name: p.name,
      bannerTitle: p.bannerTitle,
      bannerSubtitle: p.bannerSubtitle,
      contact: p.contact,
    };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return null;
  }
}

/**
 * The station's profile for the frame, cached 30 s per station (a failure too, so a service that
 * is away costs one short wait per station and half-minute); null when the publicity service is
 * away or not configured, and the frame keeps the registry's name. The cache holds only enabled
 * stations (the caller checked the key), so it stays as small as the registry.
 */
export async function frameProfile(
  station: string,
  now = Date.now(),
): Promise<FrameProfile | null> {
  const cached = profiles.get(station);
  if (cached && now - cached.at < PROFILE_TTL_MS) return cached.profile;
  let asking = pending.get(station);
  if (!asking) {
    asking = fetchProfile(station).then((profile) => {
      // A failure keeps what was known before: a stale name beats the registry's for a while.
      const kept = profile ?? cached?.profile ?? null;
      profiles.set(station, { at: Date.now(), profile: kept });
      return kept;
    });
    asking.finally(() => pending.delete(station)).catch(() => {});
    pending.set(station, asking);
  }
  return asking;
}

// ---------------------------------------------------------------- files

const NOT_FOUND_FILE = '您要下载的文件不存在或已撤回';

/**
 * A file streamed through from the publicity service with the service's own headers (type,
 * disposition, nosniff, sandbox CSP, cache); a file that is not (or no longer) public is a 404.
 */
export async function fileResponse(
  id: string,
  download: (id: string) => Promise<PublicFileDownload>,
): Promise<Response> {
  if (!looksLikeId(id)) error(404, NOT_FOUND_FILE);
  let file: PublicFileDownload;
  try {
    file = await download(id);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400) error(404, NOT_FOUND_FILE);
    error(503, UNAVAILABLE);
  }
  return new Response(file.body, { headers: file.headers });
}
