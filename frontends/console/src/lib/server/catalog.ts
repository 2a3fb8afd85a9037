/**
 * The catalog service's staff API (`/stations/{station}/admin/…`) as the console's server calls
 * it, with the signed-in staff member's access token. The station is always the token's (the
 * pages pass `locals.user.station`); catalog checks the role and the station again and answers
 * 404 for another station's data. Every failure is a `ProblemError`: the service's problem+json
 * as it is, or a 503 `unavailable` when it could not be reached.
 */
import type { BusinessForm } from '@hall/platform/forms';
import { ProblemError, unavailableProblem, type Problem } from '@hall/web';
import { queryString, serviceRequest, type CallContext, type FormFailure } from '@hall/web/server';
import { error, type ActionFailure } from '@sveltejs/kit';
import { editsCatalog } from '$lib/nav';
import { consoleFormFailure, pageProblem } from './forms';
import { requireUser } from './guards';
import { callContext, consoleServices } from './services';

const seg = encodeURIComponent;

export const powerTypeCodes = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '20',
] as const;
export type PowerType = (typeof powerTypeCodes)[number];

export interface TimeLimit {
  value: number;
  unit: 'workday' | 'day';
}

export interface Material {
  id: string;
  name: string;
  media: Array<'electronic' | 'paper'>;
  necessity: 'required' | 'deferrable' | 'optional';
  collection: 'upload' | 'window';
  fileTypes: string[];
  maxSizeMb: number;
  copies: number;
  blankFormId: string | null;
  sampleId: string | null;
  notes: string;
}

/** A business form (业务表单): JSON Schema with UI hints, checked by @hall/platform/forms. */
export type { BusinessForm } from '@hall/platform/forms';

/** One version of an item, as catalog stores it (see services/catalog/README.md). */
export interface ItemDefinition {
  name: string;
  basicCode: string;
  implCode: string;
  powerType: PowerType;
  departmentId: string;
  parentId: string | null;
  level: 'municipal' | 'district' | 'township';
  handlingType: 'immediate' | 'promised';
  legalTimeLimit: TimeLimit | null;
  promisedTimeLimit: TimeLimit | null;
  basis: string;
  conditions: string;
  process: string;
  location: string;
  hours: string;
  consultation: string;
  supervision: string;
  fee: { charged: boolean; standard: string; basis: string };
  serviceObjects: Array<'person' | 'legal'>;
  visits: number;
  online: boolean;
  onlineDepth: number | null;
  notice: string;
  materials: Material[];
  form: BusinessForm | null;
  /** 排序: smaller first (optional). */
  sortOrder?: number;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
}

export interface NewDepartment {
  code: string;
  name: string;
  /** 0 when left out. */
  sortOrder?: number;
}

export type DepartmentPatch = Partial<NewDepartment & { enabled: boolean }>;

export type ItemStatus = 'draft' | 'published' | 'withdrawn';

/** An item as staff see it in lists (and what every change answers). */
export interface AdminItemHead {
  id: string;
  station: string;
  name: string;
  implCode: string;
  departmentId: string;
  parentId: string | null;
  powerType: string;
  status: ItemStatus;
  publishedVersion: number | null;
  draftVersion: number | null;
  /** Bumped by every change: sent back with a change (If-Match), so a concurrent edit is 409. */
  revision: number;
  publishedAt: string | null;
  updatedAt: string;
}

