/**
 * The materials service's citizen-facing HTTP API (uploads, 资料库, signed downloads) as the front
 * ends' servers call it, with typed answers. Errors are mapped as the other clients map them: the
 * service's problem+json as a `ProblemError`, and a 503 `unavailable` when the service could not
 * be reached, is not configured (`MATERIALS_URL` unset) or answered with something that is not a
 * problem (5xx included).
 */
import { ProblemError, unavailableProblem } from '../problem';
import type { CallContext } from './identity';
import { queryString, ServiceConnection, streamedFile, type StreamedFile } from './service-request';

const seg = encodeURIComponent;

/** A stored file as the materials service describes it. */
export interface FileInfo {
  id: string;
  /** The file name shown to the person (the uploaded one, or as renamed in 资料库). */
  name: string;
  /** The sniffed media type, e.g. `application/pdf`. */
  mediaType: string;
  /** Lower-case extension without the dot, e.g. `pdf`. */
  extension: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

/** 资料库: one page of the account's files, newest first, with its quota use. */
export interface LibraryPage {
  items: FileInfo[];
  total: number;
  page: number;
  pageSize: number;
  usedBytes: number;
  quotaBytes: number;
}

export interface LibraryQuery {
  page?: number | undefined;
  pageSize?: number | undefined;
  /** Keyword in the file name. */
  q?: string | undefined;
  /** Extension, e.g. `pdf`. */
  type?: string | undefined;
}

/** The material of an item version an upload is for: its file types and size limit apply. */
export interface UploadTarget {
  station: string;
  item: string;
  version: number;
  material: string;
}

/** A multipart request body to pass on to the service as it arrives, never buffered. */
export interface UploadBody {
  body: ReadableStream<Uint8Array>;
  /** The browser's `multipart/form-data; boundary=…` header, as it came. */
  contentType: string;
  contentLength?: string | null | undefined;
}

/** A short-lived signed link: a relative URL on the materials service that needs no token. */
export interface FileLink {
  url: string;
  expiresAt: string;
}

/** A file's content as the service streams it, to pass on to the browser. */
export type FileDownload = StreamedFile;

export interface MaterialsClientOptions {
  /** Milliseconds before an ordinary call counts as unavailable. */
  timeoutMs?: number;
  /** Milliseconds an upload or a download may take in all (they carry whole files). */
  transferTimeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The materials service for a signed-in person or unit: every call carries their token; another
 * account's file answers 404 as the service says it.
 */
export class MaterialsClient {
  readonly #service: ServiceConnection;

  /** `baseUrl` null: not configured, and every call answers 503 `unavailable`. */
  constructor(baseUrl: string | null, options: MaterialsClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'MATERIALS_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
      transferTimeoutMs: options.transferTimeoutMs ?? 15 * 60_000,
      fetch: options.fetch,
    });
  }

  get configured(): boolean {
    return this.#service.configured;
  }

  #json<T>(method: string, path: string, body: unknown, ctx: CallContext): Promise<T> {
    return this.#service.json(method, path, { json: body, ctx });
  }

  /**
   * 【选择附件】: streams a browser's multipart body (one part `file`) on to `POST /files` without
   * reading it here; `target` names the material it is for, so that material's file types and size
   * limit apply too. Refusals (`file_type_mismatch`, `file_too_large`, `quota_exceeded`, …) are
   * the service's problems.
   */
  upload(upload: UploadBody, target: UploadTarget | null, ctx: CallContext): Promise<FileInfo> {
    const query = target
      ? `?${new URLSearchParams({
          station: target.station,
          item: target.item,
          version: String(target.version),
          material: target.material,
        })}`
      : '';
    const headers: Record<string, string> = { 'content-type': upload.contentType };
    if (upload.contentLength) headers['content-length'] = upload.contentLength;
    return this.#service.json('POST', `/files${query}`, {
      ctx,
      body: upload.body,
      headers,
      transfer: true,
    });
  }

  /** 资料库: the account's files, newest first. */
  library(query: LibraryQuery, ctx: CallContext): Promise<LibraryPage> {
    return this.#json('GET', `/library${queryString(query)}`, undefined, ctx);
  }

  file(id: string, ctx: CallContext): Promise<FileInfo> {
    return this.#json('GET', `/files/${seg(id)}`, undefined, ctx);
  }

  rename(id: string, name: string, ctx: CallContext): Promise<FileInfo> {
    return this.#json('PATCH', `/files/${seg(id)}`, { name }, ctx);
  }

  /** Removes a file from 资料库 (an application that uses it keeps it). */
  remove(id: string, ctx: CallContext): Promise<void> {
    return this.#json('DELETE', `/files/${seg(id)}`, undefined, ctx);
  }

  /** A short-lived signed link to the file's content (checks the caller may see it). */
  link(id: string, ctx: CallContext): Promise<FileLink> {
    return this.#json('POST', `/files/${seg(id)}/links`, {}, ctx);
  }

  /**
   * The file's content, to stream to the browser: a signed link is asked for, then followed
   * here, so the browser never talks to the service.
   */
  async download(id: string, ctx: CallContext): Promise<FileDownload> {
    const { url } = await this.link(id, ctx);
    if (!url.startsWith('/')) throw new ProblemError(unavailableProblem());
    const response = await this.#service.send('GET', url, {
      // The signed link is the permission: no token goes with it.
      ctx: { ip: ctx.ip },
      headers: { accept: '*/*' },
      transfer: true,
    });
    return streamedFile(response, 'application/octet-stream');
  }
}
