/**
 * The Q&A robot (问答机器人, services/assistant) as the front ends' servers call it: one question
 * of a station in, a plain Chinese answer with the matching items (links to their 办事指南),
 * FAQs and further links out. No sign-in. Errors are mapped as the other clients map them: the
 * service's problem+json as a `ProblemError` (400 for an empty or too long question, 404 for an
 * unknown station, 429 when asked too often), and a 503 `unavailable` when the robot could not
 * be reached, is not configured (`ASSISTANT_URL` unset) or answered something that is not a
 * problem.
 */
import type { CallContext } from './identity';
import { ServiceConnection } from './service-request';

/**
 * What the robot understood: e.g. `list` (交通运输事项有哪些), `materials`, `location`, `hours`,
 * `time_limit`, `fee`, `progress`, `faq`, `greeting`, `unknown`.
 */
export type AskIntent = string;

export interface AskItem {
  id: string;
  name: string;
  departmentName: string;
  powerType: string;
  powerTypeLabel: string;
  online: boolean;
  /** The portal path of the item's 办事指南, e.g. `/cq/items/<id>`. */
  href: string;
  /** The part answering the question (materials as lines, the address, the time limit …). */
  detail: string;
}

export interface AskFaq {
  id: string;
  question: string;
  answer: string;
  departmentName: string | null;
}

export interface AskAnswer {
  question: string;
  intent: AskIntent;
  /** A plain sentence, no markup. */
  answer: string;
  /** At most 5. */
  items: AskItem[];
  /** At most 3. */
  faqs: AskFaq[];
  /** e.g. 进度查询 → `/cq/progress`, 我要咨询 → `/cq/ask/consultation`. */
  links: Array<{ label: string; href: string }>;
}

/** The longest question the robot takes. */
export const MAX_QUESTION_LENGTH = 200;

export interface AssistantClientOptions {
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export class AssistantClient {
  readonly #service: ServiceConnection;

  /** `baseUrl` null: not configured, and every call answers 503 `unavailable`. */
  constructor(baseUrl: string | null, options: AssistantClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'ASSISTANT_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  }

  get configured(): boolean {
    return this.#service.configured;
  }

  /** 【发送】: the robot's answer to `question` (1–200 characters) at `station`. */
  ask(station: string, question: string, ctx: CallContext): Promise<AskAnswer> {
    // The robot's rate limit is per browser address, not per front-end replica; it needs no token.
    return this.#service.json('POST', `/stations/${encodeURIComponent(station)}/ask`, {
      ctx: { ip: ctx.ip },
      json: { question },
    });
  }
}
