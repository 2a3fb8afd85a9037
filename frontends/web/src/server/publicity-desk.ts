/**
 * The staff side of 信息发布 as the console's server calls it, with the signed-in staff member's
 * token: the publicity service's staff API (`/admin/stations/{station}/…`: 通知公告, 办件公示,
 * their files, 站点个性化) and the station's statistics and profile as read for the 统计 and
 * 站点个性化 pages. The station is always the token's; the service checks the role (`editor`,
 * `station_admin`; the profile `station_admin` only) and answers 404 for another station's
 * notice, entry or file. Errors are mapped as the other clients map them: the service's
 * problem+json as a `ProblemError`, a 503 `unavailable` when it could not be reached or is not
 * configured. Changes carry the revision the staff member saw (If-Match): a change someone else
 * made meanwhile is a 409 `edit_conflict`, and nothing changes.
 */
import { ProblemError, unavailableProblem, type Problem } from '../problem';
import type { CallContext } from './identity';
import { parseJson, serviceRequest } from './service-request';

const seg = encodeURIComponent;

export type DeskPublicationStatus = 'draft' | 'published';

/** A file staff uploaded: a notice's attachment or body image, or a 公示 entry's details file. */
export interface DeskAttachment {
  id: string;
  station: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The public download path (answers only once a published notice or entry refers to it). */
  url: string;
  createdAt: string;
}

/** One row of the staff list of 通知公告. */
export interface DeskNoticeSummary {
  id: string;
  title: string;
  /** The first 120 characters of the body's text. */
  excerpt: string;
  pinned: boolean;
  status: DeskPublicationStatus;
  /** 草稿, 已发布. */
  statusLabel: string;
  attachmentCount: number;
  publishedAt: string | null;
  updatedAt: string;
  revision: number;
}

