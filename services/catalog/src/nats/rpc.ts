import { HallError, type Bus, type RpcServer } from '@hall/platform';
import {
  GetItemRequestSchema,
  GetItemResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import type { CatalogDeps } from '../domain/deps';
import { itemForApplication } from '../domain/application-item';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalog's request/reply endpoints: submissions reads the item an application is for. */
export function serveCatalogRpc(bus: Bus, deps: CatalogDeps): RpcServer[] {
  return [
    bus.serve('catalog', 'get_item', GetItemRequestSchema, GetItemResponseSchema, async (req) => {
      if (!UUID.test(req.itemId) || req.version < 0) throw HallError.notFound('事项不存在');
      const item = await deps.database.withStation(req.station, (tx) =>
        itemForApplication(tx, req.station, req.itemId, req.version),
      );
      return { item };
    }),
  ];
}
