import { loadFromCatalog, requireCatalogEditor } from '$lib/server/catalog';
import { shanghaiDateTime } from '$lib/time';
import { formFieldList } from '../../form-fields';
import { versionStates } from '../../labels';
import { itemHead, loadItem, working } from '../item.server';
import { staffNames } from '../people.server';
import type { PageServerLoad } from './$types';

/** 事项概况: status, what to edit, 发布 / 下架 / 放弃草稿, and the 版本记录. */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const [item, departments] = await Promise.all([
    loadItem(event, station),
    loadFromCatalog(event, (api, ctx) => api.departments(station, ctx)),
  ]);
  const def = working(item);
  const who = await staffNames(event, station);
  return {
    item: itemHead(item, departments),
    materials: def.materials.length,
    formFields: formFieldList(def.form).length,
    formTitle: def.form ? String(def.form.title ?? '') : null,
    versions: [...item.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        version: v.version,
        state: versionStates[v.state] ?? v.state,
        stateKey: v.state,
        created: shanghaiDateTime(v.createdAt),
        updated: shanghaiDateTime(v.updatedAt),
        editedBy: who(v.updatedBy ?? v.createdBy ?? null),
        published: v.publishedAt ? shanghaiDateTime(v.publishedAt) : '—',
        publishedBy: v.publishedAt ? who(v.publishedBy ?? null) : '—',
      })),
  };
};
