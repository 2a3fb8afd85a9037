/**
 * One HTTP request from a front end's server to a hall service (identity, catalog), with the
 * failure mapping every client shares: every failure is a `ProblemError`, the service's
 * problem+json as it is, or a 503 `unavailable` when it could not be reached, took too long or
 * answered with something that is not a problem (5xx included).
 */
import { ProblemError, unavailableProblem, type Problem } from '../problem';

export interface ServiceRequestOptions {
  /** Milliseconds before the call counts as unavailable. */
  timeoutMs: number;
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * The problem for a 404 whose body is not a problem (e.g. a route the service does not have);
   * without it such a 404 reads as `unavailable`.
   */
  notFound?: Problem | undefined;
}

/**
 * Sends the request and answers the 2xx response, its body unread; throws a `ProblemError` for
 * anything else.
 */
export async function serviceRequest(
  url: string,
  init: RequestInit,
  options: ServiceRequestOptions,
): Promise<Response> {
  const fetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (cause) {
    throw new ProblemError(unavailableProblem(), { cause });
  }
  if (response.ok) return response;
  const parsed = parseJson(await response.text().catch(() => ''));
  // 5xx bodies say nothing the person can act on: they all read as 服务暂时不可用.
  if (response.status < 500 && isProblem(parsed)) throw new ProblemError(parsed);
  if (response.status === 404 && options.notFound) throw new ProblemError({ ...options.notFound });
  throw new ProblemError(unavailableProblem());
}

/** JSON text → its value; undefined when empty or not JSON. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.title === 'string' && typeof p.code === 'string' && typeof p.status === 'number';
}
