/**
 * The publicity service's PUBLIC HTTP API (我要看: 通知公告, 办件公告, 办件公示, the statistics
 * and the station profile; downloads of attachments and 公示 files) as the front ends' servers
 * call it, with typed answers. The staff part is `PublicityDeskClient`. Errors are mapped as the
 * other clients map them: the service's problem+json as a `ProblemError` (field names as in the
 * query, e.g. `to` / `range.order`, `page` / `page.too_deep`), and a 503 `unavailable` when the
 * service could not be reached, is not configured (`PUBLICITY_URL` unset) or answered something
 * that is not a problem (5xx included). Every type here is prefixed `Public`: the desk's client
 * is exported from the same module.
 */
import { queryString, responseBody, ServiceConnection } from './service-request';

const seg = encodeURIComponent;

/**
 * A file staff uploaded: a notice's attachment or body image, or a 公示 entry's details file.
 * `url` is the service's public download path (it answers only once a published notice or entry
 * refers to the file); pages link the portal's proxy.
 */
export interface PublicAttachment {
  id: string;
  station: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
  createdAt: string;
}

/** One row of 通知公告. */
export interface PublicNoticeSummary {
  id: string;
  title: string;
  /** The first 120 characters of the text. */
  excerpt: string;
  pinned: boolean;
  attachmentCount: number;
  publishedAt: string | null;
}

/** A published notice; `body` is sanitised HTML, safe to render as it is. */
export interface PublicNotice {
  id: string;
  station: string;
  title: string;
  body: string;
  pinned: boolean;
  attachments: PublicAttachment[];
  publishedAt: string | null;
  updatedAt: string;
}

