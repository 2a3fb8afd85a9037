import { requireId, requirePublisher } from '$lib/server/publicity';
import { departmentOptions, submitEntry } from '../../entry-form.server';
import { entryFormValues, loadEntry } from '../../entry.server';
import type { Actions, PageServerLoad } from './$types';

/** 编辑公示: a published entry's save is public at once. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const [entry, departments] = await Promise.all([
    loadEntry(event, station),
    departmentOptions(station),
  ]);
  // A department since disabled stays selectable for the entry that names it.
  if (!departments.options.some((d) => d.value === entry.departmentId))
    departments.options.push({ value: entry.departmentId, label: entry.departmentName });
  return {
    entry: { id: entry.id, title: entry.title, published: entry.status === 'published' },
    initial: entryFormValues(entry),
    departments,
  };
};

export const actions: Actions = {
  default: (event) => submitEntry(event, requireId(event.params.id)),
};
