import { HallError, type Executor } from '@hall/platform';
import {
  GetDepartmentRequestSchema,
  GetDepartmentResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { Department } from '@hall/proto/hall/catalog/v1/item_pb';
import { and, eq, sql } from 'drizzle-orm';
import { departments } from '../db/schema';
import type { LettersDeps } from './deps';

export interface DepartmentRef {
  id: string;
  name: string;
}

export function departmentUnknown(): HallError {
  return new HallError(422, 'department_unknown', '所选部门不存在或已停用，请重新选择', {
    errors: [
      { field: 'departmentId', code: 'department.unknown', message: '请选择本站点的有效部门' },
    ],
  });
}

/** Remember a department as the catalog described it at `observedAt`, unless a newer state is known. */
export async function storeDepartment(
  tx: Executor,
  department: Department,
  observedAt: Date,
): Promise<void> {
  await tx
    .insert(departments)
    .values({
      id: department.id,
      station: department.station,
      name: department.name,
      enabled: department.enabled,
      observedAt,
    })
    .onConflictDoUpdate({
      target: departments.id,
      set: {
        name: sql`excluded.name`,
        enabled: sql`excluded.enabled`,
        observedAt: sql`excluded.observed_at`,
      },
      setWhere: sql`${departments.observedAt} <= excluded.observed_at and ${departments.station} = excluded.station`,
    });
}

/**
 * An enabled department of `station`, else 422 `department_unknown`. The read model answers
 * (so a letter to a known department needs no NATS); a department it has not seen is asked of
 * the catalog (hall.rpc.catalog.get_department) and remembered. Call outside a transaction.
 */
export async function resolveDepartment(
  deps: LettersDeps,
  station: string,
  id: string,
): Promise<DepartmentRef> {
  const [known] = await deps.database.withStation(station, (tx) =>
    tx
      .select({ name: departments.name, enabled: departments.enabled })
      .from(departments)
      .where(and(eq(departments.station, station), eq(departments.id, id))),
  );
  if (known) {
    if (!known.enabled) throw departmentUnknown();
    return { id, name: known.name };
  }
  // Wall-clock time, like the occurrence times of the events it is compared with.
  const observedAt = new Date();
  let department: Department | undefined;
  try {
    ({ department } = await deps.bus.request(
      'catalog',
      'get_department',
      GetDepartmentRequestSchema,
      { station, departmentId: id },
      GetDepartmentResponseSchema,
    ));
  } catch (err) {
    if (err instanceof HallError && err.status === 404) throw departmentUnknown();
    throw err;
  }
  if (!department || department.station !== station || department.id !== id)
    throw departmentUnknown();
  await deps.database.withStation(station, (tx) => storeDepartment(tx, department, observedAt));
  if (!department.enabled) throw departmentUnknown();
  return { id, name: department.name };
}
