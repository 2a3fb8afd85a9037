/**
 * Bulk export and import of a station's catalog, as staff keep it in Excel: a workbook with the
 * sheets 部门, 事项 and 材料 (Chinese headers, see transfer-columns.ts), or the 事项 sheet alone as
 * CSV (UTF-8 with BOM, so Excel shows the Chinese).
 *
 * Import is all or nothing: every row is read and checked with the service's own validation
 * (the ItemDefinition schema and rules, then the domain functions' database rules), every problem
 * is reported as { sheet, row, field, message }, and when there is any, the transaction is rolled
 * back. Items are matched by 实施编码: new ones are created, existing ones get a new draft (the
 * published version stays until the draft is published), and with `publish` every draft of the
 * import is published. Columns a workbook leaves out keep an existing item's values.
 */
import { HallError, type FieldError, type Tx } from '@hall/platform';
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { v4 as uuidv4 } from 'uuid';
import { departments, items, itemVersions, stations } from '../db/schema';
import { audit } from './audit';
import { checkDefinition, type ItemDefinition, type Material } from './definition';
import { createDepartment } from './departments';
import type { ChangeContext } from './deps';
import { createItem, publishItem, saveDraft } from './items';
import {
  CellError,
  DEPARTMENT_COLUMNS,
  headerOf,
  ITEM_COLUMNS,
  MATERIAL_COLUMNS,
  SHEETS,
  type Column,
  type DepartmentRow,
} from './transfer-columns';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
/** Largest workbook accepted for import. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Most data rows a sheet may have. */
export const IMPORT_MAX_ROWS = 100_000;

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface Rejection {
  sheet: string;
  /** The row number Excel shows (the header is row 1). */
  row: number;
  /** The column header, or '' when the row as a whole is refused. */
  field: string;
  message: string;
}

export interface ImportReport {
  /** 事项 rows applied. */
  accepted: number;
  created: number;
  updated: number;
  /** Rows identical to the item's current version: nothing to change. */
  unchanged: number;
  published: number;
  departmentsCreated: number;
  rejected: Rejection[];
}

/** Some rows were refused: nothing was imported. */
export class ImportRejected extends HallError {
  constructor(readonly rejected: Rejection[]) {
    super(400, 'import_rejected', '导入未完成：工作簿中有不符合要求的内容，未导入任何数据', {
      detail: `共 ${rejected.length} 处问题，请按提示修改后重新导入`,
      errors: rejected.map((r) => ({
        field: `${r.sheet}/${r.row}${r.field ? `/${r.field}` : ''}`,
        code: 'import.row_rejected',
        message: r.message,
      })),
    });
  }
}

// ================================================================= export

interface ExportedItem {
  id: string;
  parentId: string | null;
  status: 'draft' | 'published' | 'withdrawn';
  hasDraft: boolean;
  implCode: string;
  sortOrder: number;
  name: string;
  departmentId: string;
  definition: ItemDefinition;
}

const STATUS_TEXT = (item: ExportedItem): string => {
  if (item.status === 'draft') return '草稿（未发布）';
  if (item.status === 'withdrawn') return item.hasDraft ? '已下架（有草稿）' : '已下架';
  return item.hasDraft ? '已发布（有草稿）' : '已发布';
};

/** The station's items with their latest definition (the draft when there is one), in list order. */
async function catalogOf(tx: Tx, station: string) {
  const departmentRows = await tx
    .select()
    .from(departments)
    .where(eq(departments.station, station))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  const rows: ExportedItem[] = (
    await tx
      .select({
        id: items.id,
        parentId: items.parentId,
        status: items.status,
        draftVersion: items.draftVersion,
        implCode: items.implCode,
        sortOrder: items.sortOrder,
        name: items.name,
        departmentId: items.departmentId,
        definition: itemVersions.definition,
      })
      .from(items)
      .innerJoin(
        itemVersions,
        and(
          eq(itemVersions.itemId, items.id),
          eq(itemVersions.station, items.station),
          eq(itemVersions.version, sql`coalesce(${items.draftVersion}, ${items.publishedVersion})`),
        ),
      )
      .where(eq(items.station, station))
  ).map((r) => ({ ...r, hasDraft: r.draftVersion !== null }));

  const departmentOrder = new Map(departmentRows.map((d, i) => [d.id, i]));
  const byOrder = (a: ExportedItem, b: ExportedItem) =>
    a.sortOrder - b.sortOrder ||
    a.name.localeCompare(b.name, 'zh') ||
    a.implCode.localeCompare(b.implCode);
  const children = new Map<string, ExportedItem[]>();
  for (const r of rows)
    if (r.definition.parentId)
      children.set(r.definition.parentId, [...(children.get(r.definition.parentId) ?? []), r]);
  const ids = new Set(rows.map((r) => r.id));
  const topLevel = rows
    .filter((r) => !r.definition.parentId || !ids.has(r.definition.parentId))
    .sort(
      (a, b) =>
        (departmentOrder.get(a.definition.departmentId) ?? 1e9) -
          (departmentOrder.get(b.definition.departmentId) ?? 1e9) || byOrder(a, b),
    );
  const ordered = topLevel.flatMap((r) => [r, ...(children.get(r.id) ?? []).sort(byOrder)]);
  return { departmentRows, items: ordered };
}

