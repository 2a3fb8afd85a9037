/** One 办件公示 entry as its pages load it. */
import type { DeskEntry } from '@hall/web/server';
import { keptFile, loadFromPublicity, requireId } from '$lib/server/publicity';
import type { callContext } from '$lib/server/services';
import type { EntryFormValues } from './entry-form';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
};

/** The entry of the page (404 for another station's or an unknown id). */
export const loadEntry = (event: Event, station: string): Promise<DeskEntry> =>
  loadFromPublicity(event, (api, ctx) => api.entry(station, requireId(event.params.id), ctx));

export const entryFormValues = (entry: DeskEntry): EntryFormValues => ({
  title: entry.title,
  itemName: entry.itemName,
  departmentId: entry.departmentId,
  summary: entry.summary,
  periodStart: entry.periodStart,
  periodEnd: entry.periodEnd,
  file: entry.file ? keptFile(entry.file) : null,
  revision: String(entry.revision),
});
