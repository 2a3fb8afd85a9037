import { formText } from '@hall/web/server';
import { redirect } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  requireCatalogEditor,
  wholeNumber,
  type NewDepartment,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'code', 'sortOrder'] as const;

export const load: PageServerLoad = (event) => {
  requireCatalogEditor(event);
  return {};
};

export const actions: Actions = {
  /** 新增部门 in the editor's station (the token's, whatever the form says). */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const data = await event.request.formData();
    const values = {
      name: formText(data, 'name'),
      code: formText(data, 'code'),
      sortOrder: formText(data, 'sortOrder'),
    };
    let created;
    try {
      created = await catalogAdmin().createDepartment(
        station,
        {
          name: values.name.trim(),
          code: values.code.trim(),
          // Blank: catalog's default (0). A number typed wrongly goes as typed.
          ...(wholeNumber(values.sortOrder) === null
            ? {}
            : { sortOrder: wholeNumber(values.sortOrder) as NewDepartment['sortOrder'] }),
        },
        callContext(event),
      );
    } catch (err) {
      return catalogFormFailure(err, values, FIELDS, '/catalog/departments/new', {
        integers: ['sortOrder'],
      });
    }
    setFlash(event, `操作成功：已新增部门“${created.name}”`);
    redirect(303, '/catalog/departments');
  },
};
