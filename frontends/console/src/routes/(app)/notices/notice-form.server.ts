/**
 * The notice editor's one form: title, body (HTML), attachments and body images. A post either
 * uploads the chosen files (上传), drops an attachment from the list (移除) or saves (保存, which
 * uploads any chosen files first); every answer but a save brings the whole form back, so nothing
 * typed is lost. Files go to the publicity service as they are chosen: an uploaded image is put
 * at the end of the body as `<img src="/{station}/publicity/files/{id}">`, the portal's path the
 * service requires.
 */
import { formText } from '@hall/web/server';
import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
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
import { callContext } from '$lib/server/services';
import { imageTag } from '$lib/publicity';
import {
  MAX_ATTACHMENTS,
  NOTICE_FIELDS,
  type NoticeFormResult,
  type NoticeFormValues,
} from './notice-form';

export function readNoticeForm(data: FormData): NoticeFormValues {
  return {
    title: formText(data, 'title'),
    // A form posts line breaks as CRLF; the stored HTML keeps plain ones.
    body: formText(data, 'body').replace(/\r\n?/g, '\n'),
    attachments: decodeFiles(data, 'attachment'),
    images: decodeFiles(data, 'image'),
    revision: formText(data, 'revision'),
  };
}

const IMAGE = /\.(jpe?g|png|gif)$/i;

/** Whether the body would have text or an image (the service decides; this spares a call). */
const bodyLooksEmpty = (html: string): boolean =>
  !/<img\b/i.test(html) &&
  html
    // The service drops these with their content.
    .replace(/<(script|style|textarea|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|\s/g, '') === '';

const result = (
  values: NoticeFormValues,
  over: Partial<Omit<NoticeFormResult, 'values'>> = {},
): NoticeFormResult => ({ values, message: '', fields: {}, done: '', conflict: null, ...over });

const refused = (
  status: number,
  values: NoticeFormValues,
  fields: Record<string, string>,
  message = '提交的信息有误，请检查后重试',
): ActionFailure<NoticeFormResult> => fail(status, result(values, { message, fields }));

/**
 * Uploads the files chosen in the form: attachments join the list, images the body's end.
 * Answers the refusal of the first file the service refused, null when all went.
 */
async function uploadChosen(
  event: PostEvent,
  station: string,
  data: FormData,
  values: NoticeFormValues,
): Promise<ActionFailure<NoticeFormResult> | null> {
  const ctx = callContext(event);
  const attachment = chosenFile(data, 'attachmentFile');
  if (attachment) {
    if (values.attachments.length >= MAX_ATTACHMENTS)
      return refused(400, values, { attachmentFile: `附件最多${MAX_ATTACHMENTS}个` });
    try {
      values.attachments.push(keptFile(await publicityDesk().upload(station, attachment, ctx)));
    } catch (err) {
      const { field, message } = uploadRefusal(err, 'attachmentFile');
      return refused(400, values, { [field]: message });
    }
  }
  const image = chosenFile(data, 'imageFile');
  if (image) {
    if (!IMAGE.test(image.name))
      return refused(400, values, { imageFile: '请选择 jpg、png 或 gif 格式的图片' });
    try {
      const stored = keptFile(await publicityDesk().upload(station, image, ctx));
      values.images.push(stored);
      values.body = `${values.body.trimEnd()}\n<p>${imageTag(station, stored)}</p>`;
    } catch (err) {
      const { field, message } = uploadRefusal(err, 'imageFile');
      return refused(400, values, { [field]: message });
    }
  }
  return null;
}

/**
 * The editor's post for a new notice (`id` null) or an existing one. `intent` is the button
 * pressed: `upload`, `remove:<attachment id>`, or `save` (the default, also on Enter).
 */
export async function submitNotice(event: PostEvent, id: string | null) {
  const { station } = requirePublisher(event);
  const data = await event.request.formData();
  const values = readNoticeForm(data);
  const intent = formText(data, 'intent') || 'save';

  if (intent.startsWith('remove:')) {
    const removed = values.attachments.find((a) => a.id === intent.slice('remove:'.length));
    values.attachments = values.attachments.filter((a) => a !== removed);
    return result(values, {
      done: removed ? `已移除附件“${removed.fileName}”，保存后生效` : '',
    });
  }

  const before = { attachments: values.attachments.length, images: values.images.length };
  const refusal = await uploadChosen(event, station, data, values);
  if (refusal) return refusal;
  if (intent === 'upload') {
    const added = [
      ...values.attachments.slice(before.attachments).map((f) => `附件“${f.fileName}”`),
      ...values.images.slice(before.images).map((f) => `图片“${f.fileName}”（已插入正文末尾）`),
    ];
    if (added.length === 0)
      return refused(400, values, { attachmentFile: '请选择要上传的文件' }, '请选择要上传的文件');
    return result(values, { done: `已上传${added.join('、')}，保存后生效` });
  }

  if (!values.title.trim()) {
    const fields: Record<string, string> = { title: '请填写标题' };
    if (bodyLooksEmpty(values.body)) fields.body = '请填写正文';
    return refused(400, values, fields);
  }
  const input = {
    title: values.title,
    body: values.body,
    attachmentIds: values.attachments.map((a) => a.id),
  };
  const ctx = callContext(event);
  const api = publicityDesk();
  const revision = savedRevision(data) ?? 0;
  const outcome = await saveOrRefusal(
    event,
    () =>
      id === null
        ? api.createNotice(station, input, ctx)
        : api.updateNotice(station, id, revision, input, ctx),
    id === null ? null : async () => (await api.notice(station, id, ctx)).revision,
    {
      values,
      fields: NOTICE_FIELDS,
      fieldOf: { attachmentIds: 'attachmentFile' },
      messages: { title: '请填写标题' },
    },
  );
  if ('refusal' in outcome) {
    const { status, ...over } = outcome.refusal;
    return fail(status, result(values, over));
  }
  const saved = outcome.saved;
  setFlash(event, `已保存公告“${saved.title}”`);
  redirect(303, `/notices/${saved.id}`);
}