export interface AdminItemPage {
  items: AdminItemHead[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AdminItemQuery {
  /** An ItemStatus, or `changed`: published or withdrawn with an unpublished draft. */
  status?: ItemStatus | 'changed';
  department?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ItemVersionInfo {
  version: number;
  state: 'draft' | 'published' | 'superseded';
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  supersededAt: string | null;
  /** Staff ids, when catalog reports them. */
  createdBy?: string | null;
  updatedBy?: string | null;
  publishedBy?: string | null;
}

/** One item for the editor: its head, its draft (if any), its published version, its history. */
export interface AdminItem extends AdminItemHead {
  draft: { version: number; definition: ItemDefinition; updatedAt: string } | null;
  published: { version: number; definition: ItemDefinition; publishedAt: string | null } | null;
  versions: ItemVersionInfo[];
}

/** A published or superseded version (catalog's public read: what applications refer to). */
export interface PublishedVersion {
  id: string;
  version: number;
  state: 'published' | 'superseded';
  department: { id: string; name: string };
  parent: { id: string; name: string } | null;
  definition: ItemDefinition;
  publishedAt: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface ImportRejection {
  sheet: string;
  /** The row number Excel shows (the header is row 1). */
  row: number;
  /** The column header; '' when the row as a whole is refused. */
  field: string;
  message: string;
}

export interface ImportReport {
  /** 事项 rows applied. */
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  published: number;
  departmentsCreated: number;
  rejected: ImportRejection[];
}

export interface CatalogAdminOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A 404 without a problem body (a route catalog does not have): the page is not there. */
const notFoundProblem: Problem = { status: 404, code: 'not_found', title: '您访问的内容不存在' };

export class CatalogAdminClient {
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(baseUrl: string, options: CatalogAdminOptions = {}) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  #headers(ctx: CallContext, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...extra,
    };
    if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
    // catalog audits the staff member's address.
    if (ctx.ip) headers['x-forwarded-for'] = ctx.ip;
    return headers;
  }

  /** A request whose answer is the raw response (a download), or a problem. */
  #send(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; ctx: CallContext },
  ): Promise<Response> {
    return serviceRequest(
      `${this.#base}${path}`,
      { method, headers: this.#headers(init.ctx, init.headers), body: init.body },
      { timeoutMs: this.#timeoutMs, fetch: this.#fetch, notFound: notFoundProblem },
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
    const response = await this.#send(method, path, {
      ctx,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  #admin(station: string, rest: string): string {
    return `/stations/${seg(station)}/admin${rest}`;
  }

  departments(station: string, ctx: CallContext): Promise<Department[]> {
    return this.#call<{ departments: Department[] }>(
      'GET',
      this.#admin(station, '/departments'),
      undefined,
      ctx,
    ).then((r) => r.departments);
  }

  createDepartment(station: string, input: NewDepartment, ctx: CallContext): Promise<Department> {
    return this.#call('POST', this.#admin(station, '/departments'), input, ctx);
  }

  updateDepartment(
    station: string,
    id: string,
    patch: DepartmentPatch,
    ctx: CallContext,
  ): Promise<Department> {
    return this.#call('PATCH', this.#admin(station, `/departments/${seg(id)}`), patch, ctx);
  }

  items(station: string, query: AdminItemQuery, ctx: CallContext): Promise<AdminItemPage> {
    return this.#call('GET', this.#admin(station, `/items${queryString(query)}`), undefined, ctx);
  }

  createItem(
    station: string,
    definition: ItemDefinition,
    ctx: CallContext,
  ): Promise<AdminItemHead> {
    return this.#call('POST', this.#admin(station, '/items'), definition, ctx);
  }

  item(station: string, id: string, ctx: CallContext): Promise<AdminItem> {
    return this.#call('GET', this.#admin(station, `/items/${seg(id)}`), undefined, ctx);
  }

  /** A published or superseded version (the draft is in `item`). */
  publishedVersion(
    station: string,
    id: string,
    version: number,
    ctx: CallContext,
  ): Promise<PublishedVersion> {
    return this.#call(
      'GET',
      `/stations/${seg(station)}/items/${seg(id)}/versions/${version}`,
      undefined,
      ctx,
    );
  }

  /**
   * Replaces the draft (made from the published version when there is none). `revision` is the
   * item's revision the page was showing: catalog answers 409 when someone changed it since.
   */
  saveDraft(
    station: string,
    id: string,
    definition: ItemDefinition,
    revision: number,
    ctx: CallContext,
  ): Promise<AdminItemHead> {
    return this.#call(
      'PUT',
      this.#admin(station, `/items/${seg(id)}/draft`),
      definition,
      ctx,
      revision,
    );
  }

  discardDraft(
    station: string,
    id: string,
    revision: number,
    ctx: CallContext,
  ): Promise<AdminItemHead> {
    return this.#call(
      'DELETE',
      this.#admin(station, `/items/${seg(id)}/draft`),
      undefined,
      ctx,
      revision,
    );
  }

  publish(station: string, id: string, revision: number, ctx: CallContext): Promise<AdminItemHead> {
    return this.#call('POST', this.#admin(station, `/items/${seg(id)}/publish`), {}, ctx, revision);
  }

