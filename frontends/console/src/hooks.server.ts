import { ELDER_COOKIE, htmlClass } from '@hall/web';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { ConfigError } from '@hall/web/server';
import { consoleServices, enabledStations, session } from '$lib/server/services';

/** Start-up: the configuration is checked here, so a bad IDENTITY_URL stops the server at once. */
export const init: ServerInit = () => {
  try {
    consoleServices();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`console: refusing to start: ${err.message}`);
    process.exit(1);
  }
};

/** The station's name for the header; its key when identity cannot say (or it is disabled). */
async function stationOf(key: string): Promise<{ key: string; name: string }> {
  try {
    const station = (await enabledStations()).find((s) => s.key === key);
    if (station) return { key, name: station.name };
  } catch {
    // identity unreachable: the pages say so when they call it.
  }
  return { key, name: key };
}

export const handle: Handle = async ({ event, resolve }) => {
  const { locals, cookies } = event;
  locals.elder = cookies.get(ELDER_COOKIE) === '1';
  locals.user = null;
  locals.station = null;
  locals.accessToken = null;

  const signedIn = await session().resolve(event);
  const actor = signedIn?.actor;
  // Only staff and operators: a citizen's token (from the portal) is not a console session.
  if (signedIn && actor && (actor.kind === 'staff' || actor.kind === 'operator')) {
    locals.user = {
      id: actor.id,
      kind: actor.kind,
      name: signedIn.name,
      roles: actor.kind === 'staff' ? actor.roles : [],
      // The station is the token's `stn` claim: verified, never taken from the request.
      station: actor.kind === 'staff' ? actor.station : null,
    };
    locals.accessToken = signedIn.accessToken;
    if (actor.kind === 'staff') locals.station = await stationOf(actor.station);
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%hall.html.class%', htmlClass(locals.elder)),
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-robots-tag', 'noindex, nofollow');
  // Every console page is someone's work: never kept by a shared cache or the back button.
  if (!response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};

export const handleError: HandleServerError = ({ error, status, event }) => {
  if (status !== 404)
    console.error(`console: ${event.request.method} ${event.url.pathname} failed`, error);
  return { message: status === 404 ? '您访问的页面不存在' : '系统繁忙，请稍后再试' };
};
