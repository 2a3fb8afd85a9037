import { error } from '@sveltejs/kit';
import { loadFromCatalog, type Department } from '$lib/server/catalog';
import type { callContext } from '$lib/server/services';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string };
};

/** One department of the station (catalog has no single read: the list is short). */
export async function loadDepartment(event: Event, station: string): Promise<Department> {
  const departments = await loadFromCatalog(event, (api, ctx) => api.departments(station, ctx));
  const department = departments.find((d) => d.id === event.params.id);
  if (!department) error(404, '该部门不存在');
  return department;
}
