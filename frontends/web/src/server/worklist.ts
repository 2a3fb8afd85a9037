/**
 * The staff side of applications (办件) as the console's server calls it, with the signed-in staff
 * member's token: the submissions service's staff API (`/admin/stations/{station}/…`: worklist,
 * detail with full personal data, decisions, 差评 follow-ups) and the materials calls staff make
 * (upload a result file, read a file's description, follow a signed link to its content). The
 * station is always the token's; submissions and materials check the role and the station again
 * and answer 404 for another station's application or a file the station may not see. Errors are
 * mapped as the other clients map them: the service's problem+json as a `ProblemError`, a 503
 * `unavailable` when a service could not be reached or is not configured.
 */
import { ProblemError, unavailableProblem, type Problem } from '../problem';
import type { CallContext } from './identity';
import type { FileDownload, FileInfo, FileLink, UploadBody } from './materials';
import { queryString, ServiceConnection, streamedFile } from './service-request';
import type { Application, ApplicationState } from './submissions';

const seg = encodeURIComponent;

/** The worklist's queues: 待预审, 待受理, 补正中, 待办结, 已办结 (终止 included), 全部. */
export type Queue = 'prereview' | 'accept' | 'supplement' | 'complete' | 'finished' | 'all';

/** The decisions staff take (the state machine of services/submissions/README.md). */
export type StaffAction =
  'prereview' | 'request_supplement' | 'accept' | 'not_accept' | 'reject' | 'complete';

export interface WorklistQuery {
  queue?: Queue | undefined;
  /** Serial, applicant or item name. */
  q?: string | undefined;
  /** 申办流水号, exact. */
  serial?: string | undefined;
  /** 申请人 / 申请单位 name contains. */
  applicant?: string | undefined;
  /** An item id. */
  item?: string | undefined;
  /** Submission dates `YYYY-MM-DD` (Asia/Shanghai), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One row of the worklist: personal data masked. */
export interface WorkItem {
  id: string;
  serial: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicantKind: 'person' | 'unit';
  applicantName: string | null;
  idNumberMasked: string;
  mobileMasked: string;
  state: ApplicationState;
  stateLabel: string;
  submittedAt: string | null;
  /** The due time of the current stage (预审/受理, or 办结); null when none runs. */
  currentDueAt: string | null;
  overdue: boolean;
  revision: number;
}

export interface Worklist {
  items: WorkItem[];
  total: number;
  page: number;
  pageSize: number;
  /** Per queue, honouring every filter but the queue. */
  counts: Record<Queue, number>;
  /** Overdue among the listed queue and filters. */
  overdueCount: number;
}

/** An application as staff of its station see it: full personal data, and what they may do. */
export interface StaffApplication extends Application {
  /** The decisions this staff member may take now (state and roles). */
  availableActions: StaffAction[];
  /** The 重新申报 draft made from this application, if any. */
  reappliedBy?: string | null;
}

/** 证照信息 as staff enter it; dates `YYYY-MM-DD`. */
export interface LicenceInput {
  name: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo?: string | null;
}

/** 缴费信息 as staff enter it (amounts in 元). */
export interface FeesInput {
  items: Array<{ name: string; amount: number }>;
  paid: boolean;
}

/** What a decision carries; each action takes only its own fields (others are refused). */
export interface ActionInput {
  opinion?: string;
  /** 不予受理 / 驳回: required. */
  reason?: string;
  /** 补齐补正: material ids and field paths (`basic/<key>`, `answers/<key>`) and a note. */
  supplement?: { materials: string[]; fields: string[]; note: string };
  /** 办结. */
  outcome?: 'approved' | 'not_approved';
  resultFileIds?: string[];
  licence?: LicenceInput;
  fees?: FeesInput;
}

/** A 差评 follow-up task. */
export interface FollowUp {
  id: string;
  applicationId: string;
  serial: string | null;
  itemName: string;
  level: number;
  levelLabel: string;
  comment: string | null;
  state: 'open' | 'responded';
  response: string | null;
  respondedAt: string | null;
  createdAt: string;
}

export interface FollowUpPage {
  items: FollowUp[];
  total: number;
  page: number;
  pageSize: number;
}

export interface WorklistClientOptions {
  /** Milliseconds before an ordinary call counts as unavailable. */
  timeoutMs?: number;
  /** Milliseconds an upload or a download may take in all (they carry whole files). */
  transferTimeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A 404 without a problem body (a route the service does not have): the page is not there. */
const notFoundProblem: Problem = { status: 404, code: 'not_found', title: '您访问的内容不存在' };

/**
 * The staff API of submissions and materials for the signed-in staff member. Decisions carry
 * the revision the staff member decided on (If-Match): a decision someone else took meanwhile
 * is a 409 `edit_conflict`, and nothing changes.
 */
export class WorklistClient {
  readonly #submissions: ServiceConnection;
  readonly #materials: ServiceConnection;

