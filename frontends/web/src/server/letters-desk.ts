/**
 * The staff side of letters (信件: 咨询, 投诉, 建议) as the console's server calls it, with the
 * signed-in staff member's token: the letters service's staff API (`/admin/stations/{station}/…`:
 * the queue, a letter with what this staff member may do with it, the contact reveal, the
 * actions, and the station's 常见问题). The station is always the token's; the service checks
 * the role (`letters`, `station_admin`), the station (another station's letter is 404) and the
 * department again. Errors are mapped as the other clients map them: the service's problem+json
 * as a `ProblemError`, a 503 `unavailable` when it could not be reached or is not configured.
 */
import { ProblemError, type Problem } from '../problem';
import type { CallContext } from './identity';
import { queryString, ServiceConnection } from './service-request';

const seg = encodeURIComponent;

type Kind = 'consultation' | 'complaint' | 'suggestion';
type State = 'received' | 'assigned' | 'replied' | 'closed' | 'out_of_scope';

/** The actions staff take on a letter (path segments of `/actions/{action}`). */
export type LetterDeskAction = 'assign' | 'reply' | 'out-of-scope' | 'follow-up' | 'close';

export interface StaffLetterQuery {
  state?: State | undefined;
  kind?: Kind | undefined;
  departmentId?: string | undefined;
  overdue?: boolean | undefined;
  /** 受理编码 or 主题. */
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One row of the desk's queue. */
export interface StaffLetterSummary {
  id: string;
  station: string;
  code: string;
  kind: Kind;
  kindLabel: string;
  subject: string;
  departmentId: string | null;
  departmentName: string | null;
  state: State;
  stateLabel: string;
  receivedAt: string;
  dueAt: string;
  repliedAt: string | null;
  overdue: boolean;
  /** 0 on the due day, negative when overdue, null once answered. */
  remainingWorkdays: number | null;
}

export interface StaffLetterPage {
  items: StaffLetterSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LetterAttachment {
  fileId: string;
  name: string;
  size: number;
  mediaType: string;
}

/** One step of a letter's timeline; staff see who took it. */
export interface StaffLetterStep {
  action: string;
  label: string;
  at: string;
  /** `staff` (with the id), `person`, `unit` or `anonymous` (the writer). */
  actor: { kind: string; id: string | null };
  /** An assignment, follow-up or closing note. */
  note: string | null;
}

/** A letter as staff of its station see it: contact masked, and what they may do now. */
export interface StaffLetterView extends StaffLetterSummary {
  content: string;
  relatedSerial: string | null;
  staffName: string | null;
  contactNameMasked: string;
  mobileMasked: string;
  publicConsent: boolean;
  writerKind: 'person' | 'unit' | 'anonymous';
  attachments: LetterAttachment[];
  reply: { text: string; departmentName: string | null; repliedAt: string } | null;
  outOfScope: { explanation: string; at: string } | null;
  followUps: Array<{ note: string; at: string }>;
  closedAt: string | null;
  rating: { rating: string; ratingLabel: string; comment: string | null; at: string } | null;
  timeline: StaffLetterStep[];
  revision: number;
  allowedActions: string[];
}

/** The writer's contact in full (the service audits every reveal). */
export interface LetterContact {
  contactName: string;
  mobile: string;
}

/** What an action carries: `assign` a department (and a note), the others their words. */
export interface LetterActionInput {
  departmentId?: string;
  note?: string;
  text?: string;
  explanation?: string;
}

/** A 常见问题 of the station as staff see it (published or withdrawn). */
export interface StaffFaq {
  id: string;
  station: string;
  /** The letter it was published from. */
  letterId: string;
  question: string;
  answer: string;
  departmentId: string | null;
  departmentName: string | null;
  state: 'published' | 'withdrawn';
  publishedAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
}

export interface StaffFaqPage {
  items: StaffFaq[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FaqInput {
  question: string;
  answer: string;
}

export interface LettersDeskClientOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A 404 without a problem body (a route the service does not have): the page is not there. */
const notFoundProblem: Problem = { status: 404, code: 'not_found', title: '您访问的内容不存在' };

const faqNotFound: Problem = { status: 404, code: 'not_found', title: '常见问题不存在' };

/**
 * The letters service's staff API for the signed-in staff member. Actions carry the revision
 * the staff member acted on (If-Match): an action someone else took meanwhile is a 409
 * `revision_conflict`, and nothing changes.
 */
export class LettersDeskClient {
  readonly #service: ServiceConnection;

  /** A base URL null: the service is not configured, and every call answers 503 `unavailable`. */
  constructor(lettersUrl: string | null, options: LettersDeskClientOptions = {}) {
    this.#service = new ServiceConnection(lettersUrl, {
      setting: 'LETTERS_URL',
      timeoutMs: options.timeoutMs ?? 15_000,
      fetch: options.fetch,
      notFound: notFoundProblem,
    });
  }

