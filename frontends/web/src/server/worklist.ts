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
import { parseJson, serviceRequest } from './service-request';
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
  readonly #submissions: string | null;
  readonly #materials: string | null;
  readonly #timeoutMs: number;
  readonly #transferTimeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  /** A base URL null: that service is not configured, and its calls answer 503 `unavailable`. */
  constructor(
    submissionsUrl: string | null,
    materialsUrl: string | null,
    options: WorklistClientOptions = {},
  ) {
    this.#submissions = submissionsUrl?.replace(/\/+$/, '') ?? null;
    this.#materials = materialsUrl?.replace(/\/+$/, '') ?? null;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#transferTimeoutMs = options.transferTimeoutMs ?? 15 * 60_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  get configured(): boolean {
    return this.#submissions !== null && this.#materials !== null;
  }

  #send(
    base: string | null,
    what: string,
    method: string,
    path: string,
    init: {
      body?: BodyInit;
      headers?: Record<string, string>;
      revision?: number;
      transfer?: boolean;
    },
    ctx: CallContext,
  ): Promise<Response> {
    if (base === null) {
      return Promise.reject(
        new ProblemError(unavailableProblem(), { cause: new Error(`${what} is not set`) }),
      );
    }
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...init.headers,
    };
    if (init.revision !== undefined) headers['if-match'] = `"${init.revision}"`;
    if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
    // Both services audit the staff member's address.
    if (ctx.ip) headers['x-forwarded-for'] = ctx.ip;
    const request: RequestInit & { duplex?: 'half' } = { method, headers };
    if (init.body !== undefined) request.body = init.body;
    // A stream body goes out as it arrives (Node's fetch needs half duplex for that).
    if (init.body instanceof ReadableStream) request.duplex = 'half';
    return serviceRequest(`${base}${path}`, request, {
      timeoutMs: init.transfer ? this.#transferTimeoutMs : this.#timeoutMs,
      fetch: this.#fetch,
      notFound: notFoundProblem,
    });
  }

  async #json<T>(response: Promise<Response>): Promise<T> {
    const answer = await response;
    if (answer.status === 204) return undefined as T;
    const value = parseJson(await answer.text().catch(() => ''));
    if (value === undefined) throw new ProblemError(unavailableProblem());
    return value as T;
  }

  #submissionsCall<T>(
    method: string,
    path: string,
    body: unknown,
    ctx: CallContext,
    revision?: number,
  ): Promise<T> {
    return this.#json(
      this.#send(
        this.#submissions,
        'SUBMISSIONS_URL',
        method,
        path,
        {
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
          ...(revision === undefined ? {} : { revision }),
        },
        ctx,
      ),
    );
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
    return this.#json(
      this.#send(
        this.#materials,
        'MATERIALS_URL',
        'POST',
        '/files',
        { body: upload.body, headers, transfer: true },
        ctx,
      ),
    );
  }

  /** A file's description, when the staff member may see it (their upload, or granted). */
  file(id: string, ctx: CallContext): Promise<FileInfo> {
    return this.#json(
      this.#send(this.#materials, 'MATERIALS_URL', 'GET', `/files/${seg(id)}`, {}, ctx),
    );
  }

  /** A short-lived signed link (materials audits a staff member's link to an applicant's file). */
  link(id: string, ctx: CallContext): Promise<FileLink> {
    return this.#json(
      this.#send(
        this.#materials,
        'MATERIALS_URL',
        'POST',
        `/files/${seg(id)}/links`,
        { body: '{}', headers: { 'content-type': 'application/json' } },
        ctx,
      ),
    );
  }

  /**
   * A file's content to stream to the browser: a signed link is asked for, then followed here,
   * so the browser never talks to materials. `inline` asks for `Content-Disposition: inline`.
   */
  async download(id: string, ctx: CallContext, inline = false): Promise<FileDownload> {
    const { url } = await this.link(id, ctx);
    if (!url.startsWith('/')) throw new ProblemError(unavailableProblem());
    const path = inline ? `${url}${url.includes('?') ? '&' : '?'}disposition=inline` : url;
    const response = await this.#send(
      this.#materials,
      'MATERIALS_URL',
      'GET',
      path,
      { headers: { accept: '*/*' }, transfer: true },
      { ip: ctx.ip },
    );
    if (!response.body) throw new ProblemError(unavailableProblem());
    return {
      body: response.body,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      contentLength: response.headers.get('content-length'),
      contentDisposition: response.headers.get('content-disposition'),
    };
  }
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number')
      params.set(key, String(value));
    else if (typeof value === 'boolean') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
