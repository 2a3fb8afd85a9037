/**
 * `pnpm --filter @hall/publicity rebuild-read-models [--from-scratch]`: rebuild 办件公告 and the statistics from the events stream
 * (domain/rebuild.ts), with the service's own configuration (DATABASE_URL or PGLITE_DATA_DIR,
 * NATS_URL, BUS_NAMESPACE). Replicas may keep running against PostgreSQL; an embedded PGlite
 * directory belongs to one process, so stop the service first.
 */
import { configOrExit, connectBus, connectCacheInvalidation, Database } from '@hall/platform';
import { migrationsFolder } from './app';
import { publicityConfig } from './config';
import { rebuildAnnouncements } from './domain/rebuild';

const fromScratch = process.argv.includes('--from-scratch');
const config = configOrExit(() => publicityConfig());
const logger = {
  info: () => {},
  warn: (o: unknown, m?: string) => console.error(m ?? o),
  error: (o: unknown, m?: string) => console.error(m ?? o),
};
const database = await Database.open({
  url: config.DATABASE_URL,
  dataDir: config.PGLITE_DATA_DIR ?? '.data/pglite/publicity',
  migrationsFolder,
  appRole: config.DATABASE_APP_ROLE,
});
const bus = await connectBus({
  url: config.NATS_URL,
  name: 'publicity-rebuild',
  namespace: config.BUS_NAMESPACE,
  logger,
});
try {
  const result = await rebuildAnnouncements(database, bus, {
    fromScratch,
    log: (line) => console.error(line),
  });
  // The running replicas' cached 办件公告 pages predate the rebuild.
  connectCacheInvalidation(bus, 'publicity', [], logger).changed();
  console.error(
    `rebuilt 办件公告 from ${result.events} events up to stream sequence ${result.lastSequence}: ` +
      `${result.applications} applications (${result.carriedOver} kept from before, their events ` +
      `no longer in the stream) in ${(result.milliseconds / 1000).toFixed(1)} s`,
  );
} finally {
  await bus.close();
  await database.close();
}
