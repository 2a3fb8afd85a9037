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
import type { Problem } from '../problem';
import type { CallContext } from './identity';
import type {
  PublicAttachment,
  PublicDailyFigures,
  PublicOnTime,
  PublicProfile,
  PublicSatisfaction,
  PublicStatistics,
} from './publicity';
import { queryString, ServiceConnection } from './service-request';

const seg = encodeURIComponent;

export type DeskPublicationStatus = 'draft' | 'published';

/** A file staff uploaded (the desk sees drafts' files too). */
export type DeskAttachment = PublicAttachment;

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

export type OnTimeFigures = PublicOnTime;
export type SatisfactionFigures = PublicSatisfaction;
export type DailyFigures = PublicDailyFigures;

/** A station's 办件统计 (the public figures, which the console charts). */
export type PublicityStatistics = PublicStatistics;

/** 站点个性化 as stored, with the revision to send back with a change. */
export type StationProfile = PublicProfile;

/** A change of 站点个性化: '' or null clears a text. */
export type StationProfileInput = Pick<
  PublicProfile,
  'displayName' | 'bannerTitle' | 'bannerSubtitle' | 'contact'
>;

export interface PublicityDeskClientOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  /** Milliseconds an upload or download may take in all (they carry whole files). */
  transferTimeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The staff API's collections: 通知公告 and 办件公示. */
const NOTICES = '/notices';
const ENTRIES = '/publicity';
type Kind = typeof NOTICES | typeof ENTRIES;

/** A 404 without a problem body (a route the service does not have): the page is not there. */
const notFoundProblem: Problem = { status: 404, code: 'not_found', title: '您访问的内容不存在' };

export class PublicityDeskClient {
  readonly #service: ServiceConnection;

