import { takeFlash } from '$lib/server/applications';
import { fromMaterials } from '$lib/server/library';
import { callContext, materials } from '$lib/server/services';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const TYPES = ['pdf', 'jpg', 'png', 'ofd', 'docx', 'xlsx'];

/** 资料库: the account's uploaded files, newest first, by keyword and type, with the quota used. */
export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const type = params.get('type') ?? '';
  const filters = {
    q: (params.get('q') ?? '').trim().slice(0, 50),
    type: TYPES.includes(type) ? type : '',
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
  };
  const library = await fromMaterials(
    materials().library(
      {
        q: filters.q || undefined,
        type: filters.type || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      callContext(event),
    ),
  );
  return { filters, library, types: TYPES, flash: takeFlash(event, 'library') };
};