/** The station's catalog as an xlsx workbook (部门, 事项, 材料) or the 事项 sheet as CSV. */
export async function exportCatalog(
  tx: Tx,
  station: string,
  format: ExportFormat,
  now: Date,
): Promise<ExportedFile> {
  const { departmentRows, items: list } = await catalogOf(tx, station);
  const [stationRow] = await tx
    .select({ name: stations.name })
    .from(stations)
    .where(eq(stations.key, station));
  const departmentNames = new Map(departmentRows.map((d) => [d.id, d.name]));
  const implCodes = new Map(list.map((i) => [i.id, i.definition.implCode]));
  const itemRows = list.map((item) => {
    const context = {
      departmentName: departmentNames.get(item.definition.departmentId) ?? '',
      parentImplCode: item.definition.parentId
        ? (implCodes.get(item.definition.parentId) ?? '')
        : '',
      status: STATUS_TEXT(item),
    };
    return ITEM_COLUMNS.map((c) => c.write(item.definition, context));
  });
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const baseName = `${stationRow?.name ?? station}权力清单-${date}`;

  if (format === 'csv') {
    const lines = [ITEM_COLUMNS.map((c) => c.header), ...itemRows].map((row) =>
      row.map((value) => csvCell(value)).join(','),
    );
    return {
      fileName: `${baseName}.csv`,
      contentType: CSV_CONTENT_TYPE,
      content: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
    };
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '重庆网上行政审批大厅';
  workbook.created = now;
  addSheet(
    workbook,
    SHEETS.departments,
    DEPARTMENT_COLUMNS,
    departmentRows.map((d) =>
      DEPARTMENT_COLUMNS.map((c) =>
        c.write({ code: d.code, name: d.name, sortOrder: d.sortOrder, enabled: d.enabled }, null),
      ),
    ),
  );
  addSheet(workbook, SHEETS.items, ITEM_COLUMNS, itemRows);
  addSheet(
    workbook,
    SHEETS.materials,
    MATERIAL_COLUMNS,
    list.flatMap((item) =>
      item.definition.materials.map((m) =>
        MATERIAL_COLUMNS.map((c) => c.write(m, { implCode: item.definition.implCode })),
      ),
    ),
  );
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `${baseName}.xlsx`, contentType: XLSX_CONTENT_TYPE, content };
}

function addSheet<T, C>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: ReadonlyArray<Column<T, C>>,
  rows: Array<Array<string | number>>,
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    // Codes stay text in Excel: no 1.15E+17, no lost leading zeros.
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === 'number' ? v : String(v))));
}

/**
 * RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a
 * formula (CSV injection). CSV is export only, so the prefix never comes back in.
 */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ================================================================= import

/** The workbook from an upload: xlsx only; anything else is a 400 naming what to do. */
export async function readWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  // Every xlsx is a zip archive: PK\x03\x04. CSV is text, .xls an OLE file (D0 CF 11 E0).
  if (content.length < 4 || content.readUInt32BE(0) !== 0x504b0304) {
    throw new HallError(400, 'import_unsupported_type', '仅支持导入 Excel 工作簿（.xlsx）', {
      detail: 'CSV、.xls 等格式请先在 Excel 中“另存为”.xlsx 工作簿后再导入',
      errors: [
        {
          field: 'file',
          code: 'import.unsupported_type',
          message: '请上传 .xlsx 格式的 Excel 工作簿',
        },
      ],
    });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw malformed('无法读取该工作簿，请确认文件是完整的 .xlsx 工作簿');
  }
  return workbook;
}

const malformed = (message: string) =>
  new HallError(400, 'workbook_invalid', '工作簿格式不正确', {
    detail: message,
    errors: [{ field: 'file', code: 'import.workbook_invalid', message }],
  });

interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

interface Sheet {
  headers: Set<string>;
  rows: SheetRow[];
}

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** A sheet's data rows keyed by header; blank rows are skipped. */
function readSheet<T, C>(
  worksheet: ExcelJS.Worksheet,
  columns: ReadonlyArray<Column<T, C>>,
  rejected: Rejection[],
): Sheet {
  const known = new Map(columns.map((c) => [fold(c.header), c.header]));
  const byColumn = new Map<number, string>();
  worksheet.getRow(1).eachCell((cell, col) => {
    const header = known.get(fold(cell.text ?? ''));
    if (header) byColumn.set(col, header);
  });
  const headers = new Set(byColumn.values());
  for (const c of columns)
    if (!c.optional && !headers.has(c.header))
      rejected.push({
        sheet: worksheet.name,
        row: 1,
        field: c.header,
        message: `缺少“${c.header}”列`,
      });
  if (worksheet.rowCount - 1 > IMPORT_MAX_ROWS) {
    throw new HallError(400, 'import_too_many_rows', '工作簿行数过多', {
      detail: `每个工作表最多 ${IMPORT_MAX_ROWS} 行数据，请分批导入`,
    });
  }
  const rows: SheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    let any = false;
    for (const [col, header] of byColumn) {
      const text = cellText(row.getCell(col));
      if (text.trim() !== '') any = true;
      cells.set(header, text);
    }
    if (any) rows.push({ row: number, cells });
  });
  return { headers, rows };
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return cell.text ?? '';
}

/** Reads a row's cells through the columns' readers; cell problems become rejections. */
function readRow<T, C>(
  sheet: string,
  row: SheetRow,
  columns: ReadonlyArray<Column<T, C>>,
  rejected: Rejection[],
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const column of columns) {
    if (!column.read || !row.cells.has(column.header)) continue;
    try {
      column.read(row.cells.get(column.header) ?? '', out);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      rejected.push({ sheet, row: row.row, field: column.header, message: err.message });
      ok = false;
    }
  }
  return ok ? out : null;
}

/** JSON with sorted keys: two definitions are the same when these are equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

interface PendingItem {
  row: number;
  implCode: string;
  parentImplCode: string;
  /** Definition without its parent, which is resolved as items are written. */
  definition: ItemDefinition;
  /** 材料 sheet rows of its materials, in order. */
  materialRows: number[];
  existingId: string | null;
}

/** Where a validation error of a definition field is shown in the workbook. */
function locate(item: PendingItem, error: FieldError): Rejection {
  const material = /^materials\/(\d+)(?:\/(.*))?$/.exec(error.field);
  if (material) {
    const index = Number(material[1]);
    return {
      sheet: SHEETS.materials,
      row: item.materialRows[index] ?? item.row,
      field: headerOf(MATERIAL_COLUMNS, material[2] ?? '') ?? '',
      message: error.message,
    };
  }
  if (error.field === 'form' || error.field.startsWith('form/')) {
    const path = error.field.slice('form/'.length);
    return {
      sheet: SHEETS.items,
      row: item.row,
      field: '业务表单',
      message: path && error.field !== 'form' ? `${error.message}（${path}）` : error.message,
    };
  }
  if (error.field === 'materials')
    return { sheet: SHEETS.materials, row: item.row, field: '', message: error.message };
  return {
    sheet: SHEETS.items,
    row: item.row,
    field: headerOf(ITEM_COLUMNS, error.field) ?? error.field,
    message: error.message,
  };
}

function rejectionsOf(item: PendingItem, err: unknown): Rejection[] {
  if (!(err instanceof HallError) || err.status >= 500) throw err;
  if (err.errors && err.errors.length > 0) return err.errors.map((e) => locate(item, e));
  return [{ sheet: SHEETS.items, row: item.row, field: '', message: err.title }];
}

/** A placeholder parent for the checks that run before parents exist. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Import a workbook into `ctx.station`'s catalog in the caller's transaction. Throws
 * ImportRejected (and so rolls everything back) when any row is refused.
 */
