/**
 * 在线申报 on the portal's server: the signed-in applicant's applications from the submissions
 * service as pages (404 / 503 in the frame, never a crash), the service's field paths as the
 * inputs of the steps, the local checks of 【下一步】, and a one-shot message carried across a
 * redirect (the errors of 【提交】 that belong to another step; an upload made without JavaScript).
 */
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import {
  businessFormName,
  formErrorsOf,
  ProblemError,
  unavailableProblem,
  type FieldError,
  type Problem,
} from '@hall/web';
import type {
  ApplicantKind,
  Application,
  ApplicationPatch,
  BasicKey,
  DraftStep,
} from '@hall/web/server';
import { validateAnswers, type BusinessForm } from '@hall/platform/forms';
import {
  checkCreditCode,
  checkIdCardNumber,
  checkMobile,
  normalizeCreditCode,
  normalizeIdCardNumber,
  normalizeMobile,
} from '@hall/platform/validation';
import { looksLikeId } from '$lib/catalog/filters';
import { basicFields, materialField } from '$lib/applications/labels';
import { callContext, submissions } from './services';

export const NOT_FOUND_APPLICATION = '您要查看的办件不存在';
const UNAVAILABLE = '在线申报暂时无法访问，请稍后再试';

/** The signed-in person or unit, or a redirect to 登录 and back here. */
export function requireUser(event: RequestEvent): PortalUser {
  const { locals, params, url } = event;
  if (!locals.user) {
    const station = params.station ?? 'cq';
    redirect(303, `/${station}/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return locals.user;
}

/**
 * Runs a submissions call for a page: 404 (and 400: an id that is no id) is the 404 page, an
 * unreachable service the 503 page; other problems are rethrown for the caller to show.
 */
export async function fromSubmissions<T>(
  call: Promise<T>,
  notFound = NOT_FOUND_APPLICATION,
): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (err.status === 404) error(404, notFound);
    if (err.status >= 500) error(503, UNAVAILABLE);
    throw err;
  }
}

/**
 * The application of the URL (`params.id`), the signed-in applicant's own: another account's,
 * an unknown one and one of another station (its pages live under its own station) are the 404
 * page.
 */
export async function loadApplication(event: RequestEvent): Promise<Application> {
  requireUser(event);
  const id = event.params.id ?? '';
  if (!looksLikeId(id)) error(404, NOT_FOUND_APPLICATION);
  const application = await fromSubmissions(submissions().get(id, callContext(event)));
  if (application.station !== event.params.station) error(404, NOT_FOUND_APPLICATION);
  return application;
}

/** Where an application's 【修改】 / link leads: its step, 补齐补正, or its detail. */
export function applicationHref(
  application: Pick<Application, 'id' | 'station' | 'state'> & {
    step?: DraftStep | null;
  },
): string {
  const base = `/${application.station}/applications/${application.id}`;
  if (application.state === 'draft') return `${base}/${application.step ?? 'basic'}`;
  if (application.state === 'supplement') return `${base}/supplement`;
  return `/${application.station}/space/applications/${application.id}`;
}

/** A draft's step pages are for drafts only: anything else goes where it belongs now. */
export function requireDraft(application: Application): void {
  if (application.state !== 'draft') redirect(303, applicationHref(application));
}

// ---------------------------------------------------------------- field paths

/**
 * The service's field path as a page's input name: `basic/mobile` → `mobile`,
 * `answers/school` → `form.school`, `materials/<id>` → `material-<id>`; anything else as it is.
 */
export function inputName(field: string): string {
  const [head, ...rest] = field.split('/');
  const key = rest.join('/');
  if (head === 'basic' && key) return key.split('/')[0]!;
  if (head === 'answers' && key) return businessFormName(key.split('/')[0]!);
  if (head === 'materials' && key) return materialField(key.split('/')[0]!);
  return field;
}

/** The step a field path belongs to. */
export function stepOf(field: string): DraftStep | null {
  if (field.startsWith('basic/')) return 'basic';
  if (field.startsWith('answers/')) return 'form';
  if (field.startsWith('materials/')) return 'materials';
  return null;
}

export interface StepErrors {
  message: string;
  /** Input name → message. */
  fields: Record<string, string>;
}

/** A problem as the errors of the step pages: the title, each field error at its input. */
export function stepErrors(problem: Problem): StepErrors {
  const renamed: Problem = {
    ...problem,
    errors: (problem.errors ?? []).map((e) => ({ ...e, field: inputName(e.field) })),
  };
  const { message, fields, unplaced } = formErrorsOf(renamed);
  return { message: [message, ...unplaced].join('；'), fields };
}

/** A ProblemError as step errors (an unreachable service reads as 服务暂时不可用). */
export function errorsOf(err: unknown): { status: number; errors: StepErrors } {
  if (!(err instanceof ProblemError)) throw err;
  const problem = err.status >= 500 ? unavailableProblem() : err.problem;
  if (problem.code === 'edit_conflict') {
    return {
      status: 409,
      errors: { message: '该办件已在其他页面修改，请刷新页面后重试', fields: {} },
    };
  }
  return { status: problem.status, errors: stepErrors(problem) };
}

// ---------------------------------------------------------------- local checks of 下一步

const required = '此项为必填项';

/**
 * 基本信息 checked as 【提交】 will check it, so 【下一步】 can say so at once: required fields,
 * the ID number (GB 11643) or credit code (GB 32100), the mobile number, the postcode.
 */
export function checkBasic(
  kind: ApplicantKind,
  values: Partial<Record<BasicKey, string>>,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of basicFields(kind)) {
    const value = values[field.key]?.trim() ?? '';
    if (!value) {
      if (field.required) fields[field.key] = required;
      continue;
    }
    let check: { ok: true } | { ok: false; message: string } = { ok: true };
    if (field.key === 'idNumber') {
      check =
        kind === 'unit'
          ? checkCreditCode(normalizeCreditCode(value))
          : checkIdCardNumber(normalizeIdCardNumber(value));
    } else if (field.key === 'mobile') {
      check = checkMobile(normalizeMobile(value));
    } else if (field.key === 'postcode' && !/^\d{6}$/.test(value)) {
      check = { ok: false, message: '邮政编码应为6位数字' };
    }
    if (!check.ok) fields[field.key] = check.message;
  }
  return fields;
}

/** 业务表单 answers checked against the version's form, keyed by input name. */
export function checkAnswers(
  form: BusinessForm,
  answers: Record<string, unknown>,
): Record<string, string> {
  const result = validateAnswers(form, answers);
  const fields: Record<string, string> = {};
  if (!result.ok) for (const e of result.errors) fields[businessFormName(e.field)] ??= e.message;
  return fields;
}

// ---------------------------------------------------------------- saving

/** 暂存 / 下一步: saves `patch` at the revision the page was read at. */
export function save(
  event: RequestEvent,
  application: Application,
  revision: number,
  patch: ApplicationPatch,
): Promise<Application> {
  return submissions().save(application.id, revision, patch, callContext(event));
}

/** The revision a step's form was rendered with (its hidden `revision`). */
export function formRevision(data: FormData, fallback: number): number {
  const value = Number(data.get('revision'));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// ---------------------------------------------------------------- one-shot messages

const FLASH = 'hall_flash';
/** Cookies hold about 4 KB; a longer list is cut (every field keeps a short message). */
const FLASH_LIMIT = 3000;

export interface Flash {
  /** Where it is shown: an application's id (its pages only), or `library` (资料库). */
  scope: string;
  /** An error summary and field errors (by input name). */
  errors?: StepErrors;
  /** A success message, e.g. 附件已上传. */
  notice?: string;
}

/** Keeps a message for the next page of `flash.scope` (one redirect away). */
export function setFlash(cookies: Cookies, flash: Flash, secure: boolean): void {
  let value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  if (value.length > FLASH_LIMIT && flash.errors) {
    const fields = Object.fromEntries(
      Object.keys(flash.errors.fields).map((k) => [k, '请检查此项']),
    );
    value = Buffer.from(
      JSON.stringify({ ...flash, errors: { message: flash.errors.message, fields } }),
    ).toString('base64url');
  }
  cookies.set(FLASH, value, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 120 });
}

/** The message kept for `scope`, once (it is removed as it is read). */
export function takeFlash(event: RequestEvent, scope: string): Flash | null {
  const raw = event.cookies.get(FLASH);
  if (!raw) return null;
  event.cookies.delete(FLASH, { path: '/', secure: event.url.protocol === 'https:' });
  try {
    const flash = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    return flash.scope === scope ? flash : null;
  } catch {
    return null;
  }
}

/** Field errors of a problem grouped by the step they concern. */
export function errorsByStep(errors: readonly FieldError[]): Map<DraftStep | null, FieldError[]> {
  const byStep = new Map<DraftStep | null, FieldError[]>();
  for (const e of errors) {
    const step = stepOf(e.field);
    byStep.set(step, [...(byStep.get(step) ?? []), e]);
  }
  return byStep;
}
