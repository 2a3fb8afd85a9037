import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import {
  AnswerCache,
  authPlugin,
  createApp,
  openAnswerCaches,
  openServiceRuntime,
  remoteKeys,
  type EventConsumer,
  type HallApp,
  type StationSync,
} from '@hall/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { PublicityConfig } from './config';
import {
  ANNOUNCEMENT_ROWS_PER_READ,
  announcementsByIds,
  announcementsVersion,
  type AnnouncementItem,
  type AnnouncementMatches,
  type AnnouncementPage,
} from './domain/announcement-list';
import { BatchedReads } from './domain/batched-reads';
import type { PublicityDeps } from './domain/deps';
import { startAnnouncementConsumer } from './nats/announcements';
import { startPublicityStationSync } from './nats/stations';
import { publicityPlugin } from './plugins/publicity';
import announcementRoutes from './routes/announcements';
import attachmentRoutes from './routes/attachments';
import entryRoutes from './routes/entries';
import noticeRoutes from './routes/notices';
import profileRoutes from './routes/profile';
import statisticsRoutes from './routes/statistics';

export const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** The stations read model's sync with identity (tests wait for it). */
    stationSync: StationSync;
    /** The consumer of submissions' events behind 办件公告 and the statistics. */
    announcementConsumer: EventConsumer;
  }
}

export interface BuildOptions {
  config: PublicityConfig;
  /** Keys to verify access tokens with; identity's JWKS (IDENTITY_JWKS_URL) when not given. */
  keys?: JWTVerifyGetKey;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** Build the publicity service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'publicity',
    version: '0.1.0',
    description: '我要看：通知公告、办件公告、办件公示、办件统计、站点个性化',
    config,
  });

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'publicity',
    config,
    migrationsFolder,
  });

  // Past their time limit, pages and matches are checked against the station's version rather
  // than read again (ADR 21).
  const version = (station: string) =>
    database.withStation(station, (tx) => announcementsVersion(tx, station));
  const announcementPages = new AnswerCache<AnnouncementPage>({
    name: 'publicity-announcement-pages',
    maxEntries: config.PUBLICITY_CACHE_ENTRIES,
    ttlMs: config.PUBLICITY_CACHE_TTL_SECONDS * 1000,
    version,
  });
  const announcementMatches = new AnswerCache<AnnouncementMatches>({
    name: 'publicity-announcement-matches',
    maxEntries: config.PUBLICITY_CACHE_FILTERS,
    ttlMs: config.PUBLICITY_CACHE_TTL_SECONDS * 1000,
    version,
  });
  const invalidation = openAnswerCaches(app, bus, 'publicity', [
    announcementPages,
    announcementMatches,
  ]);
  onStop(() => invalidation.stop());

  const announcementRows = new BatchedReads<AnnouncementItem>({
    read: (station, ids) =>
      database.withStation(station, (tx) => announcementsByIds(tx, station, ids)),
    // Half the pool, so the matches and the first pages still find connections.
    concurrency: Math.max(1, Math.floor(config.DATABASE_MAX_CONNECTIONS / 2)),
    maxIds: ANNOUNCEMENT_ROWS_PER_READ,
  });

  const deps: PublicityDeps = {
    database,
    bus,
    config,
    namespace: config.BUS_NAMESPACE,
    afterCommit: () => relay.wake(),
    announcementPages,
    announcementMatches,
    announcementRows,
    publicChanged: (station) => invalidation.changed(station),
    now,
  };

  await app.register(publicityPlugin, { deps });
  await app.register(authPlugin, { keys: keys ?? remoteKeys(config.IDENTITY_JWKS_URL) });
  await app.register(multipart, {
    limits: { fileSize: config.ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 },
  });

  await app.register(noticeRoutes);
  await app.register(attachmentRoutes);
  await app.register(entryRoutes);
  await app.register(announcementRoutes);
  await app.register(statisticsRoutes);
  await app.register(profileRoutes);

  const stationSync = startPublicityStationSync(deps, app.log);
  const announcementConsumer = startAnnouncementConsumer(deps, app.log);
  app.decorate('stationSync', stationSync);
  app.decorate('announcementConsumer', announcementConsumer);
  onStop(() => stationSync.stop());
  onStop(() => announcementConsumer.stop());
  start();
  return app;
}
