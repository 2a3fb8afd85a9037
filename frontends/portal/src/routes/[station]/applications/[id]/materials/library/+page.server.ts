import { error, fail, redirect } from '@sveltejs/kit';
import type { Application, ItemMaterial } from '@hall/web/server';
import { errorsOf, loadApplication, setFlash } from '$lib/server/applications';
import { callContext, materials, submissions } from '$lib/server/services';
import { fromMaterials } from '$lib/server/library';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The material chosen in the URL, when it may be provided now (a draft, or 补齐补正 asks for it). */
function materialOf(application: Application, url: URL): ItemMaterial {
  const id = url.searchParams.get('material') ?? '';
  const material = application.item.materials.find((m) => m.id === id);
  const open =
    application.state === 'draft' ||
    (application.state === 'supplement' && (application.supplement?.materials ?? []).includes(id));
  if (!material || material.collection !== 'upload' || !open) error(404, '该材料无需在此上传');
  return material;
}

/** The page the applicant came from. */
function returnTo(application: Application, materialId: string): string {
  const base = `/${application.station}/applications/${application.id}`;
  return `${base}/${application.state === 'supplement' ? 'supplement' : 'materials'}#m-${materialId}`;
}

/**
 * 【资料库】 for one material: the account's library, newest first, a keyword filter, and which
 * files suit the material (its file types and size limit).
 */
export const load: PageServerLoad = async (event) => {
  const { application } = await event.parent();
  const material = materialOf(application, event.url);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Number(event.url.searchParams.get('page')) || 1);
  const library = await fromMaterials(
    materials().library({ q: q || undefined, page, pageSize: PAGE_SIZE }, callContext(event)),
  );
  const provided = application.materials.find((p) => p.materialId === material.id);
  return {
    material,
    library,
    q,
    chosen: provided?.provision === 'upload' ? provided.files.map((f) => f.id) : [],
    back: returnTo(application, material.id),
  };
};

export const actions: Actions = {
  /** 【选用】: the ticked files are added to the material's files. */
  default: async (event) => {
    const application = await loadApplication(event);
    const material = materialOf(application, event.url);
    const data = await event.request.formData();
    const picked = data.getAll('file').map(String);
    if (picked.length === 0) {
      return fail(400, { message: '请勾选要选用的文件', fields: { file: '请勾选要选用的文件' } });
    }
    const provided = application.materials.find((p) => p.materialId === material.id);
    const current = provided?.provision === 'upload' ? provided.files.map((f) => f.id) : [];
    const fileIds = [...new Set([...current, ...picked])];
    try {
      await submissions().save(
        application.id,
        application.revision,
        { materials: [{ materialId: material.id, provision: 'upload', fileIds }] },
        callContext(event),
      );
    } catch (err) {
      const { status, errors } = errorsOf(err);
      return fail(status, { message: errors.message, fields: {} });
    }
    setFlash(
      event.cookies,
      { scope: application.id, notice: `已从资料库选用 ${picked.length} 个文件：${material.name}` },
      event.url.protocol === 'https:',
    );
    redirect(303, returnTo(application, material.id));
  },
};
