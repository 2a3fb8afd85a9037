/**
 * The letters service's public and citizen HTTP API (我要咨询 / 我要投诉 / 建议意见, 信件答复 by
 * 信件编号 + 手机号码, 我的咨询, rating the reply, 常见问题) as the front ends' servers call it,
 * with typed answers. The staff part is `LettersDeskClient`. Errors are mapped as the other
 * clients map them: the service's problem+json as a `ProblemError` (field names as in the body,
 * e.g. `subject`, `mobile`, `departmentId`), and a 503 `unavailable` when the service could not
 * be reached, is not configured (`LETTERS_URL` unset) or answered something that is not a
 * problem (5xx included).
 */
import type { CallContext } from './identity';
import { queryString, ServiceConnection } from './service-request';

const seg = encodeURIComponent;

/** 咨询 / 投诉 / 建议. */
export type LetterKind = 'consultation' | 'complaint' | 'suggestion';

/** 已受理 → 已转办 → 已答复 → 已办结 (complaints), or 不予受理 (out of scope). */
export type LetterState = 'received' | 'assigned' | 'replied' | 'closed' | 'out_of_scope';

/** 满意 / 基本满意 / 不满意. */
export type LetterRating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** What 【提交】 sends. `departmentId` is required for consultations and suggestions. */
export interface NewLetter {
  kind: LetterKind;
  departmentId?: string;
  subject: string;
  content: string;
  /** Complaints: the 申办流水号 the complaint is about. */
  relatedSerial?: string;
  /** Complaints: 被投诉人员. */
  staffName?: string;
  contactName: string;
  mobile: string;
  /** 同意公开: the Q&A may be published as a FAQ, without the writer's personal data. */
  publicConsent: boolean;
  /** Files of the signed-in writer's 资料库 (at most 5). */
  fileIds?: string[];
}

/** The answer to 【提交】: the 受理编码 and when a reply is due. */
export interface LetterReceipt {
  id: string;
  /** 受理编码: 20 digits, e.g. 20261200000000000001. */
  code: string;
  kind: LetterKind;
  receivedAt: string;
  dueAt: string;
}

/** One row of 我的咨询. */
export interface LetterSummary {
  id: string;
  station: string;
  code: string;
  kind: LetterKind;
  kindLabel: string;
  subject: string;
  departmentName: string | null;
  state: LetterState;
  stateLabel: string;
  receivedAt: string;
  dueAt: string;
  repliedAt: string | null;
}

/** A letter as its writer sees it (contact details masked, no staff ids). */
export interface LetterPublicView extends LetterSummary {
  content: string;
  relatedSerial: string | null;
  staffName: string | null;
  contactNameMasked: string;
  mobileMasked: string;
  publicConsent: boolean;
  /** Files from the writer's 资料库 (signed-in writers only). */
  attachments: Array<{ fileId: string; name: string; size: number; mediaType: string }>;
  reply: { text: string; departmentName: string | null; repliedAt: string } | null;
  outOfScope: { explanation: string; at: string } | null;
  followUps: Array<{ note: string; at: string }>;
  closedAt: string | null;
  rating: { rating: LetterRating; ratingLabel: string; comment: string | null; at: string } | null;
  /** Every step, oldest first: e.g. `received` 已受理, `replied` 已答复. */
  timeline: Array<{ action: string; label: string; at: string }>;
}

export interface LetterPage {
  items: LetterSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** A published 常见问题 of a station. */
export interface Faq {
  id: string;
  station: string;
  question: string;
  answer: string;
  departmentId: string | null;
  departmentName: string | null;
  publishedAt: string;
}

export interface FaqPage {
  items: Faq[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FaqQuery {
  q?: string | undefined;
  departmentId?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** 评价: by the signed-in writer, or by anyone giving the letter's mobile number. */
export interface NewRating {
  code: string;
  mobile?: string;
  rating: LetterRating;
  comment?: string;
}

export interface LettersClientOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The letters service for anyone (submit, look up, FAQs) and for a signed-in person or unit
 * (their letters only: another account's answers 404). The look-up answers the same 404
 * `letter_not_found` for an unknown code, a wrong mobile and another station's letter.
 */
export class LettersClient {
  readonly #service: ServiceConnection;

  /** `baseUrl` null: not configured, and every call answers 503 `unavailable`. */
  constructor(baseUrl: string | null, options: LettersClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'LETTERS_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
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
    headers: Record<string, string> = {},
  ): Promise<T> {
    return this.#service.json(method, path, { json: body, ctx, headers });
  }

  /**
   * 【提交】. The same `idempotencyKey` (a UUID the form carries) with the same mobile answers the
   * first letter again, so a double submit is one letter; with another mobile it is a 409
   * `idempotency_key_reused`. A token ties the letter to its writer (and allows `fileIds`).
   */
  submit(
    station: string,
    letter: NewLetter,
    idempotencyKey: string,
    ctx: CallContext,
  ): Promise<LetterReceipt> {
    return this.#call('POST', `/stations/${seg(station)}/letters`, letter, ctx, {
      'idempotency-key': idempotencyKey,
    });
  }

  /** 信件答复 方式二 (no sign-in; rate-limited per address, 429 when exceeded). */
  lookup(
    station: string,
    query: { code: string; mobile: string },
    ctx: CallContext,
  ): Promise<LetterPublicView> {
    return this.#call('POST', `/stations/${seg(station)}/letters/lookup`, query, { ip: ctx.ip });
  }

  /** 评价 once, after the reply: 409 `already_rated` / `not_replied`. */
  rate(station: string, rating: NewRating, ctx: CallContext): Promise<LetterPublicView> {
    return this.#call('POST', `/stations/${seg(station)}/letters/rating`, rating, ctx);
  }

  /** 我的咨询: the account's letters, newest first (every station unless `station` is given). */
  mine(
    query: { page?: number; pageSize?: number; station?: string },
    ctx: CallContext,
  ): Promise<LetterPage> {
    return this.#call('GET', `/me/letters${queryString(query)}`, undefined, ctx);
  }

  /** 咨询详情 of one of the account's letters. */
  myLetter(id: string, ctx: CallContext): Promise<LetterPublicView> {
    return this.#call('GET', `/me/letters/${seg(id)}`, undefined, ctx);
  }

  /** 常见问题: the station's published FAQs. */
  faqs(station: string, query: FaqQuery = {}): Promise<FaqPage> {
    return this.#call('GET', `/stations/${seg(station)}/faqs${queryString(query)}`, undefined, {});
  }

  faq(station: string, id: string): Promise<Faq> {
    return this.#call('GET', `/stations/${seg(station)}/faqs/${seg(id)}`, undefined, {});
  }
}