export interface PublicNoticePage {
  items: PublicNoticeSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** 未开始 / 公示中 / 公示期满 (the public only ever sees the last two). */
export type PublicPeriodState = 'upcoming' | 'open' | 'ended';

/** A 办件公示 entry whose period has begun. */
export interface PublicEntry {
  id: string;
  title: string;
  itemName: string;
  departmentName: string;
  summary: string;
  /** Asia/Shanghai dates, inclusive. */
  periodStart: string;
  periodEnd: string;
  periodState: PublicPeriodState;
  periodLabel: string;
  file: { fileName: string; contentType: string; size: number; url: string } | null;
  publishedAt: string | null;
}

export interface PublicEntryPage {
  items: PublicEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** One application in 办件公告 (the applicant masked by the service: 张*, 重庆某某有限公司). */
export interface PublicAnnouncement {
  serial: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicantType: 'person' | 'unit';
  applicant: string;
  state: string;
  stateLabel: string;
  outcome: 'approved' | 'not_approved' | null;
  outcomeLabel: string | null;
  submittedAt: string | null;
  /** 受理日期. */
  acceptedAt: string | null;
  completedAt: string | null;
}

export interface PublicAnnouncementPage {
  items: PublicAnnouncement[];
  /** Counted up to 10,000; `totalCapped` beyond. */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/** The filters of 办件公告: 受理部门, 受理日期 (YYYY-MM-DD, inclusive), 事项名称 or 流水号. */
export interface PublicAnnouncementQuery {
  department?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface PublicListQuery {
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface PublicOnTime {
  completed: number;
  onTime: number;
  /** 0–1; null when nothing was completed. */
  rate: number | null;
}

export interface PublicSatisfaction {
  evaluations: number;
  /** 1–5; null without evaluations. */
  meanLevel: number | null;
  /** The share of 满意 and 非常满意 (levels 4–5), 0–1; null without evaluations. */
  satisfiedShare: number | null;
}

export interface PublicDailyFigures {
  day: string;
  received: number;
  completed: number;
  completedOnTime: number;
  evaluations: number;
  satisfied: number;
}

/** A station's public statistics; `daily` is the last 30 days, oldest first, every day. */
export interface PublicStatistics {
  station: string;
  /** Today in Asia/Shanghai. */
  today: string;
  received: { today: number; month: number; total: number };
  completed: { today: number; month: number; total: number };
  onTime: { month: PublicOnTime; total: PublicOnTime };
  satisfaction: { month: PublicSatisfaction; total: PublicSatisfaction };
  daily: PublicDailyFigures[];
}

/**
 * 站点个性化: `name` is the display name, else the registry's; `revision` is the one to send back
 * with a change (0 before the first save).
 */
export interface PublicProfile {
  station: string;
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

/** A file as the service sends it, to stream on with its own headers. */
export interface PublicFileDownload {
  body: ReadableStream<Uint8Array>;
  /** The service's content type, disposition, nosniff, CSP, cache and length headers. */
  headers: Headers;
}

/** The headers of a file response that go on to the browser unchanged. */
const FILE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'x-content-type-options',
  'content-security-policy',
  'cache-control',
  'etag',
] as const;

export interface PublicityClientOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The publicity service for anyone: no call carries a token. An unknown or disabled station, a
 * draft, an entry before its period and another station's id all answer 404.
 */
export class PublicityClient {
  readonly #service: ServiceConnection;

  /** `baseUrl` null: not configured, and every call answers 503 `unavailable`. */
  constructor(baseUrl: string | null, options: PublicityClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'PUBLICITY_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  }

  get configured(): boolean {
    return this.#service.configured;
  }

  #get<T>(path: string, timeoutMs?: number): Promise<T> {
    return this.#service.json('GET', path, { timeoutMs });
  }

  async #file(path: string): Promise<PublicFileDownload> {
    const response = await this.#service.send('GET', path, { headers: { accept: '*/*' } });
    const body = responseBody(response);
    const headers = new Headers();
    for (const name of FILE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return { body, headers };
  }

  /** 通知公告: published notices, pinned first, then the newest. */
  notices(station: string, query: PublicListQuery = {}): Promise<PublicNoticePage> {
    return this.#get(`/stations/${seg(station)}/notices${queryString(query)}`);
  }

  /** The home page's notices: the first `limit` (1–20) of the list. */
  latestNotices(station: string, limit = 5): Promise<PublicNoticeSummary[]> {
    return this.#get<{ items: PublicNoticeSummary[] }>(
      `/stations/${seg(station)}/notices/latest?limit=${limit}`,
    ).then((r) => r.items);
  }

  notice(station: string, id: string): Promise<PublicNotice> {
    return this.#get(`/stations/${seg(station)}/notices/${seg(id)}`);
  }

  /**
   * A published notice's attachment or body image, or a visible 公示 entry's file, to stream on;
   * `inline` asks for `Content-Disposition: inline` (body images, viewing in the browser).
   */
  attachment(station: string, id: string, inline: boolean): Promise<PublicFileDownload> {
    return this.#file(`/stations/${seg(station)}/attachments/${seg(id)}?inline=${inline}`);
  }

  /** 办件公告, one page; 400 for a range that ends before it starts or a page too deep. */
  announcements(
    station: string,
    query: PublicAnnouncementQuery = {},
  ): Promise<PublicAnnouncementPage> {
    return this.#get(`/stations/${seg(station)}/announcements${queryString(query)}`);
  }

  /** The 受理部门 of the station's announcements, by name (the filter's choices). */
  announcementDepartments(station: string): Promise<Array<{ id: string; name: string }>> {
    return this.#get<{ items: Array<{ id: string; name: string }> }>(
      `/stations/${seg(station)}/announcements/departments`,
    ).then((r) => r.items);
  }

  /** 办件公示: published entries whose period has begun, newest period first. */
  entries(station: string, query: PublicListQuery = {}): Promise<PublicEntryPage> {
    return this.#get(`/stations/${seg(station)}/publicity${queryString(query)}`);
  }

  entry(station: string, id: string): Promise<PublicEntry> {
    return this.#get(`/stations/${seg(station)}/publicity/${seg(id)}`);
  }

  /** 【下载】 an entry's details file (`inline` to view it in the browser). */
  entryFile(station: string, id: string, inline: boolean): Promise<PublicFileDownload> {
    return this.#file(`/stations/${seg(station)}/publicity/${seg(id)}/file?inline=${inline}`);
  }

  statistics(station: string): Promise<PublicStatistics> {
    return this.#get(`/stations/${seg(station)}/statistics`);
  }

  /**
   * The station's name, banner and contact footer. `timeoutMs` may be shorter than the client's:
   * the profile dresses every page, which must not wait long for it.
   */
  profile(station: string, timeoutMs?: number): Promise<PublicProfile> {
    return this.#get(`/stations/${seg(station)}/profile`, timeoutMs);
  }
}