  withdraw(
    station: string,
    id: string,
    revision: number,
    ctx: CallContext,
  ): Promise<AdminItemHead> {
    return this.#call(
      'POST',
      this.#admin(station, `/items/${seg(id)}/withdraw`),
      {},
      ctx,
      revision,
    );
  }

  /** Upload of a 空白表格 / 示例样表 (multipart, field `file`). */
  uploadAttachment(station: string, file: File, ctx: CallContext): Promise<Attachment> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.#send('POST', this.#admin(station, '/attachments'), { body, ctx }).then(
      (r) => r.json() as Promise<Attachment>,
    );
  }

  /** A blank form or sample as catalog serves it (anyone may download them): the response. */
  attachment(station: string, id: string, ctx: CallContext, method = 'GET'): Promise<Response> {
    return this.#send(method, `/stations/${seg(station)}/attachments/${seg(id)}`, {
      ctx,
      headers: { accept: '*/*' },
    });
  }

  /** An attachment's file name (from its download headers); null when it cannot be read. */
  async attachmentName(station: string, id: string, ctx: CallContext): Promise<string | null> {
    try {
      const response = await this.attachment(station, id, ctx, 'HEAD');
      return fileNameOf(response.headers.get('content-disposition'));
    } catch {
      return null;
    }
  }

  /** The station's catalog as a workbook or CSV: the service's response, to stream on. */
  exportCatalog(station: string, format: 'xlsx' | 'csv', ctx: CallContext): Promise<Response> {
    return this.#send('GET', this.#admin(station, `/export?format=${format}`), {
      ctx,
      headers: { accept: '*/*' },
    });
  }

  /**
   * Imports a workbook: all rows or none. A refused import is a problem (`import_rejected`)
   * carrying the report's `rejected` rows.
   */
  async importCatalog(
    station: string,
    file: File,
    publish: boolean,
    ctx: CallContext,
  ): Promise<ImportReport> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.#send(
      'POST',
      this.#admin(station, `/import?publish=${publish ? 'true' : 'false'}`),
      { body, ctx },
    ).then((r) => r.json() as Promise<ImportReport>);
  }
}

/** The file name of a Content-Disposition header (RFC 6266: filename* first). */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]!.trim() : null;
}

let client: CatalogAdminClient | undefined;

/**
 * The catalog client of this process, at `CATALOG_URL` (checked at start-up with the rest of
 * the configuration). Without it the catalog pages answer 503 服务暂时不可用 and the rest of the
 * console works on.
 */
export function catalogAdmin(): CatalogAdminClient {
  const url = consoleServices().config.catalogUrl;
  if (!url) throw new ProblemError(unavailableProblem());
  client ??= new CatalogAdminClient(url);
  return client;
}

type Event = Parameters<typeof callContext>[0] & { url: URL; locals: App.Locals };

/**
 * An editor or station admin of the station in their token: the station every catalog page acts
 * on. It never comes from the URL or a form field; catalog checks the role and station again.
 */
export function requireCatalogEditor(event: Event): { user: ConsoleUser; station: string } {
  const user = requireUser(event);
  if (user.kind !== 'staff' || !user.station || !editsCatalog(user.roles)) {
    error(403, '此页面仅限信息发布人员和站点管理员使用');
  }
  return { user, station: user.station };
}

/** A catalog call made for a page's load: problems become the error page (401 → 登录). */
export async function loadFromCatalog<T>(
  event: Event,
  call: (api: CatalogAdminClient, ctx: CallContext) => Promise<T>,
): Promise<T> {
  try {
    return await call(catalogAdmin(), callContext(event));
  } catch (err) {
    pageProblem(err, event.url.pathname + event.url.search);
  }
}

export interface FailureOptions {
  /** A service field path (`legalTimeLimit/value`) → the form's field name; null keeps it. */
  fieldOf?: (path: string) => string | null;
  /**
   * Fields typed as whole numbers: when what was typed there is not one, the field reads
   * 请填写整数 whatever catalog said about the value it could not take (a type or union error).
   */
  integers?: readonly string[];
  /** A clearer message for a field than catalog's generic one (e.g. 请选择 for an empty select). */
  messageFor?: (field: string) => string | null;
}

/**
 * A catalog problem as a form failure: the service's paths mapped onto the form's fields, a
 * number typed as something else explained, then the console's usual mapping (401 → 登录).
 */
export function catalogFormFailure<V>(
  err: unknown,
  values: V,
  formFields: readonly string[],
  next: string,
  options: FailureOptions = {},
): ActionFailure<FormFailure<V>> {
  if (err instanceof ProblemError && err.problem.errors?.length) {
    const typed = (values ?? {}) as Record<string, unknown>;
    const notWhole = (field: string) =>
      options.integers?.includes(field) &&
      typeof wholeNumber(String(typed[field] ?? '')) === 'string';
    const errors = err.problem.errors.map((e) => {
      const field = options.fieldOf?.(e.field) ?? e.field;
      const message = notWhole(field) ? '请填写整数' : (options.messageFor?.(field) ?? e.message);
      return { ...e, field, message };
    });
    err = new ProblemError({ ...err.problem, errors });
  }
  return consoleFormFailure(err, values, formFields, next);
}

/** A whole number as typed: the number, null when blank, else the text for catalog to refuse. */
export function wholeNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}
