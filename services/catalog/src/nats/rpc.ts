import { HallError, type Bus, type RpcServer } from '@hall/platform';
import {
  GetDepartmentRequestSchema,
  GetDepartmentResponseSchema,
  GetItemRequestSchema,
  GetItemResponseSchema,
  ListPublishedItemsRequestSchema,
  ListPublishedItemsResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import { itemForApplication, publishedItemsPage } from '../domain/application-item';
import { getDepartment } from '../domain/departments';
import type { CatalogDeps } from '../domain/deps';
import { departmentMessage } from '../domain/events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The catalog's request/reply endpoints: submissions reads the item an application is for,
 * letters the department a letter is addressed to, read models resynchronise their items.
 */
export function serveCatalogRpc(bus: Bus, deps: Pick<CatalogDeps, 'database'>): RpcServer[] {
  return [
    bus.serve('catalog', 'get_item', GetItemRequestSchema, GetItemResponseSchema, async (req) => {
      if (!UUID.test(req.itemId) || req.version < 0) throw HallError.notFound('事项不存在');
      const item = await deps.database.withStation(req.station, (tx) =>
        itemForApplication(tx, req.station, req.itemId, req.version),
      );
      return { item };
    }),
    bus.serve(
      'catalog',
      'get_department',
      GetDepartmentRequestSchema,
      GetDepartmentResponseSchema,
      async (req) => {
        if (!UUID.test(req.departmentId)) throw HallError.notFound('部门不存在');
        const row = await deps.database.withStation(req.station, (tx) =>
          getDepartment(tx, req.station, req.departmentId),
        );
        return { department: departmentMessage(row) };
      },
    ),
    bus.serve(
      'catalog',
      'list_published_items',
      ListPublishedItemsRequestSchema,
      ListPublishedItemsResponseSchema,
      async (req) => {
        if (req.afterItemId && !UUID.test(req.afterItemId))
          throw HallError.validation([
            { field: 'after_item_id', code: 'format', message: '不是有效的编号' },
          ]);
        const limit = req.limit === 0 ? 500 : Math.min(Math.max(req.limit, 1), 1000);
        return deps.database.withStation(req.station, (tx) =>
          publishedItemsPage(tx, req.station, req.afterItemId, limit),
        );
      },
    ),
  ];
}