  get configured(): boolean {
    return this.#service.configured;
  }

  // The service audits the staff member's address (ctx.ip, sent as X-Forwarded-For).
  #call<T>(
    method: string,
    path: string,
    body: unknown,
    ctx: CallContext,
    revision?: number,
  ): Promise<T> {
    return this.#service.json(method, path, { ctx, json: body, revision });
  }

  #admin(station: string, rest: string): string {
    return `/admin/stations/${seg(station)}${rest}`;
  }

  /** 信件办理: one page of the station's letters (department staff: their department's), by due date. */
  letters(station: string, query: StaffLetterQuery, ctx: CallContext): Promise<StaffLetterPage> {
    return this.#call('GET', this.#admin(station, `/letters${queryString(query)}`), undefined, ctx);
  }

  /** One letter, contact masked (the service audits the view). */
  letter(station: string, id: string, ctx: CallContext): Promise<StaffLetterView> {
    return this.#call('GET', this.#admin(station, `/letters/${seg(id)}`), undefined, ctx);
  }

  /** The writer's name and mobile number in full (audited). */
  revealContact(station: string, id: string, ctx: CallContext): Promise<LetterContact> {
    return this.#call('POST', this.#admin(station, `/letters/${seg(id)}/contact`), {}, ctx);
  }

  /** An action, taken on the revision the staff member saw. */
  act(
    station: string,
    id: string,
    action: LetterDeskAction,
    revision: number,
    input: LetterActionInput,
    ctx: CallContext,
  ): Promise<StaffLetterView> {
    return this.#call(
      'POST',
      this.#admin(station, `/letters/${seg(id)}/actions/${seg(action)}`),
      input,
      ctx,
      revision,
    );
  }

  /** 发布为常见问题 (the writer consented and the letter is answered). */
  publishFaq(
    station: string,
    letterId: string,
    input: FaqInput,
    ctx: CallContext,
  ): Promise<StaffFaq> {
    return this.#call('POST', this.#admin(station, `/letters/${seg(letterId)}/faq`), input, ctx);
  }

  /** The station's 常见问题 (department staff: their department's), last changed first. */
  faqs(
    station: string,
    query: { state?: 'published' | 'withdrawn'; page?: number; pageSize?: number },
    ctx: CallContext,
  ): Promise<StaffFaqPage> {
    return this.#call('GET', this.#admin(station, `/faqs${queryString(query)}`), undefined, ctx);
  }

  /**
   * One FAQ of the station, published or withdrawn: found in the staff list, as the service
   * has no staff read of a single FAQ (a station has hundreds at most). Unknown: 404.
   */
  async faq(station: string, id: string, ctx: CallContext): Promise<StaffFaq> {
    const pageSize = 100;
    for (let page = 1; ; page++) {
      const list = await this.faqs(station, { page, pageSize }, ctx);
      const found = list.items.find((f) => f.id === id);
      if (found) return found;
      if (page * pageSize >= list.total) throw new ProblemError({ ...faqNotFound });
    }
  }

  updateFaq(station: string, id: string, input: FaqInput, ctx: CallContext): Promise<StaffFaq> {
    return this.#call('PATCH', this.#admin(station, `/faqs/${seg(id)}`), input, ctx);
  }

  /** 撤回: the FAQ leaves the public list. */
  withdrawFaq(station: string, id: string, ctx: CallContext): Promise<StaffFaq> {
    return this.#call('DELETE', this.#admin(station, `/faqs/${seg(id)}`), undefined, ctx);
  }
}
