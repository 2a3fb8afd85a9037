/**
 * 我要问 and 信件答复 on the portal's server: the letters service and the Q&A robot of this
 * process, the three letter forms (read, sent with the form's Idempotency-Key, the service's
 * field errors kept at their inputs, the 受理编码 carried to the success dialog in the one-shot
 * `hall_flash` cookie), and the service's answers as pages (404 / 503 in the frame).
 */
import { randomUUID } from 'node:crypto';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formErrorsOf, ProblemError, type Problem } from '@hall/web';
import type {
  AssistantClient,
  FileInfo,
  LetterKind,
  LetterRating,
  LettersClient,
  NewLetter,
} from '@hall/web/server';
import { normalizeMobile } from '@hall/platform/validation';
import { looksLikeId } from '$lib/catalog/filters';
import { LETTER_FIELDS, MAX_ATTACHMENTS, ratingOptions } from '$lib/letters/labels';
import { setFlash, takeFlash } from './applications';
import { NOT_FOUND_DEPARTMENT, catalog, fromCatalog } from './catalog';
import { callContext, identity, materials, portalServices } from './services';

export const letters = (): LettersClient => portalServices().letters;
export const assistant = (): AssistantClient => portalServices().assistant;

export const NOT_FOUND_LETTER = '您要查看的信件不存在';
const UNAVAILABLE = '信件服务暂时无法访问，请稍后再试';
/** The flash scope of the 受理编码 on its way to the success dialog. */
const SUBMITTED = 'letter-submitted';

/**
 * Runs a letters call for a page: 404 (and 400: an id that is no id) is the 404 page, an
 * unreachable service the 503 page; other problems are rethrown for the caller to show.
 */
export async function fromLetters<T>(call: Promise<T>, notFound = NOT_FOUND_LETTER): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404 || err.status === 400) error(404, notFound);
    if (err.status >= 500) error(503, UNAVAILABLE);
    throw err;
  }
}

// ---------------------------------------------------------------- the letter forms

/** What the form of a letter shows besides its fields. */
export interface LetterFormData {
  /** Sent back with 【提交】: the same key twice is one letter. */
  idempotencyKey: string;
  /** The signed-in writer's name and mobile, from their profile. */
  prefill: { contactName: string; mobile: string };
  /**
   * 【资料库】 of a signed-in writer (newest first), `unavailable` when the materials service
   * cannot be reached; null for anonymous writers, who are told that signing in allows files.
   */
  library: { files: FileInfo[]; total: number } | 'unavailable' | null;
}

const LIBRARY_PAGE = 20;

/** The form's key, the profile's contact details and the 资料库 of a signed-in writer. */
export async function letterFormData(event: RequestEvent): Promise<LetterFormData> {
  const prefill = { contactName: '', mobile: '' };
  if (!event.locals.user) return { idempotencyKey: randomUUID(), prefill, library: null };
  const ctx = callContext(event);
  const [profile, library] = await Promise.all([
    identity()
      .me(ctx)
      .catch((err: unknown) => {
        if (err instanceof ProblemError) return null;
        throw err;
      }),
    materials()
      .library({ pageSize: LIBRARY_PAGE }, ctx)
      .then((page) => ({ files: page.items, total: page.total }))
      .catch((err: unknown) => {
        if (err instanceof ProblemError) return 'unavailable' as const;
        throw err;
      }),
  ]);
  if (profile) {
    prefill.contactName = profile.kind === 'person' ? profile.realName : profile.operatorName;
    prefill.mobile = profile.mobile;
  }
  return { idempotencyKey: randomUUID(), prefill, library };
}

/** A department of the URL's station (咨询部门 / 建议部门); unknown or disabled is the 404 page. */
export async function departmentOf(event: RequestEvent): Promise<{ id: string; name: string }> {
  const id = event.params.department ?? '';
  if (!looksLikeId(id)) error(404, NOT_FOUND_DEPARTMENT);
  const department = await fromCatalog(
    catalog().department(event.params.station!, id),
    NOT_FOUND_DEPARTMENT,
  );
  return { id: department.id, name: department.name };
}

/** The station's departments for a choice (grid or select); none when the catalog is away. */
export async function departmentsOf(
  station: string,
): Promise<Array<{ id: string; name: string }> | null> {
  try {
    return (await catalog().departments(station)).map(({ id, name }) => ({ id, name }));
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return null;
  }
}

/** The letter form as typed, to show again when it is refused. */
export interface LetterValues {
  departmentId: string;
  subject: string;
  content: string;
  relatedSerial: string;
  staffName: string;
  contactName: string;
  mobile: string;
  publicConsent: boolean;
  fileIds: string[];
}

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

function readLetter(data: FormData, department: string | null): LetterValues {
  return {
    departmentId: department ?? text(data, 'departmentId'),
    subject: text(data, 'subject'),
    // Line breaks are the writer's; only the ends are trimmed.
    content: String(data.get('content') ?? '').trim(),
    relatedSerial: text(data, 'relatedSerial'),
    staffName: text(data, 'staffName'),
    contactName: text(data, 'contactName'),
    mobile: text(data, 'mobile'),
    publicConsent: data.get('publicConsent') === '1',
    fileIds: [...new Set(data.getAll('fileIds').map(String))].filter(looksLikeId),
  };
}

