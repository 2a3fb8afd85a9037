/**
 * The 办件公示 editor: the entry's fields and its 公示详情文件, uploaded with the save (a refused
 * save keeps the uploaded file, so it is not chosen again). The department is one of the
 * station's in the catalog; the service checks it again.
 */
import { formText } from '@hall/web/server';
import { fail, redirect } from '@sveltejs/kit';
import { setFlash } from '$lib/server/forms';
import {
  chosenFile,
  decodeFiles,
  keptFile,
  publicityDesk,
  requirePublisher,
  saveOrRefusal,
  savedRevision,
  uploadRefusal,
  type PostEvent,
} from '$lib/server/publicity';
import { callContext, consoleServices } from '$lib/server/services';
import { ENTRY_FIELDS, type EntryFormResult, type EntryFormValues } from './entry-form';

/**
 * The station's enabled departments in order (the catalog's public list); none when the catalog
 * cannot be reached (the page says so, and the service refuses a save meanwhile).
 */
export async function departmentOptions(
  station: string,
): Promise<{ options: Array<{ value: string; label: string }>; available: boolean }> {
  try {
    const departments = await consoleServices().catalog.departments(station);
    return { options: departments.map((d) => ({ value: d.id, label: d.name })), available: true };
  } catch {
    return { options: [], available: false };
  }
}

function readEntryForm(data: FormData): EntryFormValues {
  return {
    title: formText(data, 'title'),
    itemName: formText(data, 'itemName'),
    departmentId: formText(data, 'departmentId'),
    summary: formText(data, 'summary'),
    periodStart: formText(data, 'periodStart'),
    periodEnd: formText(data, 'periodEnd'),
    file: decodeFiles(data, 'file')[0] ?? null,
    revision: formText(data, 'revision'),
  };
}

const result = (
  values: EntryFormValues,
  over: Partial<Omit<EntryFormResult, 'values'>> = {},
): EntryFormResult => ({ values, message: '', fields: {}, conflict: null, ...over });

const messages: Record<string, string> = {
  title: '请填写标题',
  itemName: '请填写事项名称',
  departmentId: '请选择部门',
  periodStart: '请选择公示开始日期',
  periodEnd: '请选择公示结束日期',
  detailsFile: '请上传公示详情文件',
};

/** Saves a new entry (`id` null) or an existing one, uploading a chosen file first. */
export async function submitEntry(event: PostEvent, id: string | null) {
  const { station } = requirePublisher(event);
  const data = await event.request.formData();
  const values = readEntryForm(data);
  const ctx = callContext(event);
  const api = publicityDesk();

  const chosen = chosenFile(data, 'detailsFile');
  if (chosen) {
    try {
      values.file = keptFile(await api.upload(station, chosen, ctx));
    } catch (err) {
      const { field, message } = uploadRefusal(err, 'detailsFile');
      return fail(400, result(values, { message: '文件上传失败', fields: { [field]: message } }));
    }
  }

  const input = {
    title: values.title,
    itemName: values.itemName,
    departmentId: values.departmentId,
    summary: values.summary,
    periodStart: values.periodStart,
    periodEnd: values.periodEnd,
    fileId: values.file?.id ?? '',
  };
  const revision = savedRevision(data) ?? 0;
  const outcome = await saveOrRefusal(
    event,
    () =>
      id === null
        ? api.createEntry(station, input, ctx)
        : api.updateEntry(station, id, revision, input, ctx),
    id === null ? null : async () => (await api.entry(station, id, ctx)).revision,
    { values, fields: ENTRY_FIELDS, fieldOf: { fileId: 'detailsFile' }, messages },
  );
  if ('refusal' in outcome) {
    const { status, ...over } = outcome.refusal;
    return fail(status, result(values, over));
  }
  const saved = outcome.saved;
  setFlash(event, `已保存公示“${saved.title}”`);
  redirect(303, `/publicity/${saved.id}`);
}
