/**
 * The catalog's PUBLIC HTTP API (权力清单: departments, items, guides, attachments) as the front
 * ends' servers call it, with typed answers. Errors are mapped as the IdentityClient maps them:
 * the service's problem+json as a `ProblemError`, and a 503 `unavailable` when the catalog could
 * not be reached or answered with something that is not a problem (5xx included).
 */
import { queryString, ServiceConnection, streamedFile, type StreamedFile } from './service-request';

const seg = encodeURIComponent;

/** The national power types (事项类型): 01 行政许可 … 10 其他行政权力, 20 公共服务. */
export type PowerTypeCode =
  '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '20';

export interface PowerType {
  code: PowerTypeCode;
  name: string;
}

/** 服务对象: 自然人 (个人办事) or 法人 (单位办事). */
export type ServiceObject = 'person' | 'legal';
export type HandlingType = 'immediate' | 'promised';
export type TimeLimitUnit = 'workday' | 'day';
export type ItemLevel = 'municipal' | 'district' | 'township';
export type Necessity = 'required' | 'deferrable' | 'optional';
export type MaterialMedia = 'electronic' | 'paper';
export type Collection = 'upload' | 'window';

export interface TimeLimit {
  value: number;
  unit: TimeLimitUnit;
}

export interface DepartmentRef {
  id: string;
  name: string;
}

/** A department as the browsing pages list it: its count of matching top-level items. */
export interface CatalogDepartment extends DepartmentRef {
  code: string;
  sortOrder: number;
  itemCount: number;
}

/** How many items there are of one power type (the 按类别 side navigation). */
export interface PowerTypeCount {
  code: PowerTypeCode;
  name: string;
  count: number;
}

/** How many items one department has (the 按部门 side navigation). */
export interface DepartmentCount extends DepartmentRef {
  count: number;
}

/** 部门站点: one department with its items counted per power type (every type, zeros too). */
export interface CatalogDepartmentDetail extends CatalogDepartment {
  countsByPowerType: PowerTypeCount[];
}

export interface CatalogSubItem {
  id: string;
  name: string;
  implCode: string;
  powerType: PowerTypeCode;
  powerTypeName: string;
  department: DepartmentRef;
  handlingType: HandlingType;
  online: boolean;
  onlineDepth: number | null;
  serviceObjects: ServiceObject[];
  promisedTimeLimit: TimeLimit | null;
}

/** A top-level item of a list, with its sub-items (展开). */
export interface CatalogListItem extends CatalogSubItem {
  subItems: CatalogSubItem[];
}

export interface ItemQuery {
  department?: string | undefined;
  powerType?: string | undefined;
  serviceObject?: ServiceObject | undefined;
  /** 仅显示可以在线申报事项. */
  online?: boolean | undefined;
  /** 关键字. */
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * One page of items with the facet counts of the side navigations: per power type honouring
 * every filter but the power type (all 11 types, zeros too), per department honouring every
 * filter but the department (departments with matching items only, in order).
 */
export interface ItemPage {
  items: CatalogListItem[];
  total: number;
  page: number;
  pageSize: number;
  countsByPowerType: PowerTypeCount[];
  countsByDepartment: DepartmentCount[];
}

export interface DepartmentQuery {
  serviceObject?: ServiceObject | undefined;
  online?: boolean | undefined;
  powerType?: string | undefined;
}

export interface Material {
  id: string;
  name: string;
  media: MaterialMedia[];
  necessity: Necessity;
  collection: Collection;
  fileTypes: string[];
  maxSizeMb: number;
  copies: number;
  blankFormId: string | null;
  sampleId: string | null;
  notes: string;
}

/** One version of an item (the ItemDefinition of services/catalog/README.md). */
export interface ItemDefinition {
  name: string;
  basicCode: string;
  implCode: string;
  powerType: PowerTypeCode;
  departmentId: string;
  parentId: string | null;
  level: ItemLevel;
  handlingType: HandlingType;
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
  serviceObjects: ServiceObject[];
  visits: number;
  online: boolean;
  onlineDepth: number | null;
  notice: string;
  materials: Material[];
  /** 业务表单 (@hall/platform/forms); the portal's guide does not read it. */
  form: Record<string, unknown> | null;
  sortOrder?: number;
}

/** 办事指南: a published version of an item (the current one, or an older `superseded` one). */
export interface ItemGuide {
  id: string;
  version: number;
  station: string;
  state: 'published' | 'superseded';
  department: DepartmentRef;
  parent: { id: string; name: string } | null;
  subItems: CatalogSubItem[];
  definition: ItemDefinition;
  publishedAt: string | null;
}

/** A blank form or sample as downloaded: the catalog's response, to stream on. */
export type AttachmentDownload = StreamedFile;

export interface CatalogClientOptions {
  /** Milliseconds before a call counts as unavailable. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The catalog's public endpoints: anonymous, per station. An unknown or disabled station, an
 * unknown or unpublished item and another station's item all answer 404 (`ProblemError`).
 */
export class CatalogClient {
  readonly #service: ServiceConnection;

  /**
   * `baseUrl` null: the catalog is not configured (no `CATALOG_URL`), and every call answers
   * 503 `unavailable`, as when the catalog is down.
   */
  constructor(baseUrl: string | null, options: CatalogClientOptions = {}) {
    this.#service = new ServiceConnection(baseUrl, {
      setting: 'CATALOG_URL',
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  }

  /** Whether a catalog URL was configured. */
  get configured(): boolean {
    return this.#service.configured;
  }

  #get<T>(path: string): Promise<T> {
    return this.#service.json('GET', path);
  }

  /** The 11 national power types, in code order. */
  powerTypes(): Promise<PowerType[]> {
    return this.#get<{ powerTypes: PowerType[] }>('/power-types').then((r) => r.powerTypes);
  }

  /** 按部门: the station's enabled departments in order, each with its matching item count. */
  departments(station: string, query: DepartmentQuery = {}): Promise<CatalogDepartment[]> {
    return this.#get<{ departments: CatalogDepartment[] }>(
      `/stations/${seg(station)}/departments${queryString(query)}`,
    ).then((r) => r.departments);
  }

  /** 部门站点: one department with its counts per power type. */
  department(
    station: string,
    id: string,
    query: Omit<DepartmentQuery, 'powerType'> = {},
  ): Promise<CatalogDepartmentDetail> {
    return this.#get(`/stations/${seg(station)}/departments/${seg(id)}${queryString(query)}`);
  }

  /** Top-level published items matching the filters, one page, with counts. */
  items(station: string, query: ItemQuery = {}): Promise<ItemPage> {
    return this.#get(`/stations/${seg(station)}/items${queryString(query)}`);
  }

  /** 办事指南: the current published version of an item. */
  item(station: string, id: string): Promise<ItemGuide> {
    return this.#get(`/stations/${seg(station)}/items/${seg(id)}`);
  }

  /** A specific published or superseded version (what an application was filled against). */
  itemVersion(station: string, id: string, version: number): Promise<ItemGuide> {
    return this.#get(`/stations/${seg(station)}/items/${seg(id)}/versions/${version}`);
  }

  /** A blank form (空白表格) or sample (示例样表), to stream on to the browser. */
  async attachment(station: string, id: string): Promise<AttachmentDownload> {
    const response = await this.#service.send(
      'GET',
      `/stations/${seg(station)}/attachments/${seg(id)}`,
      { headers: { accept: '*/*' } },
    );
    return streamedFile(response, 'application/octet-stream');
  }
}