function letterOf(kind: LetterKind, values: LetterValues, signedIn: boolean): NewLetter {
  const letter: NewLetter = {
    kind,
    subject: values.subject,
    content: values.content,
    contactName: values.contactName,
    mobile: normalizeMobile(values.mobile),
    publicConsent: kind !== 'complaint' && values.publicConsent,
  };
  if (values.departmentId) letter.departmentId = values.departmentId;
  if (kind === 'complaint') {
    if (values.relatedSerial) letter.relatedSerial = values.relatedSerial;
    if (values.staffName) letter.staffName = values.staffName;
  }
  if (signedIn && values.fileIds.length) letter.fileIds = values.fileIds;
  return letter;
}

/** What a refused 【提交】 shows: the summary, each field's message, what was typed. */
function refused(problem: Problem, values: LetterValues, idempotencyKey: string) {
  const { message, fields, unplaced } = formErrorsOf(problem, LETTER_FIELDS);
  return fail(problem.status, {
    values,
    idempotencyKey,
    message: [message, ...unplaced].join('；'),
    fields,
  });
}

/**
 * 【提交】 of a letter of `kind` (the department fixed by the page for consultations and
 * suggestions, chosen in the form for complaints): the service checks everything; its field
 * errors come back at the inputs, with what was typed. Accepted, the 受理编码 goes to the success
 * dialog in the one-shot cookie (never in the URL).
 */
export async function submitLetter(
  event: RequestEvent,
  kind: LetterKind,
  department: { id: string } | null,
) {
  const station = event.params.station!;
  const data = await event.request.formData();
  const values = readLetter(data, department?.id ?? null);
  const key = text(data, 'idempotencyKey');
  const idempotencyKey = looksLikeId(key) ? key : randomUUID();
  const signedIn = event.locals.user !== null;
  if (signedIn && values.fileIds.length > MAX_ATTACHMENTS) {
    return fail(400, {
      values,
      idempotencyKey,
      message: '提交的信息有误，请检查后重试',
      fields: { fileIds: `附件最多选择${MAX_ATTACHMENTS}个` },
    });
  }
  let code: string;
  try {
    const receipt = await letters().submit(
      station,
      letterOf(kind, values, signedIn),
      idempotencyKey,
      callContext(event),
    );
    code = receipt.code;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    const problem = err.problem;
    if (err.status === 404) error(404, '站点不存在或已停用');
    if (err.status >= 500) return refused({ ...problem, errors: [] }, values, idempotencyKey);
    if (problem.code === 'idempotency_key_reused') {
      // The form was sent before with another number: a new key makes this a new letter.
      return refused(
        { ...problem, title: '该表单已提交过。如需再次提交，请核对后重新点击【提交】' },
        values,
        randomUUID(),
      );
    }
    if (err.status === 401) {
      return refused(
        { ...problem, title: '登录已失效，请重新登录后再选择附件', errors: [] },
        values,
        idempotencyKey,
      );
    }
    if (err.status === 429) {
      return refused(
        { ...problem, title: '提交过于频繁，请稍后再试', errors: [] },
        values,
        idempotencyKey,
      );
    }
    return refused(problem, values, idempotencyKey);
  }
  setFlash(event.cookies, { scope: SUBMITTED, notice: code }, event.url.protocol === 'https:');
  redirect(303, `/${station}/ask/done`);
}

/** The 受理编码 of the letter just submitted, once; null on a reload or a direct visit. */
export function submittedCode(event: RequestEvent): string | null {
  const code = takeFlash(event, SUBMITTED)?.notice ?? '';
  return /^\d{20}$/.test(code) ? code : null;
}

// ---------------------------------------------------------------- rating

/** 评价 as the rating forms send it; field errors when a choice is missing or too long. */
export function readRating(data: FormData):
  | { ok: true; rating: LetterRating; comment: string }
  | {
      ok: false;
      fields: Record<string, string>;
      values: { rating: string; comment: string };
    } {
  const rating = String(data.get('rating') ?? '');
  const comment = String(data.get('comment') ?? '').trim();
  const fields: Record<string, string> = {};
  if (!ratingOptions.some((o) => o.rating === rating)) fields.rating = '请选择满意程度';
  if (comment.length > 500) fields.comment = '评价内容不能超过500字';
  if (Object.keys(fields).length) return { ok: false, fields, values: { rating, comment } };
  return { ok: true, rating: rating as LetterRating, comment };
}

/** The words for a refused rating (already rated, not yet replied, or the service's title). */
export function ratingRefusal(err: unknown): { status: number; message: string } {
  if (!(err instanceof ProblemError)) throw err;
  if (err.code === 'already_rated') return { status: 409, message: '该信件已评价过，不能重复评价' };
  if (err.code === 'not_replied') return { status: 409, message: '信件答复后才能评价' };
  if (err.status >= 500) return { status: 503, message: UNAVAILABLE };
  return { status: err.status, message: err.problem.title };
}
