import type { RequestHandler } from './$types';

/** Liveness: the process answers. It calls no service, so an outage elsewhere never restarts it. */
export const GET: RequestHandler = () =>
  new Response('ok', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
