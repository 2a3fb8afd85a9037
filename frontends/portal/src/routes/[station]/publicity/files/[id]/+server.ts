import { fileResponse, publicity } from '$lib/server/publicity';
import type { RequestHandler } from './$types';

/**
 * A file of a published notice (a body image, or with `?download=1` an attachment) or of a
 * visible 公示 entry, streamed through from the publicity service with its headers: notice bodies
 * name their images by this path, so they load from the portal's own origin.
 */
export const GET: RequestHandler = ({ params, url }) =>
  fileResponse(params.id, (id) =>
    publicity().attachment(params.station, id, url.searchParams.get('download') !== '1'),
  );