export interface DeskNoticePage {
  items: DeskNoticeSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** A notice as staff see it: the body as stored (sanitised), what the public is shown. */
export interface DeskNotice {
  id: string;
  station: string;
  title: string;
  body: string;
  status: DeskPublicationStatus;
  statusLabel: string;
  pinned: boolean;
  attachments: DeskAttachment[];
  /** The images the body shows (attachments of the station). */
  imageIds: string[];
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface DeskNoticeInput {
  title: string;
  /** HTML; sanitised by the service on save. */
  body: string;
  attachmentIds: string[];
}

export interface DeskListQuery {
  status?: DeskPublicationStatus | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** 发布, 撤回, 置顶, 取消置顶. */
export type DeskNoticeAction = 'publish' | 'unpublish' | 'pin' | 'unpin';

/** A 办件公示 entry as staff see it. */
export interface DeskEntry {
  id: string;
  station: string;
  title: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  summary: string;
  /** 公示期, Asia/Shanghai dates, inclusive. */
  periodStart: string;
  periodEnd: string;
  periodState: 'upcoming' | 'open' | 'ended';
  /** 未开始, 公示中, 公示期满. */
  periodLabel: string;
  file: DeskAttachment | null;
  status: DeskPublicationStatus;
  statusLabel: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface DeskEntryPage {
  items: DeskEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DeskEntryInput {
  title: string;
  itemName: string;
  departmentId: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  fileId: string;
}

/** 发布, 撤回. */
export type DeskEntryAction = 'publish' | 'unpublish';

export interface OnTimeFigures {
  completed: number;
  onTime: number;
  /** 0–1; null without completions. */
  rate: number | null;
}

export interface SatisfactionFigures {
  evaluations: number;
  /** 1–5; null without evaluations. */
  meanLevel: number | null;
  /** The share of 满意 (levels 4–5), 0–1; null without evaluations. */
  satisfiedShare: number | null;
}

export interface DailyFigures {
  day: string;
  received: number;
  completed: number;
  completedOnTime: number;
  evaluations: number;
  satisfied: number;
}

/** A station's 办件统计 (the public figures, which the console charts). */
export interface PublicityStatistics {
  station: string;
  /** Today in Asia/Shanghai. */
  today: string;
  received: { today: number; month: number; total: number };
  completed: { today: number; month: number; total: number };
  onTime: { month: OnTimeFigures; total: OnTimeFigures };
  satisfaction: { month: SatisfactionFigures; total: SatisfactionFigures };
  /** The last 30 days, oldest first, every day. */
  daily: DailyFigures[];
}

/** 站点个性化 as stored, with the revision to send back with a change ("0" never saved). */
export interface StationProfile {
  station: string;
  /** The display name, else the registry's name. */
  name: string;
  registryName: string;
  displayName: string | null;
  bannerTitle: string | null;
  bannerSubtitle: string | null;
  contact: {
    address: string | null;
    phone: string | null;
    hours: string | null;
    email: string | null;
  };
  revision: number;
  updatedAt: string | null;
}

/** A change of 站点个性化: '' or null clears a text. */
export interface StationProfileInput {
  displayName: string | null;
  bannerTitle: string | null;
  bannerSubtitle: string | null;
  contact: {
    address: string | null;
    phone: string | null;
    hours: string | null;
    email: string | null;
  };
}

export interface PublicityDeskClientOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  /** Milliseconds an upload or download may take in all (they carry whole files). */
  transferTimeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A 404 without a problem body (a route the service does not have): the page is not there. */
const notFoundProblem: Problem = { status: 404, code: 'not_found', title: '您访问的内容不存在' };

export class PublicityDeskClient {
  readonly #base: string | null;
  readonly #timeoutMs: number;
  readonly #transferTimeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  /** A base URL null: the service is not configured, and every call answers 503 `unavailable`. */
  constructor(publicityUrl: string | null, options: PublicityDeskClientOptions = {}) {
    this.#base = publicityUrl?.replace(/\/+$/, '') ?? null;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#transferTimeoutMs = options.transferTimeoutMs ?? 120_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  #send(
    method: string,
    path: string,
    ctx: CallContext,
    init: { body?: BodyInit; headers?: Record<string, string>; transfer?: boolean } = {},
  ): Promise<Response> {
    if (this.#base === null) {
      throw new ProblemError(unavailableProblem(), {
        cause: new Error('PUBLICITY_URL is not set'),
      });
    }
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...init.headers,
    };
    if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
    // The service audits the staff member's address.
    if (ctx.ip) headers['x-forwarded-for'] = ctx.ip;
    return serviceRequest(
      `${this.#base}${path}`,
      { method, headers, ...(init.body === undefined ? {} : { body: init.body }) },
      {
        timeoutMs: init.transfer ? this.#transferTimeoutMs : this.#timeoutMs,
        fetch: this.#fetch,
        notFound: notFoundProblem,
      },
    );
  }

  async #call<T>(
    method: string,
    path: string,
    body: unknown,
    ctx: CallContext,
    revision?: number,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (revision !== undefined) headers['if-match'] = `"${revision}"`;
    const answer = await this.#send(method, path, ctx, {
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (answer.status === 204) return undefined as T;
    const value = parseJson(await answer.text().catch(() => ''));
    if (value === undefined) throw new ProblemError(unavailableProblem());
    return value as T;
  }

  #admin(station: string, rest: string): string {
    return `/admin/stations/${seg(station)}${rest}`;
  }

  /** 通知公告: every notice of the station (drafts too), latest change first. */
  notices(station: string, query: DeskListQuery, ctx: CallContext): Promise<DeskNoticePage> {
    return this.#call('GET', this.#admin(station, `/notices${queryString(query)}`), undefined, ctx);
  }

  notice(station: string, id: string, ctx: CallContext): Promise<DeskNotice> {
    return this.#call('GET', this.#admin(station, `/notices/${seg(id)}`), undefined, ctx);
  }

  /** A new notice, saved as a draft. */
  createNotice(station: string, input: DeskNoticeInput, ctx: CallContext): Promise<DeskNotice> {
    return this.#call('POST', this.#admin(station, '/notices'), input, ctx);
  }

  updateNotice(
    station: string,
    id: string,
    revision: number,
    input: DeskNoticeInput,
    ctx: CallContext,
  ): Promise<DeskNotice> {
    return this.#call('PUT', this.#admin(station, `/notices/${seg(id)}`), input, ctx, revision);
  }

