import { error } from '@sveltejs/kit';
import { catalogAdmin, loadFromCatalog, requireCatalogEditor } from '$lib/server/catalog';
import { callContext } from '$lib/server/services';
import { shanghaiDateTime } from '$lib/time';
import { formFieldList } from '../../../../form-fields';
import { versionStates } from '../../../../labels';
import { parentCodeOf } from '../../../item-form.server';
import { itemHead, loadItem } from '../../../item.server';
import { staffNames } from '../../../people.server';
import type { PageServerLoad } from './$types';

/** 查看版本: any version of the item, read-only (the draft from the item, others as published). */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const number = /^\d{1,9}$/.test(event.params.version) ? Number(event.params.version) : NaN;
  const [item, departments] = await Promise.all([
    loadItem(event, station),
    loadFromCatalog(event, (api, ctx) => api.departments(station, ctx)),
  ]);
  const info = item.versions.find((v) => v.version === number);
  if (!info) error(404, '该版本不存在');
  const def =
    item.draft?.version === number
      ? item.draft.definition
      : (
          await loadFromCatalog(event, (api, ctx) =>
            api.publishedVersion(station, item.id, number, ctx),
          )
        ).definition;
  const who = await staffNames(event, station);
  return {
    item: itemHead(item, departments),
    version: {
      number,
      state: versionStates[info.state] ?? info.state,
      created: shanghaiDateTime(info.createdAt),
      updated: shanghaiDateTime(info.updatedAt),
      editedBy: who(info.updatedBy ?? info.createdBy ?? null),
      published: info.publishedAt ? shanghaiDateTime(info.publishedAt) : null,
      publishedBy: who(info.publishedBy ?? null),
    },
    def,
    department: departments.find((d) => d.id === def.departmentId)?.name ?? '—',
    parentCode: await parentCodeOf(catalogAdmin(), station, def.parentId, callContext(event)),
    formFields: formFieldList(def.form),
  };
};
