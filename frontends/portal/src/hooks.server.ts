import { ELDER_COOKIE, htmlClass } from '@hall/web';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { ConfigError } from '@hall/web/server';
import { enabledStations, portalServices } from '$lib/server/services';

/**
 * Start-up: the configuration is checked here, so a bad service URL stops the server at once; a
 * missing optional one is said once (its pages then answer 503).
 */
export const init: ServerInit = () => {
  try {
    const services = portalServices();
    const optional = [
      [services.catalog, 'CATALOG_URL', '个人办事, 单位办事 and 权力清单'],
      [services.materials, 'MATERIALS_URL', 'uploads and 资料库'],
      [services.submissions, 'SUBMISSIONS_URL', '在线申报, 我的办件 and 进度查询'],
      [services.letters, 'LETTERS_URL', '我要问, 信件答复 and 我的咨询'],
      [services.assistant, 'ASSISTANT_URL', '问答机器人'],
      [services.publicity, 'PUBLICITY_URL', '我要看 (通知公告, 办件公告, 办件公示)'],
    ] as const;
    for (const [client, variable, pages] of optional) {
      if (!client.configured) console.error(`portal: ${variable} is not set: ${pages} answer 503`);
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`portal: refusing to start: ${err.message}`);
    process.exit(1);
  }
};

/**
 * Uploads stream through the two upload endpoints, so adapter-node's BODY_SIZE_LIMIT must let
 * whole files pass; every other request is a form or a page and is held to 1 MiB here, so no
 * form action ever reads a large body into memory.
 */
const FORM_BODY_LIMIT = 1024 * 1024;
const UPLOAD_PATH = /^\/[^/]+\/(applications\/[^/]+\/upload|space\/library\/upload)$/;

function tooLarge(request: Request, pathname: string): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || UPLOAD_PATH.test(pathname))
    return false;
  const length = request.headers.get('content-length');
  if (length === null) return request.headers.has('transfer-encoding');
  return Number(length) > FORM_BODY_LIMIT;
}

export const handle: Handle = async ({ event, resolve }) => {
  const { locals, cookies, url } = event;
  // Liveness must not wait on identity for the station list.
  if (url.pathname === '/healthz') return resolve(event);
  if (tooLarge(event.request, url.pathname)) {
    return new Response('提交的内容过大', {
      status: 413,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
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
