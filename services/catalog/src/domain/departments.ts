import { HallError, type Tx } from '@hall/platform';
import { DepartmentChange } from '@hall/proto/hall/catalog/v1/catalog_events_pb';
import { and, asc, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { departments, items } from '../db/schema';
import { audit } from './audit';
import type { ChangeContext } from './deps';
import { enqueueDepartmentChanged } from './events';
import { FieldErrors, isUniqueViolation } from './fields';
import { refreshSearch } from './projection';

export type DepartmentRow = typeof departments.$inferSelect;

export interface DepartmentView {
  id: string;
  station: string;
  code: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
}

export const departmentView = (row: DepartmentRow): DepartmentView => ({
  id: row.id,
  station: row.station,
  code: row.code,
  name: row.name,
  sortOrder: row.sortOrder,
  enabled: row.enabled,
});

export interface DepartmentInput {
  code: string;
  name: string;
  sortOrder?: number | undefined;
  enabled?: boolean | undefined;
}

export const DEPARTMENT_CODE_PATTERN = /^[0-9A-Za-z-]{1,32}$/;

function checkFields(errors: FieldErrors, input: Partial<DepartmentInput>): void {
  if (input.code !== undefined && !DEPARTMENT_CODE_PATTERN.test(input.code))
    errors.add('code', 'department.code', '部门编码应为1至32位字母、数字或连字符');
  if (input.name !== undefined) {
    const length = input.name.trim().length;
    if (length < 2 || length > 40) errors.add('name', 'department.name', '部门名称应为2至40个字');
  }
  if (
    input.sortOrder !== undefined &&
    (!Number.isInteger(input.sortOrder) || input.sortOrder < 0 || input.sortOrder > 1000000)
  )
    errors.add('sortOrder', 'department.sort_order', '排序应为0至1000000的整数');
}

const codeTaken = () =>
  HallError.conflict('department_code_taken', '该部门编码已被使用', {
    errors: [{ field: 'code', code: 'department.code_taken', message: '该部门编码已被使用' }],
  });

/** Every department of the station in display order, disabled ones too (staff). */
export async function listDepartments(tx: Tx, station: string): Promise<DepartmentView[]> {
  const rows = await tx
    .select()
    .from(departments)
    .where(eq(departments.station, station))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  return rows.map(departmentView);
}

export async function getDepartment(tx: Tx, station: string, id: string): Promise<DepartmentRow> {
  const [row] = await tx
    .select()
    .from(departments)
    .where(and(eq(departments.station, station), eq(departments.id, id)));
  if (!row) throw HallError.notFound('部门不存在');
  return row;
}

/** Add a department; runs in the caller's transaction, which acts for `ctx.station`. */
export async function createDepartment(
  tx: Tx,
  ctx: ChangeContext,
  input: DepartmentInput,
): Promise<DepartmentView> {
  const errors = new FieldErrors();
  checkFields(errors, input);
  if (errors.any) throw HallError.validation(errors.list);
  const [taken] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.station, ctx.station), eq(departments.code, input.code)));
  if (taken) throw codeTaken();
  const id = uuidv7();
  let row: DepartmentRow;
  try {
    [row] = (await tx
      .insert(departments)
      .values({
        id,
        station: ctx.station,
        code: input.code,
        name: input.name.trim(),
        sortOrder: input.sortOrder ?? 0,
        enabled: input.enabled ?? true,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()) as [DepartmentRow];
  } catch (err) {
    if (isUniqueViolation(err, 'departments_station_code_key')) throw codeTaken();
    throw err;
  }
  await enqueueDepartmentChanged(tx, ctx, row, DepartmentChange.CREATED);
  await audit(
    tx,
    ctx,
    'catalog.department.created',
    { kind: 'department', id },
    {
      code: row.code,
      name: row.name,
    },
  );
  return departmentView(row);
}

/** Rename, recode, reorder, disable or enable a department. */
export async function updateDepartment(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  input: Partial<DepartmentInput>,
): Promise<DepartmentView> {
  const errors = new FieldErrors();
  checkFields(errors, input);
  if (errors.any) throw HallError.validation(errors.list);
  const before = await getDepartment(tx, ctx.station, id);
  if (input.code !== undefined && input.code !== before.code) {
    const [taken] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.station, ctx.station), eq(departments.code, input.code)));
    if (taken) throw codeTaken();
  }
  let row: DepartmentRow;
  try {
    [row] = (await tx
      .update(departments)
      .set({
        ...(input.code !== undefined ? { code: input.code } : {}),
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        updatedAt: ctx.now,
      })
      .where(and(eq(departments.station, ctx.station), eq(departments.id, id)))
      .returning()) as [DepartmentRow];
  } catch (err) {
    if (isUniqueViolation(err, 'departments_station_code_key')) throw codeTaken();
    throw err;
  }
  if (row.name !== before.name) {
    // The department's name is part of its items' search words.
    const ids = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.station, ctx.station), eq(items.departmentId, id)));
    await refreshSearch(
      tx,
      ctx.station,
      ids.map((r) => r.id),
    );
  }
  const change =
    before.enabled && !row.enabled
      ? DepartmentChange.DISABLED
      : !before.enabled && row.enabled
        ? DepartmentChange.ENABLED
        : DepartmentChange.UPDATED;
  await enqueueDepartmentChanged(tx, ctx, row, change);
  await audit(
    tx,
    ctx,
    'catalog.department.updated',
    { kind: 'department', id },
    {
      change: DepartmentChange[change],
      fields: Object.keys(input).sort().join(','),
    },
  );
  return departmentView(row);
}
