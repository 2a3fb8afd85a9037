/** One notice as its pages load it. */
import type { DeskNotice } from '@hall/web/server';
import { loadFromPublicity, requireId } from '$lib/server/publicity';
import type { callContext } from '$lib/server/services';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
};

/** The notice of the page (404 for another station's or an unknown id). */
export const loadNotice = (event: Event, station: string): Promise<DeskNotice> =>
  loadFromPublicity(event, (api, ctx) => api.notice(station, requireId(event.params.id), ctx));
