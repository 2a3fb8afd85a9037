/**
 * The submissions service's citizen-facing and public HTTP API (drafts, 暂存, submit, the
 * receipt 申报告知单, 我的办件, 补齐补正, 重新办理, 星级测评, 进度查询) as the front ends' servers call
 * it, with typed answers. Errors are mapped as the other clients map them: the service's
 * problem+json as a `ProblemError` (field paths as the service gives them, e.g. `basic/mobile`,
 * `answers/age`, `materials/<materialId>`), and a 503 `unavailable` when the service could not be
 * reached, is not configured (`SUBMISSIONS_URL` unset) or answered something that is not a
 * problem (5xx included).
 */
import type { BusinessForm } from '@hall/platform/forms';
import type { Collection, Necessity, TimeLimit } from './catalog';
import type { CallContext } from './identity';
import type { FileInfo } from './materials';
import { queryString, ServiceConnection, streamedFile, type StreamedFile } from './service-request';

const seg = encodeURIComponent;

export type ApplicationState =
  | 'draft'
  | 'submitted'
  | 'prereviewed'
  | 'supplement'
  | 'accepted'
  | 'not_accepted'
  | 'rejected'
  | 'completed';

/** Where a draft was left: the step 【修改】 goes back to. */
export type DraftStep = 'notice' | 'basic' | 'form' | 'materials';

/** What the applicant may do with an application in its state (我的办件's buttons). */
export type ApplicationAction =
  'edit' | 'delete' | 'submit' | 'supplement' | 'reapply' | 'evaluate' | 'print';

export type ApplicantKind = 'person' | 'unit';

/** 基本信息 as stored: every key a string or null. */
export interface BasicInfo {
  /** 申请人 (person) or 申请单位 (unit). */
  name: string | null;
  /** `111` 居民身份证 (persons), `001` 统一社会信用代码 (units): fixed by the applicant kind. */
  idType: string | null;
  idTypeLabel: string | null;
  /** 证件号码 / 统一社会信用代码. */
  idNumber: string | null;
  /** 法定代表人 (units only). */
  legalRepresentative: string | null;
  /** 联系人. */
  contactName: string | null;
  /** 手机号码. */
  mobile: string | null;
  /** 联系地址. */
  address: string | null;
  /** 邮政编码 (6 digits, optional). */
  postcode: string | null;
  /** 备注. */
  remarks: string | null;
}

/** The keys of 基本信息 the applicant fills in. */
export type BasicKey =
  | 'name'
  | 'idNumber'
  | 'legalRepresentative'
  | 'contactName'
  | 'mobile'
  | 'address'
  | 'postcode'
  | 'remarks';

/** How a material is provided: uploaded files, at the window, owed later (容缺后补), or not. */
export type ProvisionKind = 'upload' | 'window' | 'deferred' | 'none';

/** A material of the application's item version, as the catalog defines it. */
export interface ItemMaterial {
  id: string;
  name: string;
  media: Array<'electronic' | 'paper'>;
  necessity: Necessity;
  collection: Collection;
  fileTypes: string[];
  maxSizeMb: number;
  copies: number;
  blankFormId: string | null;
  sampleId: string | null;
  notes: string;
}

/** What was provided for one material. */
export interface ApplicationMaterial {
  materialId: string;
  name: string;
  necessity: Necessity;
  collection: Collection;
  provision: ProvisionKind | null;
  provisionLabel: string | null;
  files: FileInfo[];
}

export interface TimelineEntry {
  at: string;
  action: string;
  /** e.g. 提交申请, 预审通过, 补齐补正. */
  actionLabel: string;
  from: ApplicationState | null;
  to: ApplicationState;
  stateLabel: string;
  opinion: string | null;
  actor: { kind: 'applicant' | 'staff'; roleLabel: string | null; id?: string } | null;
  details?: Record<string, unknown> | null;
}

export interface SupplementRequest {
  materials: string[];
  /** `basic/<key>` or `answers/<key>`. */
  fields: string[];
  note: string;
  requestedAt: string;
}

/** 证照信息. */
export interface Licence {
  name: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string | null;
}

/** 缴费信息 (amounts in 元). */
export interface Fees {
  items: Array<{ name: string; amount: number }>;
  total: number;
  paid: boolean;
}

