import { ELDER_COOKIE, htmlClass } from '@hall/web';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { ConfigError } from '@hall/web/server';
import { enabledStations, portalServices } from '$lib/server/services';

/**
 * Start-up: the configuration is checked here, so a bad IDENTITY_URL or CATALOG_URL stops the
 * server at once; a missing CATALOG_URL is said once (the catalog's pages then answer 503).
 */
export const init: ServerInit = () => {
  try {
    if (!portalServices().catalog.configured) {
      console.error('portal: CATALOG_URL is not set: 个人办事, 单位办事 and 权力清单 answer 503');
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`portal: refusing to start: ${err.message}`);
    process.exit(1);
  }
};

export const handle: Handle = async ({ event, resolve }) => {
  const { locals, cookies, url } = event;
  locals.elder = cookies.get(ELDER_COOKIE) === '1';

  const key = url.pathname.split('/')[1] ?? '';
  try {
    locals.stations = await enabledStations();
    locals.station = locals.stations.find((s) => s.key === key) ?? null;
  } catch {
    locals.stations = null;
    locals.station = null;
  }

  const signedIn = await portalServices().session.resolve(event);
  // Staff tokens belong to the console: the portal only knows citizens and units.
  if (signedIn && (signedIn.actor.kind === 'person' || signedIn.actor.kind === 'unit')) {
    locals.user = { id: signedIn.actor.id, kind: signedIn.actor.kind, name: signedIn.name };
    locals.accessToken = signedIn.accessToken;
  } else {
    locals.user = null;
    locals.accessToken = null;
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%hall.html.class%', htmlClass(locals.elder)),
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  // Pages of a signed-in person carry their data: never kept by a shared cache or the back button.
  if (locals.user && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};

export const handleError: HandleServerError = ({ error, status, event }) => {
  if (status !== 404)
    console.error(`portal: ${event.request.method} ${event.url.pathname} failed`, error);
  return { message: status === 404 ? '您访问的页面不存在' : '系统繁忙，请稍后再试' };
};
