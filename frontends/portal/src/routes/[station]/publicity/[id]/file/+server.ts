import { fileResponse, publicity } from '$lib/server/publicity';
import type { RequestHandler } from './$types';

/**
 * 【下载】 of a 办件公示 entry's details file, streamed through from the publicity service with its
 * headers; `?view=1` opens it in the browser instead (inline).
 */
export const GET: RequestHandler = ({ params, url }) =>
  fileResponse(params.id, (id) =>
    publicity().entryFile(params.station, id, url.searchParams.get('view') === '1'),
  );