  /** 发布, 撤回, 置顶 or 取消置顶; one that would change nothing is a 409 `state_conflict`. */
  actOnNotice(
    station: string,
    id: string,
    action: DeskNoticeAction,
    revision: number,
    ctx: CallContext,
  ): Promise<DeskNotice> {
    return this.#call(
      'POST',
      this.#admin(station, `/notices/${seg(id)}/${action}`),
      undefined,
      ctx,
      revision,
    );
  }

  /** Deletes a draft (a published notice is 409 `state_conflict`: 撤回 first). */
  deleteNotice(station: string, id: string, revision: number, ctx: CallContext): Promise<void> {
    return this.#call(
      'DELETE',
      this.#admin(station, `/notices/${seg(id)}`),
      undefined,
      ctx,
      revision,
    );
  }

  /** 办件公示: every entry of the station, latest change first. */
  entries(station: string, query: DeskListQuery, ctx: CallContext): Promise<DeskEntryPage> {
    return this.#call(
      'GET',
      this.#admin(station, `/publicity${queryString(query)}`),
      undefined,
      ctx,
    );
  }

  entry(station: string, id: string, ctx: CallContext): Promise<DeskEntry> {
    return this.#call('GET', this.#admin(station, `/publicity/${seg(id)}`), undefined, ctx);
  }

  /** A new entry, saved as a draft (the department is checked with the catalog). */
  createEntry(station: string, input: DeskEntryInput, ctx: CallContext): Promise<DeskEntry> {
    return this.#call('POST', this.#admin(station, '/publicity'), input, ctx);
  }

  updateEntry(
    station: string,
    id: string,
    revision: number,
    input: DeskEntryInput,
    ctx: CallContext,
  ): Promise<DeskEntry> {
    return this.#call('PUT', this.#admin(station, `/publicity/${seg(id)}`), input, ctx, revision);
  }

  actOnEntry(
    station: string,
    id: string,
    action: DeskEntryAction,
    revision: number,
    ctx: CallContext,
  ): Promise<DeskEntry> {
    return this.#call(
      'POST',
      this.#admin(station, `/publicity/${seg(id)}/${action}`),
      undefined,
      ctx,
      revision,
    );
  }

  deleteEntry(station: string, id: string, revision: number, ctx: CallContext): Promise<void> {
    return this.#call(
      'DELETE',
      this.#admin(station, `/publicity/${seg(id)}`),
      undefined,
      ctx,
      revision,
    );
  }

  /**
   * Uploads a file (multipart, one part `file`): an attachment, a body image or a details file.
   * The service checks the type against the content and audits the upload.
   */
  async upload(station: string, file: File, ctx: CallContext): Promise<DeskAttachment> {
    const body = new FormData();
    body.append('file', file, file.name);
    const answer = await this.#send('POST', this.#admin(station, '/attachments'), ctx, {
      body,
      transfer: true,
    });
    const value = parseJson(await answer.text().catch(() => ''));
    if (value === undefined) throw new ProblemError(unavailableProblem());
    return value as DeskAttachment;
  }

  /** Any file of the station (drafts' too), as the service sends it: the response to stream on. */
  file(station: string, id: string, inline: boolean, ctx: CallContext): Promise<Response> {
    return this.#send(
      'GET',
      this.#admin(station, `/attachments/${seg(id)}${inline ? '?inline=true' : ''}`),
      ctx,
      { headers: { accept: '*/*' }, transfer: true },
    );
  }

  /** The station's 办件统计 (public figures: no token needed, none sent). */
  statistics(station: string): Promise<PublicityStatistics> {
    return this.#call('GET', `/stations/${seg(station)}/statistics`, undefined, {});
  }

  /** 站点个性化 as stored, with its revision (0 before the first save). */
  profile(station: string): Promise<StationProfile> {
    return this.#call('GET', `/stations/${seg(station)}/profile`, undefined, {});
  }

  /** Saves 站点个性化 on the revision read (station admins only). */
  saveProfile(
    station: string,
    revision: number,
    input: StationProfileInput,
    ctx: CallContext,
  ): Promise<StationProfile> {
    return this.#call('PUT', this.#admin(station, '/profile'), input, ctx, revision);
  }
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