  /** A base URL null: that service is not configured, and its calls answer 503 `unavailable`. */
  constructor(
    submissionsUrl: string | null,
    materialsUrl: string | null,
    options: WorklistClientOptions = {},
  ) {
    // Both services audit the staff member's address (ctx.ip, sent as X-Forwarded-For).
    const common = {
      timeoutMs: options.timeoutMs ?? 15_000,
      transferTimeoutMs: options.transferTimeoutMs ?? 15 * 60_000,
      fetch: options.fetch,
      notFound: notFoundProblem,
    };
    this.#submissions = new ServiceConnection(submissionsUrl, {
      ...common,
      setting: 'SUBMISSIONS_URL',
    });
    this.#materials = new ServiceConnection(materialsUrl, { ...common, setting: 'MATERIALS_URL' });
  }

  get configured(): boolean {
    return this.#submissions.configured && this.#materials.configured;
  }

  #submissionsCall<T>(
    method: string,
    path: string,
    body: unknown,
    ctx: CallContext,
    revision?: number,
  ): Promise<T> {
    return this.#submissions.json(method, path, { ctx, json: body, revision });
  }

  #admin(station: string, rest: string): string {
    return `/admin/stations/${seg(station)}${rest}`;
  }

  /** 办件工作台: one queue's page, overdue first, with the count of every queue. */
  worklist(station: string, query: WorklistQuery, ctx: CallContext): Promise<Worklist> {
    return this.#submissionsCall(
      'GET',
      this.#admin(station, `/applications${queryString(query)}`),
      undefined,
      ctx,
    );
  }

  /** One application with full personal data (submissions audits the view). */
  application(station: string, id: string, ctx: CallContext): Promise<StaffApplication> {
    return this.#submissionsCall(
      'GET',
      this.#admin(station, `/applications/${seg(id)}`),
      undefined,
      ctx,
    );
  }

  /** A decision, taken on the revision the staff member saw. */
  act(
    station: string,
    id: string,
    action: StaffAction,
    revision: number,
    input: ActionInput,
    ctx: CallContext,
  ): Promise<StaffApplication> {
    return this.#submissionsCall(
      'POST',
      this.#admin(station, `/applications/${seg(id)}/actions/${seg(action)}`),
      input,
      ctx,
      revision,
    );
  }

  /** 差评跟进: open tasks first, oldest first. */
  followUps(
    station: string,
    query: { state?: 'open' | 'responded'; page?: number; pageSize?: number },
    ctx: CallContext,
  ): Promise<FollowUpPage> {
    return this.#submissionsCall(
      'GET',
      this.#admin(station, `/follow-ups${queryString(query)}`),
      undefined,
      ctx,
    );
  }

  /** Records the station's response to a 差评 (once: 409 `state_conflict` after). */
  respond(station: string, id: string, response: string, ctx: CallContext): Promise<FollowUp> {
    return this.#submissionsCall(
      'POST',
      this.#admin(station, `/follow-ups/${seg(id)}`),
      { response },
      ctx,
    );
  }

  /**
   * A result file (结果材料): the browser's multipart body (one part `file`) streamed on to
   * materials `POST /files` as the staff member's upload, never read here. Materials audits it;
   * it is the staff member's until 办结 attaches it to the application.
   */
  async uploadResult(upload: UploadBody, ctx: CallContext): Promise<FileInfo> {
    const headers: Record<string, string> = { 'content-type': upload.contentType };
    if (upload.contentLength) headers['content-length'] = upload.contentLength;
    return this.#materials.json('POST', '/files', {
      ctx,
      body: upload.body,
      headers,
      transfer: true,
    });
  }

  /** A file's description, when the staff member may see it (their upload, or granted). */
  file(id: string, ctx: CallContext): Promise<FileInfo> {
    return this.#materials.json('GET', `/files/${seg(id)}`, { ctx });
  }

  /** A short-lived signed link (materials audits a staff member's link to an applicant's file). */
  link(id: string, ctx: CallContext): Promise<FileLink> {
    return this.#materials.json('POST', `/files/${seg(id)}/links`, { ctx, json: {} });
  }

  /**
   * A file's content to stream to the browser: a signed link is asked for, then followed here,
   * so the browser never talks to materials. `inline` asks for `Content-Disposition: inline`.
   */
  async download(id: string, ctx: CallContext, inline = false): Promise<FileDownload> {
    const { url } = await this.link(id, ctx);
    if (!url.startsWith('/')) throw new ProblemError(unavailableProblem());
    const path = inline ? `${url}${url.includes('?') ? '&' : '?'}disposition=inline` : url;
    // The signed link is the authority: no token goes with it.
    const response = await this.#materials.send('GET', path, {
      ctx: { ip: ctx.ip },
      headers: { accept: '*/*' },
      transfer: true,
    });
    return streamedFile(response, 'application/octet-stream');
  }
}
