/**
 * The material editor's form ↔ a material of the draft, and saving the draft's materials list.
 * Attachments (空白表格 / 示例样表) are uploaded first; their ids travel back with a refused form
 * so a correction does not need the files chosen again.
 */
import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { ProblemError } from '@hall/web';
import {
  catalogAdmin,
  catalogFormFailure,
  requireCatalogEditor,
  wholeNumber,
  type AdminItem,
  type CatalogAdminClient,
  type Material,
} from '$lib/server/catalog';
import { setFlash } from '$lib/server/forms';
import { callContext } from '$lib/server/services';
import type { Cookies } from '@sveltejs/kit';
import { isConflict, postedRevision, working } from './item.server';
import { emptyMaterialForm, MATERIAL_FIELDS, type MaterialFormValues } from './material-form';

export function materialFormValues(
  m: Material,
  names: { blankForm: string; sample: string },
): MaterialFormValues {
  return {
    name: m.name,
    media: [...m.media],
    necessity: m.necessity,
    collection: m.collection,
    fileTypes: m.fileTypes.join(', '),
    maxSizeMb: String(m.maxSizeMb),
    copies: String(m.copies),
    notes: m.notes,
    blankFormId: m.blankFormId ?? '',
    blankFormName: m.blankFormId ? names.blankForm : '',
    sampleId: m.sampleId ?? '',
    sampleName: m.sampleId ? names.sample : '',
  };
}

export function readMaterialForm(data: FormData): MaterialFormValues {
  const values = emptyMaterialForm();
  for (const key of Object.keys(values) as Array<keyof MaterialFormValues>) {
    if (key === 'media') continue;
    values[key] = formText(data, key);
  }
  values.media = data.getAll('media').filter((v): v is string => typeof v === 'string');
  // 移除: the kept attachment is dropped.
  if (formText(data, 'removeBlankForm') === 'true') {
    values.blankFormId = '';
    values.blankFormName = '';
  }
  if (formText(data, 'removeSample') === 'true') {
    values.sampleId = '';
    values.sampleName = '';
  }
  return values;
}

/** `pdf, .JPG；png` → ["pdf","jpg","png"] (catalog checks each). */
export const fileTypesOf = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,，、;；]+/)
      .map((t) => t.trim().replace(/^\./, '').toLowerCase())
      .filter(Boolean),
  ),
];

export function materialFrom(id: string, values: MaterialFormValues): Material {
  // Numbers typed wrongly go as typed (cast): catalog's answer names their fields.
  return {
    id,
    name: values.name.trim(),
    media: values.media as Material['media'],
    necessity: values.necessity as Material['necessity'],
    collection: values.collection as Material['collection'],
    fileTypes: fileTypesOf(values.fileTypes),
    maxSizeMb: (wholeNumber(values.maxSizeMb) ?? '') as number,
    copies: (wholeNumber(values.copies) ?? '') as number,
    blankFormId: values.blankFormId || null,
    sampleId: values.sampleId || null,
    notes: values.notes,
  };
}

/** `materials/3/fileTypes/0` → fileTypes; attachments → their file inputs. */
export function materialFieldOf(path: string): string | null {
  const m = /^\/?materials\/\d+\/([A-Za-z]+)/.exec(path);
  if (!m) return null;
  const field = m[1]!;
  if (field === 'blankFormId') return 'blankForm';
  if (field === 'sampleId') return 'sample';
  return field;
}

const uploaded = (data: FormData, name: string): File | null => {
  const file = data.get(name);
  return file instanceof File && file.size > 0 && file.name ? file : null;
};

const MATERIAL_CONFLICT =
  '该事项刚被他人修改，本材料尚未保存。请核对后再次点击“保存”，本材料将保存到最新的草稿中。';

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  params: { id: string; materialId?: string };
  request: Request;
  cookies: Cookies;
};

/**
 * Saves the material of the submitted form into the draft: new (`materialId` null, appended)
 * or replacing the one with that id. Uploads the chosen files first.
 */
export async function saveMaterial(event: Event, materialId: string | null) {
  const { station } = requireCatalogEditor(event);
  const itemId = event.params.id;
  const here = event.url.pathname;
  const data = await event.request.formData();
  const values = { ...readMaterialForm(data), revision: formText(data, 'revision') };
  const revision = postedRevision(data);
  const ctx = callContext(event);
  let api: CatalogAdminClient;
  try {
    api = catalogAdmin();
  } catch (err) {
    return catalogFormFailure(err, values, MATERIAL_FIELDS, here);
  }

  // The files first: a refused upload names its own field, and nothing else is saved.
  for (const [input, idKey, nameKey] of [
    ['blankForm', 'blankFormId', 'blankFormName'],
    ['sample', 'sampleId', 'sampleName'],
  ] as const) {
    const file = uploaded(data, input);
    if (!file) continue;
    try {
      const stored = await api.uploadAttachment(station, file, ctx);
      values[idKey] = stored.id;
      values[nameKey] = stored.fileName;
    } catch (err) {
      return catalogFormFailure(err, values, MATERIAL_FIELDS, here, {
        fieldOf: (path) => (path === 'file' ? input : null),
      });
    }
  }

  let item: AdminItem | undefined;
  const id = materialId ?? crypto.randomUUID();
  try {
    item = await api.item(station, itemId, ctx);
    const def = working(item);
    const material = materialFrom(id, values);
    const materials = materialId
      ? def.materials.map((m) => (m.id === materialId ? material : m))
      : [...def.materials, material];
    if (materialId && !def.materials.some((m) => m.id === materialId)) {
      throw new ProblemError({ status: 404, code: 'not_found', title: '该材料不存在或已被删除' });
    }
    await api.saveDraft(
      station,
      itemId,
      { ...def, materials },
      Number.isNaN(revision) ? item.revision : revision,
      ctx,
    );
  } catch (err) {
    if (isConflict(err) && item) {
      // Only this material is being changed: saving again puts it into the latest draft, so the
      // form goes back with the latest revision and says so.
      return fail(409, {
        values: { ...values, revision: String(item.revision) },
        message: MATERIAL_CONFLICT,
        fields: {} as Record<string, string>,
      });
    }
    return catalogFormFailure(err, values, MATERIAL_FIELDS, here, {
      fieldOf: materialFieldOf,
      integers: ['maxSizeMb', 'copies'],
    });
  }
  setFlash(event, `操作成功：已${materialId ? '保存' : '新增'}材料“${values.name.trim()}”`);
  redirect(303, `/catalog/items/${itemId}/materials`);
}
