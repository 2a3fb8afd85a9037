/**
 * One HTTP request from a front end's server to a hall service, with the failure mapping every
 * client shares: every failure is a `ProblemError`, the service's problem+json as it is, or a 503
 * `unavailable` when it could not be reached, was not configured, took too long or answered with
 * something that is not a problem (5xx included). `ServiceConnection` adds what the clients'
 * calls share: the base URL, timeouts, JSON bodies and answers, the token, the browser's address
 * and the revision.
 */
import { ProblemError, unavailableProblem, type Problem } from '../problem';
import type { CallContext } from './identity';

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

export interface ServiceConnectionOptions {
  /** The setting that gives the base URL, named in the error when it is unset. */
  setting: string;
  /** Milliseconds before an ordinary call counts as unavailable. */
  timeoutMs: number;
  /** Milliseconds a `transfer` call (an upload or a download: whole files) may take in all. */
  transferTimeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  notFound?: Problem | undefined;
}

/** What one call sends besides its method and path. */
export interface ServiceCallInit {
  /** Whose call it is: the token goes as a bearer, the address as X-Forwarded-For. */
  ctx?: CallContext | undefined;
  /** A value sent as JSON. */
  json?: unknown;
  /** A body sent as it is (multipart, a stream passed on); instead of `json`. */
  body?: BodyInit | undefined;
  /** Headers besides the defaults; an `accept` here replaces the JSON one. */
  headers?: Record<string, string> | undefined;
  /** The revision the change was read at, sent as If-Match. */
  revision?: number | undefined;
  /** Carries a whole file: the transfer timeout applies. */
  transfer?: boolean | undefined;
  /** This call's own timeout (shorter for something every page waits for). */
  timeoutMs?: number | undefined;
}

/**
 * One hall service as a client's server calls it: its base URL (null when not configured: every
 * call then answers 503 `unavailable`), its timeouts and the headers every call carries. Each
 * client keeps only its own paths and types.
 */
export class ServiceConnection {
  readonly #base: string | null;
  readonly #options: ServiceConnectionOptions;

  constructor(baseUrl: string | null, options: ServiceConnectionOptions) {
    this.#base = baseUrl === null ? null : baseUrl.replace(/\/+$/, '');
    this.#options = options;
  }

  get configured(): boolean {
    return this.#base !== null;
  }

  /** The absolute URL of a path on the service. */
  url(path: string): string {
    if (this.#base === null) {
      throw new ProblemError(unavailableProblem(), {
        cause: new Error(`${this.#options.setting} is not set`),
      });
    }
    return `${this.#base}${path}`;
  }

  /** The 2xx response, its body unread (a file to stream on); any failure a `ProblemError`. */
  send(method: string, path: string, init: ServiceCallInit = {}): Promise<Response> {
    const url = this.url(path);
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...init.headers,
    };
    const request: RequestInit & { duplex?: 'half' } = { method, headers };
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      request.body = JSON.stringify(init.json);
    } else if (init.body !== undefined) {
      request.body = init.body;
      // A stream body goes out as it arrives (Node's fetch needs half duplex for that).
      if (init.body instanceof ReadableStream) request.duplex = 'half';
    }
    if (init.revision !== undefined) headers['if-match'] = `"${init.revision}"`;
    if (init.ctx?.token) headers.authorization = `Bearer ${init.ctx.token}`;
    // The services rate-limit and audit by the browser's address.
    if (init.ctx?.ip) headers['x-forwarded-for'] = init.ctx.ip;
    const { timeoutMs, transferTimeoutMs, fetch, notFound } = this.#options;
    return serviceRequest(url, request, {
      timeoutMs: init.timeoutMs ?? (init.transfer ? (transferTimeoutMs ?? timeoutMs) : timeoutMs),
      fetch,
      notFound,
    });
  }

  /** The JSON answer (undefined for a 204); an answer that is not JSON reads as `unavailable`. */
  async json<T>(method: string, path: string, init: ServiceCallInit = {}): Promise<T> {
    const response = await this.send(method, path, init);
    if (response.status === 204) return undefined as T;
    const value = parseJson(await response.text().catch(() => ''));
    if (value === undefined) throw new ProblemError(unavailableProblem());
    return value as T;
  }
}

/** A file's content as a service streams it, to pass on to the browser. */
export interface StreamedFile {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: string | null;
  contentDisposition: string | null;
}

/** A file response as a `StreamedFile`; `fallbackType` when the service names no type. */
export function streamedFile(response: Response, fallbackType: string): StreamedFile {
  return {
    body: responseBody(response),
    contentType: response.headers.get('content-type') ?? fallbackType,
    contentLength: response.headers.get('content-length'),
    contentDisposition: response.headers.get('content-disposition'),
  };
}

/** The body of a file response; a response without one reads as `unavailable`. */
export function responseBody(response: Response): ReadableStream<Uint8Array> {
  if (!response.body) throw new ProblemError(unavailableProblem());
  return response.body;
}

/**
 * `{ q: '', online: true, page: 2 }` → `?online=true&page=2`: empty strings, `false` and anything
 * but strings, numbers and `true` are no filter (`online=false` would not mean "only offline").
 */
export function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number')
      params.set(key, String(value));
    else if (value === true) params.set(key, 'true');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