/** The five online indicators of 好差评, each 1–5. */
export interface EvaluationIndicators {
  /** 整体满意度 */
  overall: number;
  /** 办事效率 */
  efficiency: number;
  /** 办事指南精确度 */
  guideAccuracy: number;
  /** 办事便捷度 */
  convenience: number;
  /** 平台操作性 */
  usability: number;
}

export interface Evaluation {
  level: number;
  levelLabel: string;
  indicators: EvaluationIndicators;
  comment: string | null;
  anonymous: boolean;
  at: string;
}

/** The item version an application is filled against (the steps render from it). */
export interface ApplicationItem {
  id: string;
  version: number;
  name: string;
  implCode: string;
  powerType: string;
  handlingType: 'immediate' | 'promised';
  departmentId: string;
  departmentName: string;
  serviceObjects: Array<'person' | 'legal'>;
  online: boolean;
  onlineDepth: number | null;
  legalTimeLimit: TimeLimit | null;
  promisedTimeLimit: TimeLimit | null;
  notice: string;
  form: BusinessForm | null;
  materials: ItemMaterial[];
}

/** One row of 我的办件. */
export interface ApplicationListItem {
  id: string;
  station: string;
  stationName: string;
  serial: string | null;
  itemId: string;
  itemName: string;
  departmentName: string;
  state: ApplicationState;
  stateLabel: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  completedAt: string | null;
  currentDueAt: string | null;
  actions: ApplicationAction[];
}