  /** A base URL null: the service is not configured, and every call answers 503 `unavailable`. */
  constructor(publicityUrl: string | null, options: PublicityDeskClientOptions = {}) {
    this.#service = new ServiceConnection(publicityUrl, {
      setting: 'PUBLICITY_URL',
      timeoutMs: options.timeoutMs ?? 15_000,
      transferTimeoutMs: options.transferTimeoutMs ?? 120_000,
      fetch: options.fetch,
      notFound: notFoundProblem,
    });
  }

  /** A call on the staff API of the token's station. */
  #admin<T>(
    method: string,
    station: string,
    path: string,
    ctx: CallContext,
    init: { json?: unknown; revision?: number } = {},
  ): Promise<T> {
    return this.#service.json(method, `/admin/stations/${seg(station)}${path}`, { ...init, ctx });
  }

  /**
   * 通知公告 (`/notices`) and 办件公示 (`/publicity`) share their lifecycle: a draft is created,
   * changed on the revision read, acted on (published, withdrawn, …) and deleted while a draft.
   */
  #list<T>(station: string, kind: Kind, query: DeskListQuery, ctx: CallContext): Promise<T> {
    return this.#admin('GET', station, `${kind}${queryString(query)}`, ctx);
  }

  #read<T>(station: string, kind: Kind, id: string, ctx: CallContext): Promise<T> {
    return this.#admin('GET', station, `${kind}/${seg(id)}`, ctx);
  }

  #create<T>(station: string, kind: Kind, input: object, ctx: CallContext): Promise<T> {
    return this.#admin('POST', station, kind, ctx, { json: input });
  }

  #update<T>(
    station: string,
    kind: Kind,
    id: string,
    revision: number,
    input: object,
    ctx: CallContext,
  ): Promise<T> {
    return this.#admin('PUT', station, `${kind}/${seg(id)}`, ctx, { json: input, revision });
  }

  #act<T>(
    station: string,
    kind: Kind,
    id: string,
    action: string,
    revision: number,
    ctx: CallContext,
  ): Promise<T> {
    return this.#admin('POST', station, `${kind}/${seg(id)}/${action}`, ctx, { revision });
  }

  #delete(station: string, kind: Kind, id: string, revision: number, ctx: CallContext) {
    return this.#admin<void>('DELETE', station, `${kind}/${seg(id)}`, ctx, { revision });
  }

  /** 通知公告: every notice of the station (drafts too), latest change first. */
  notices(station: string, query: DeskListQuery, ctx: CallContext): Promise<DeskNoticePage> {
    return this.#list(station, NOTICES, query, ctx);
  }

  notice(station: string, id: string, ctx: CallContext): Promise<DeskNotice> {
    return this.#read(station, NOTICES, id, ctx);
  }

  /** A new notice, saved as a draft. */
  createNotice(station: string, input: DeskNoticeInput, ctx: CallContext): Promise<DeskNotice> {
    return this.#create(station, NOTICES, input, ctx);
  }

  updateNotice(
    station: string,
    id: string,
    revision: number,
    input: DeskNoticeInput,
    ctx: CallContext,
  ): Promise<DeskNotice> {
    return this.#update(station, NOTICES, id, revision, input, ctx);
  }

  /** 发布, 撤回, 置顶 or 取消置顶; one that would change nothing is a 409 `state_conflict`. */
  actOnNotice(
    station: string,
    id: string,
    action: DeskNoticeAction,
    revision: number,
    ctx: CallContext,
  ): Promise<DeskNotice> {
    return this.#act(station, NOTICES, id, action, revision, ctx);
  }

  /** Deletes a draft (a published notice is 409 `state_conflict`: 撤回 first). */
  deleteNotice(station: string, id: string, revision: number, ctx: CallContext): Promise<void> {
    return this.#delete(station, NOTICES, id, revision, ctx);
  }

  /** 办件公示: every entry of the station, latest change first. */
  entries(station: string, query: DeskListQuery, ctx: CallContext): Promise<DeskEntryPage> {
    return this.#list(station, ENTRIES, query, ctx);
  }

  entry(station: string, id: string, ctx: CallContext): Promise<DeskEntry> {
    return this.#read(station, ENTRIES, id, ctx);
  }

  /** A new entry, saved as a draft (the department is checked with the catalog). */
  createEntry(station: string, input: DeskEntryInput, ctx: CallContext): Promise<DeskEntry> {
    return this.#create(station, ENTRIES, input, ctx);
  }

  updateEntry(
    station: string,
    id: string,
    revision: number,
    input: DeskEntryInput,
    ctx: CallContext,
  ): Promise<DeskEntry> {
    return this.#update(station, ENTRIES, id, revision, input, ctx);
  }

  actOnEntry(
    station: string,
    id: string,
    action: DeskEntryAction,
    revision: number,
    ctx: CallContext,
  ): Promise<DeskEntry> {
    return this.#act(station, ENTRIES, id, action, revision, ctx);
  }

  deleteEntry(station: string, id: string, revision: number, ctx: CallContext): Promise<void> {
    return this.#delete(station, ENTRIES, id, revision, ctx);
  }

  /**
   * Uploads a file (multipart, one part `file`): an attachment, a body image or a details file.
   * The service checks the type against the content and audits the upload.
   */
  upload(station: string, file: File, ctx: CallContext): Promise<DeskAttachment> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.#service.json('POST', `/admin/stations/${seg(station)}/attachments`, {
      ctx,
      body,
      transfer: true,
    });
  }

  /** Any file of the station (drafts' too), as the service sends it: the response to stream on. */
  file(station: string, id: string, inline: boolean, ctx: CallContext): Promise<Response> {
    const query = inline ? '?inline=true' : '';
    return this.#service.send(
      'GET',
      `/admin/stations/${seg(station)}/attachments/${seg(id)}${query}`,
      {
        ctx,
        headers: { accept: '*/*' },
        transfer: true,
      },
    );
  }

  /** The station's 办件统计 (public figures: no token needed, none sent). */
  statistics(station: string): Promise<PublicityStatistics> {
    return this.#service.json('GET', `/stations/${seg(station)}/statistics`);
  }

  /** 站点个性化 as stored, with its revision (0 before the first save). */
  profile(station: string): Promise<StationProfile> {
    return this.#service.json('GET', `/stations/${seg(station)}/profile`);
  }

  /** Saves 站点个性化 on the revision read (station admins only). */
  saveProfile(
    station: string,
    revision: number,
    input: StationProfileInput,
    ctx: CallContext,
  ): Promise<StationProfile> {
    return this.#admin('PUT', station, '/profile', ctx, { json: input, revision });
  }
}
