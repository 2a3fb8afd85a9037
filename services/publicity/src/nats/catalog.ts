import { HallError } from '@hall/platform';
import {
  GetDepartmentRequestSchema,
  GetDepartmentResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { PublicityDeps } from '../domain/deps';
import type { Department } from '../domain/entries';

/**
 * An enabled department of `station`, asked of the catalog (hall.rpc.catalog.get_department),
 * else a field error on `departmentId`; 503 `upstream_unavailable` when the catalog is away.
 */
export async function catalogDepartment(
  deps: PublicityDeps,
  station: string,
  id: string,
): Promise<Department> {
  const unknown = () =>
    HallError.validation([
      { field: 'departmentId', code: 'department.unknown', message: '部门不存在或已停用' },
    ]);
  try {
    const { department } = await deps.bus.request(
      'catalog',
      'get_department',
      GetDepartmentRequestSchema,
      { station, departmentId: id },
      GetDepartmentResponseSchema,
    );
    if (!department?.enabled || department.station !== station) throw unknown();
    return { id: department.id, name: department.name };
  } catch (err) {
    if (err instanceof HallError && err.status === 404) throw unknown();
    throw err;
  }
}