export async function importCatalog(
  tx: Tx,
  ctx: ChangeContext,
  workbook: ExcelJS.Workbook,
  options: { publish: boolean },
): Promise<ImportReport> {
  try {
    return await importRows(tx, ctx, workbook, options);
  } catch (err) {
    // Rows are written without savepoints (hundreds of subtransactions slow PostgreSQL down
    // badly, and any rejection rolls everything back anyway). A statement that fails in the
    // database, e.g. another editor creating the same 实施编码 at this moment, aborts the
    // transaction: the import as a whole is refused and can simply be run again.
    if (!(err instanceof HallError) && databaseCode(err) !== null)
      throw HallError.conflict('import_conflict', '导入时本站点的事项被同时修改，请重新导入', {
        cause: err,
      });
    throw err;
  }
}

/** The SQLSTATE of a database error (drizzle wraps the driver's in `cause`), or null. */
function databaseCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && /^(23|25|40)/.test(e.code))
      return e.code;
  return null;
}

async function importRows(
  tx: Tx,
  ctx: ChangeContext,
  workbook: ExcelJS.Workbook,
  options: { publish: boolean },
): Promise<ImportReport> {
  const rejected: Rejection[] = [];
  const itemSheet = workbook.getWorksheet(SHEETS.items);
  const materialSheet = workbook.getWorksheet(SHEETS.materials);
  if (!itemSheet) throw malformed('工作簿中缺少“事项”工作表');
  if (!materialSheet) throw malformed('工作簿中缺少“材料”工作表（没有材料时保留仅含表头的工作表）');
  const departmentSheet = workbook.getWorksheet(SHEETS.departments);
  const itemRows = readSheet(itemSheet, ITEM_COLUMNS, rejected);
  const materialRows = readSheet(materialSheet, MATERIAL_COLUMNS, rejected);
  const departmentRows = departmentSheet
    ? readSheet(departmentSheet, DEPARTMENT_COLUMNS, rejected)
    : null;
  if (rejected.length > 0) throw new ImportRejected(rejected);

  // ------------------------------------------------------------ departments
  const stationDepartments = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.station, ctx.station));
  const departmentByName = new Map(stationDepartments.map((d) => [d.name, d.id]));
  const departmentByCode = new Map(stationDepartments.map((d) => [d.code, d.id]));
  let departmentsCreated = 0;
  for (const row of departmentRows?.rows ?? []) {
    const parsed = readRow(
      SHEETS.departments,
      row,
      DEPARTMENT_COLUMNS,
      rejected,
    ) as DepartmentRow | null;
    if (!parsed) continue;
    const code = parsed.code.trim();
    const name = parsed.name.trim();
    if (departmentByCode.has(code)) continue; // existing departments are edited in the console
    if (departmentByName.has(name)) {
      rejected.push({
        sheet: SHEETS.departments,
        row: row.row,
        field: '部门名称',
        message: `本站点已有名为“${name}”的部门（编码不同），请核对部门编码`,
      });
      continue;
    }
    try {
      const created = await createDepartment(tx, ctx, {
        code,
        name,
        sortOrder: parsed.sortOrder,
        enabled: parsed.enabled,
      });
      departmentByCode.set(code, created.id);
      departmentByName.set(created.name, created.id);
      departmentsCreated += 1;
    } catch (err) {
      if (!(err instanceof HallError) || err.status >= 500) throw err;
      for (const e of err.errors ?? [{ field: '', code: err.code, message: err.title }])
        rejected.push({
          sheet: SHEETS.departments,
          row: row.row,
          field: headerOf(DEPARTMENT_COLUMNS, e.field) ?? '',
          message: e.message,
        });
    }
  }

  // ------------------------------------------------------------ items and materials
  const implCodesInSheet = itemRows.rows.map((r) => (r.cells.get('实施编码') ?? '').trim());
  const existingItems = implCodesInSheet.length
    ? await tx
        .select({ id: items.id, implCode: items.implCode, definition: itemVersions.definition })
        .from(items)
        .innerJoin(
          itemVersions,
          and(
            eq(itemVersions.itemId, items.id),
            eq(itemVersions.station, items.station),
            eq(
              itemVersions.version,
              sql`coalesce(${items.draftVersion}, ${items.publishedVersion})`,
            ),
          ),
        )
        .where(
          and(
            eq(items.station, ctx.station),
            inArray(items.implCode, [...new Set(implCodesInSheet)]),
          ),
        )
    : [];
  const existingByCode = new Map(existingItems.map((e) => [e.implCode, e]));

  const materialsByCode = new Map<
    string,
    Array<{ row: number; fields: Record<string, unknown> }>
  >();
  const seenCodes = new Set(implCodesInSheet.filter(Boolean));
  for (const row of materialRows.rows) {
    const fields = readRow(SHEETS.materials, row, MATERIAL_COLUMNS, rejected);
    if (!fields) continue;
    const code = String(fields.implCode ?? '').trim();
    if (!seenCodes.has(code)) {
      rejected.push({
        sheet: SHEETS.materials,
        row: row.row,
        field: '实施编码',
        message: code
          ? `“事项”工作表中没有实施编码为 ${code} 的事项`
          : '请填写材料所属事项的实施编码',
      });
      continue;
    }
    materialsByCode.set(code, [...(materialsByCode.get(code) ?? []), { row: row.row, fields }]);
  }

  const pending: PendingItem[] = [];
  const codeRows = new Map<string, number>();
  for (const row of itemRows.rows) {
    const fields = readRow(SHEETS.items, row, ITEM_COLUMNS, rejected);
    if (!fields) continue;
    const implCode = String(fields.implCode ?? '').trim();
    if (codeRows.has(implCode)) {
      rejected.push({
        sheet: SHEETS.items,
        row: row.row,
        field: '实施编码',
        message: `实施编码与第 ${codeRows.get(implCode)} 行重复`,
      });
      continue;
    }
    codeRows.set(implCode, row.row);
    const existing = existingByCode.get(implCode) ?? null;
    const departmentText = String(fields.departmentName ?? '').trim();
    const departmentId =
      departmentByName.get(departmentText) ?? departmentByCode.get(departmentText);
    if (!departmentId) {
      rejected.push({
        sheet: SHEETS.items,
        row: row.row,
        field: '实施主体',
        message: departmentText
          ? `“${departmentText}”不是本站点的部门，请先在“部门”工作表或部门管理中添加`
          : '请填写实施主体（部门名称）',
      });
      continue;
    }
    const base = existing?.definition;
    const materials = (materialsByCode.get(implCode) ?? []).map(({ fields: m }) =>
      materialFrom(m, base?.materials ?? [], materialRows.headers),
    );
    const has = (header: string) => itemRows.headers.has(header);
    const keep = <K extends keyof ItemDefinition>(
      key: K,
      header: string,
      fallback: ItemDefinition[K],
    ) => (has(header) ? fields[key] : base ? base[key] : fallback) as ItemDefinition[K];
    const definition: ItemDefinition = {
      name: String(fields.name ?? '').trim(),
      basicCode: String(fields.basicCode ?? '').trim(),
      implCode,
      powerType: fields.powerType as ItemDefinition['powerType'],
      departmentId,
      parentId: null,
      level: fields.level as ItemDefinition['level'],
      handlingType: fields.handlingType as ItemDefinition['handlingType'],
      legalTimeLimit: fields.legalTimeLimit as ItemDefinition['legalTimeLimit'],
      promisedTimeLimit: fields.promisedTimeLimit as ItemDefinition['promisedTimeLimit'],
      basis: String(fields.basis ?? ''),
      conditions: String(fields.conditions ?? ''),
      process: String(fields.process ?? ''),
      location: String(fields.location ?? ''),
      hours: String(fields.hours ?? ''),
      consultation: String(fields.consultation ?? ''),
      supervision: String(fields.supervision ?? ''),
      fee: {
        charged: fields.feeCharged as boolean,
        standard: has('收费标准') ? String(fields.feeStandard ?? '') : (base?.fee.standard ?? ''),
        basis: has('收费依据') ? String(fields.feeBasis ?? '') : (base?.fee.basis ?? ''),
      },
      serviceObjects: fields.serviceObjects as ItemDefinition['serviceObjects'],
      visits: fields.visits as number,
      online: fields.online as boolean,
      onlineDepth: fields.onlineDepth as ItemDefinition['onlineDepth'],
      notice: keep('notice', '阅读须知', ''),
      materials,
      form: keep('form', '业务表单', null),
    };
    const sortOrder = has('排序') ? (fields.sortOrder as number | undefined) : base?.sortOrder;
    if (sortOrder !== undefined) definition.sortOrder = sortOrder;
    const parentImplCode = has('父事项实施编码')
      ? String(fields.parentImplCode ?? '').trim()
      : base?.parentId
        ? (existingItems.find((e) => e.id === base.parentId)?.implCode ?? '')
        : '';
    const item: PendingItem = {
      row: row.row,
      implCode,
      parentImplCode,
      definition,
      materialRows: (materialsByCode.get(implCode) ?? []).map((m) => m.row),
      existingId: existing?.id ?? null,
    };
    const errors = checkDefinition({
      ...definition,
      parentId: parentImplCode ? PLACEHOLDER_ID : null,
    });
    if (errors.length > 0) rejected.push(...errors.map((e) => locate(item, e)));
    else pending.push(item);
  }
  if (rejected.length > 0) throw new ImportRejected(rejected);

  // ------------------------------------------------------------ write: parents first
  const idByCode = new Map<string, string>(
    (
      await tx
        .select({ id: items.id, implCode: items.implCode })
        .from(items)
        .where(eq(items.station, ctx.station))
    ).map((r) => [r.implCode, r.id]),
  );
  const ordered = [
    ...pending.filter((p) => !p.parentImplCode),
    ...pending.filter((p) => p.parentImplCode),
  ];
  const written: Array<{ item: PendingItem; id: string }> = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const item of ordered) {
    let parentId: string | null = null;
    if (item.parentImplCode) {
      parentId = idByCode.get(item.parentImplCode) ?? null;
      if (!parentId) {
        rejected.push({
          sheet: SHEETS.items,
          row: item.row,
          field: '父事项实施编码',
          message: `本站点没有实施编码为 ${item.parentImplCode} 的事项，工作簿中也没有可导入的该事项`,
        });
        continue;
      }
    }
    const definition = { ...item.definition, parentId };
    try {
      if (item.existingId) {
        const base = existingByCode.get(item.implCode)?.definition;
        if (base && canonical(base) === canonical(definition)) {
          unchanged += 1;
          written.push({ item, id: item.existingId });
          continue;
        }
        const id = item.existingId;
        await saveDraft(tx, ctx, id, definition);
        updated += 1;
        written.push({ item, id });
      } else {
        const head = await createItem(tx, ctx, definition);
        idByCode.set(item.implCode, head.id);
        created += 1;
        written.push({ item, id: head.id });
      }
    } catch (err) {
      rejected.push(...rejectionsOf(item, err));
    }
  }
  if (rejected.length > 0) throw new ImportRejected(rejected);

  let published = 0;
  if (options.publish) {
    const withDrafts = new Set(
      written.length
        ? (
            await tx
              .select({ id: items.id })
              .from(items)
              .where(
                and(
                  eq(items.station, ctx.station),
                  inArray(
                    items.id,
                    written.map((w) => w.id),
                  ),
                  sql`${items.draftVersion} is not null`,
                ),
              )
          ).map((r) => r.id)
        : [],
    );
    for (const { item, id } of written) {
      if (!withDrafts.has(id)) continue;
      try {
        await publishItem(tx, ctx, id);
        published += 1;
      } catch (err) {
        rejected.push(...rejectionsOf(item, err));
      }
    }
    if (rejected.length > 0) throw new ImportRejected(rejected);
  }

  const report: ImportReport = {
    accepted: pending.length,
    created,
    updated,
    unchanged,
    published,
    departmentsCreated,
    rejected: [],
  };
  await audit(
    tx,
    ctx,
    'catalog.import',
    { kind: 'catalog', id: ctx.station },
    {
      format: 'xlsx',
      accepted: report.accepted,
      created,
      updated,
      unchanged,
      published,
      departmentsCreated,
      publish: options.publish,
    },
  );
  return report;
}

