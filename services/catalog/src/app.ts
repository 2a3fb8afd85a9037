import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import {
  AnswerCache,
  authPlugin,
  createApp,
  openAnswerCaches,
  openServiceRuntime,
  remoteKeys,
  type HallApp,
} from '@hall/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { CatalogConfig } from './config';
import type { ItemPage } from './domain/browse';
import type { StationCatalog } from './domain/station-catalog';
import type { CatalogDeps } from './domain/deps';
import { serveCatalogRpc } from './nats/rpc';
import { startStationSync, type StationSync } from './nats/stations';
import { catalogPlugin } from './plugins/catalog';
import attachmentRoutes from './routes/attachments';
import departmentRoutes from './routes/departments';
import formRoutes from './routes/forms';
import itemRoutes from './routes/items';
import powerTypeRoutes from './routes/power-types';
import transferRoutes from './routes/transfer';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** The stations read model's sync with identity (tests wait for it). */
    stationSync: StationSync;
  }
}

export interface BuildOptions {
  config: CatalogConfig;
  /** Keys to verify access tokens with; identity's JWKS (IDENTITY_JWKS_URL) when not given. */
  keys?: JWTVerifyGetKey;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** Build the catalog service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'catalog',
    version: '0.1.0',
    description: '权力清单：部门、事项与办事指南、申请材料、业务表单、版本、浏览与关键字检索',
    config,
  });

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'catalog',
    config,
    migrationsFolder,
  });

  // Pages recently answered, in front of the stations' catalogs in memory they are computed
  // from (ADR 16, 18); a change drops both, on every replica.
  const ttlMs = config.CATALOG_CACHE_TTL_SECONDS * 1000;
  const itemPages = new AnswerCache<ItemPage>({
    name: 'catalog-item-pages',
    maxEntries: config.CATALOG_CACHE_ENTRIES,
    ttlMs,
  });
  const stationCatalogs = new AnswerCache<StationCatalog>({
    name: 'catalog-stations',
    maxEntries: config.CATALOG_CACHE_STATIONS,
    ttlMs,
  });
  const invalidation = openAnswerCaches(app, bus, 'catalog', [itemPages, stationCatalogs]);
  onStop(() => invalidation.stop());

  const deps: CatalogDeps = {
    database,
    config,
    namespace: config.BUS_NAMESPACE,
    afterCommit: () => relay.wake(),
    itemPages,
    stationCatalogs,
    publicChanged: (station) => invalidation.changed(station),
    now,
  };

  await app.register(catalogPlugin, { deps });
  await app.register(authPlugin, { keys: keys ?? remoteKeys(config.IDENTITY_JWKS_URL) });
  await app.register(multipart, {
    limits: { fileSize: config.ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 },
  });

  await app.register(powerTypeRoutes);
  await app.register(departmentRoutes);
  await app.register(itemRoutes);
  await app.register(formRoutes);
  await app.register(attachmentRoutes);
  await app.register(transferRoutes);

  const rpc = serveCatalogRpc(bus, deps);
  const stationSync = startStationSync(bus, deps, app.log);
  app.decorate('stationSync', stationSync);
  onStop(() => Promise.all(rpc.map((server) => server.stop())));
  onStop(() => stationSync.stop());
  start();
  return app;
}
