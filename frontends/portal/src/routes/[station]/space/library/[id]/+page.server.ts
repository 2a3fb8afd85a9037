import { error, fail, redirect } from '@sveltejs/kit';
import { looksLikeId } from '$lib/catalog/filters';
import { errorsOf, setFlash } from '$lib/server/applications';
import { fromMaterials, NOT_FOUND_FILE } from '$lib/server/library';
import { callContext, materials } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function fileId(event: RequestEvent): string {
  if (!looksLikeId(event.params.id)) error(404, NOT_FOUND_FILE);
  return event.params.id;
}

/** One file of 资料库: 重命名, and 删除 after a confirmation (`?delete=1`). */
export const load: PageServerLoad = async (event) => {
  const file = await fromMaterials(materials().file(fileId(event), callContext(event)));
  return { file, confirming: event.url.searchParams.get('delete') === '1' };
};

const back = (event: RequestEvent) => `/${event.params.station}/space/library`;

export const actions: Actions = {
  rename: async (event) => {
    const id = fileId(event);
    const name = String((await event.request.formData()).get('name') ?? '').trim();
    if (!name)
      return fail(400, { name, message: '请填写文件名', fields: { name: '请填写文件名' } });
    try {
      const file = await materials().rename(id, name, callContext(event));
      setFlash(
        event.cookies,
        { scope: 'library', notice: `已重命名为：${file.name}` },
        event.url.protocol === 'https:',
      );
    } catch (err) {
      const { status, errors } = errorsOf(err);
      if (status === 404) error(404, NOT_FOUND_FILE);
      return fail(status, { name, message: errors.message, fields: errors.fields });
    }
    redirect(303, back(event));
  },
  /** 【确定删除】: gone from 资料库 (an application that uses it keeps it). */
  delete: async (event) => {
    const id = fileId(event);
    const file = await fromMaterials(materials().file(id, callContext(event)));
    try {
      await materials().remove(id, callContext(event));
    } catch (err) {
      const { status, errors } = errorsOf(err);
      if (status === 404) error(404, NOT_FOUND_FILE);
      return fail(status, { name: file.name, message: errors.message, fields: {} });
    }
    setFlash(
      event.cookies,
      { scope: 'library', notice: `已删除：${file.name}` },
      event.url.protocol === 'https:',
    );
    redirect(303, back(event));
  },
};