/**
 * A material from its row. Its id is the 材料标识 column when given, else that of the item's
 * material with the same name (ids stay stable across versions), else a new one; columns the
 * sheet leaves out keep that material's values.
 */
function materialFrom(
  fields: Record<string, unknown>,
  existing: readonly Material[],
  headers: ReadonlySet<string>,
): Material {
  const name = String(fields.name ?? '').trim();
  const givenId = String(fields.id ?? '').trim();
  const match =
    (givenId && existing.find((m) => m.id.toLowerCase() === givenId.toLowerCase())) ||
    existing.find((m) => m.name === name);
  return {
    id: givenId || match?.id || uuidv4(),
    name,
    media: fields.media as Material['media'],
    necessity: fields.necessity as Material['necessity'],
    collection: fields.collection as Material['collection'],
    fileTypes: (fields.fileTypes as string[] | undefined) ?? [],
    maxSizeMb: fields.maxSizeMb as number,
    copies: fields.copies as number,
    blankFormId: headers.has('空白表格')
      ? ((fields.blankFormId as string | null) ?? null)
      : (match?.blankFormId ?? null),
    sampleId: headers.has('示例样表')
      ? ((fields.sampleId as string | null) ?? null)
      : (match?.sampleId ?? null),
    notes: headers.has('备注') ? String(fields.notes ?? '') : (match?.notes ?? ''),
  };
}