export interface ApplicationPage {
  items: ApplicationListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ApplicationQuery {
  state?: string | undefined;
  station?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** An application as its applicant sees it: everything every step and the detail page show. */
export interface Application {
  id: string;
  station: string;
  stationName: string;
  serial: string | null;
  state: ApplicationState;
  stateLabel: string;
  step: DraftStep | null;
  revision: number;
  applicantKind: ApplicantKind;
  item: ApplicationItem;
  basic: BasicInfo;
  answers: Record<string, string | number | boolean>;
  materials: ApplicationMaterial[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  prereviewDueAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  currentDueAt: string | null;
  overdue: boolean;
  outcome: 'approved' | 'not_approved' | null;
  outcomeLabel: string | null;
  result: { files: FileInfo[]; licence: Licence | null; fees: Fees | null };
  supplement: SupplementRequest | null;
  reapplicationOf: string | null;
  timeline: TimelineEntry[];
  evaluation: Evaluation | null;
  actions: ApplicationAction[];
}

/** What 暂存 sends: only what is given is saved (`null` clears a key). */
export interface ApplicationPatch {
  step?: DraftStep;
  basic?: Partial<Record<BasicKey, string | null>>;
  answers?: Record<string, string | number | boolean | null>;
  /** Each entry replaces that material's provision. */
  materials?: Array<{ materialId: string; provision: ProvisionKind | null; fileIds?: string[] }>;
}

/** 申报告知单's facts, as 提交 and 补齐补正 answer them. */
export interface SubmittedReceipt {
  applicationId: string;
  serial: string;
  /** 查询密码: the applicant's receipt only. */
  queryPassword: string | null;
  station: string;
  stationName: string;
  itemName: string;
  departmentName: string;
  applicant: {
    kind: ApplicantKind;
    name: string;
    idType: string;
    idTypeLabel: string;
    idNumberMasked: string;
    contactName: string;
    mobileMasked: string;
    address: string;
  };
  submittedAt: string;
  state: ApplicationState;
  stateLabel: string;
  materials: Array<{
    name: string;
    necessity: Necessity;
    necessityLabel: string;
    collection: Collection;
    provision: ProvisionKind | null;
    provisionLabel: string | null;
    files: string[];
  }>;
  /** The portal's 进度查询 with serial and password, which the QR code carries. */
  progressUrl: string;
}

/** 申报告知单 as printed (`receipt()`): its facts and the QR code. */
export interface Receipt extends SubmittedReceipt {
  /** The QR code of progressUrl, a `data:image/svg+xml;base64,…` URL. */
  qrCode: string;
}

export interface NewEvaluation {
  level: number;
  indicators: EvaluationIndicators;
  anonymous: boolean;
  comment?: string;
}

/** 进度查询 without signing in: 申办流水号 with 申请人/申请单位 or 查询密码. */
export type ProgressQuery =
  { serial: string; applicant: string } | { serial: string; password: string };

export interface Progress {
  serial: string;
  itemName: string;
  station: string;
  stationName: string;
  departmentName: string;
  state: ApplicationState;
  stateLabel: string;
  submittedAt: string | null;
  timeline: Array<{
    at: string;
    action: string;
    actionLabel: string;
    state: ApplicationState;
    stateLabel: string;
    opinion: string | null;
  }>;
}

/** A PDF (or other binary) as the service streams it. */
export type Download = StreamedFile;

export interface SubmissionsClientOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The submissions service for a signed-in person or unit (their own applications only: another
 * account's answers 404) and the anonymous 进度查询. Calls that change an application carry the
 * revision it was read at (If-Match); a stale one is a 409 the page shows as 刷新后重试.
 */
export class SubmissionsClient {
  readonly #service: ServiceConnection;

  /** `baseUrl` null: not configured, and every call answers 503 `unavailable`. */
  constructor(baseUrl: string | null, options: SubmissionsClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'SUBMISSIONS_URL',
      timeoutMs: options.timeoutMs ?? 15_000,
      fetch: options.fetch,
    });
  }

  get configured(): boolean {
    return this.#service.configured;
  }

  #call<T>(
    method: string,
    path: string,
    body: unknown,
    ctx: CallContext,
    revision?: number,
  ): Promise<T> {
    return this.#service.json(method, path, { json: body, ctx, revision });
  }

  /** 【下一步】 after 阅读须知: a new draft for the item's current published version. */
  createDraft(station: string, itemId: string, ctx: CallContext): Promise<Application> {
    return this.#call('POST', `/stations/${seg(station)}/applications`, { itemId }, ctx);
  }

  /** 我的办件 (every station). */
  list(query: ApplicationQuery, ctx: CallContext): Promise<ApplicationPage> {
    return this.#call('GET', `/applications${queryString(query)}`, undefined, ctx);
  }

  get(id: string, ctx: CallContext): Promise<Application> {
    return this.#call('GET', `/applications/${seg(id)}`, undefined, ctx);
  }

  /** 【暂存】 (and every step's 【下一步】): saves what is given, not checked for completeness. */
  save(
    id: string,
    revision: number,
    patch: ApplicationPatch,
    ctx: CallContext,
  ): Promise<Application> {
    return this.#call('PATCH', `/applications/${seg(id)}`, patch, ctx, revision);
  }

  /** 【提交】: every problem at once as field errors; submitting twice gives the same receipt. */
  submit(id: string, revision: number, ctx: CallContext): Promise<SubmittedReceipt> {
    return this.#call('POST', `/applications/${seg(id)}/submit`, {}, ctx, revision);
  }

  /** 补齐补正 【提交】: what was asked for must be supplied. */
  resubmit(id: string, revision: number, ctx: CallContext): Promise<SubmittedReceipt> {
    return this.#call('POST', `/applications/${seg(id)}/resubmit`, {}, ctx, revision);
  }

  /** 【重新办理】 after 已驳回: a new draft prefilled from the rejected application. */
  reapply(id: string, ctx: CallContext): Promise<Application> {
    return this.#call('POST', `/applications/${seg(id)}/reapply`, {}, ctx);
  }

  /** Deletes a draft. */
  remove(id: string, revision: number, ctx: CallContext): Promise<void> {
    return this.#call('DELETE', `/applications/${seg(id)}`, undefined, ctx, revision);
  }

  /** 【提交评价】 (once: 409 `already_evaluated`). */
  evaluate(id: string, evaluation: NewEvaluation, ctx: CallContext): Promise<Evaluation> {
    return this.#call('POST', `/applications/${seg(id)}/evaluation`, evaluation, ctx);
  }

  receipt(id: string, ctx: CallContext): Promise<Receipt> {
    return this.#call('GET', `/applications/${seg(id)}/receipt`, undefined, ctx);
  }

  /** 【下载PDF】: the receipt as the service renders it, to stream on. */
  async receiptPdf(id: string, ctx: CallContext): Promise<Download> {
    const response = await this.#service.send('GET', `/applications/${seg(id)}/receipt.pdf`, {
      ctx,
      headers: { accept: 'application/pdf, application/problem+json' },
    });
    return streamedFile(response, 'application/pdf');
  }

  /**
   * 进度查询 (no sign-in): a mismatch and an unknown serial are the same 404
   * `progress_not_found`; too many tries a 429. `ctx.ip` is the browser's address (the limit is
   * per address).
   */
  progress(query: ProgressQuery, ctx: CallContext): Promise<Progress> {
    return this.#call('POST', '/progress', query, { ip: ctx.ip });
  }
}
