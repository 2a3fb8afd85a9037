import type { FastifyInstance } from 'fastify';
import type { BaseConfig } from './config';
import { connectBus, type Bus } from './bus/bus';
import { pruneProcessedEvents } from './bus/consumer';
import { OutboxRelay } from './bus/outbox';
import { Database } from './db/database';
import { databasePlugin } from './plugins/database';
import { observeOutbox } from './plugins/outbox-metrics';

/** Processed event ids are kept longer than the stream keeps events (see pruneProcessedEvents). */
const PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface ServiceRuntimeOptions {
  /** The service's name: its NATS connection name and its PGlite folder under .data/pglite. */
  service: string;
  config: BaseConfig & { DATABASE_MAX_CONNECTIONS?: number };
  /** Folder of the service's committed drizzle migrations. */
  migrationsFolder: string;
}

/** What every service runs on: its database, the bus and the outbox relay between them. */
export interface ServiceRuntime {
  database: Database;
  bus: Bus;
  relay: OutboxRelay;
  /** Stops RPC servers and event consumers at shutdown, before the relay and the bus. */
  onStop(stop: () => Promise<unknown>): void;
  /** Starts relaying the outbox and pruning processed event ids: call once everything is built. */
  start(): void;
}

/**
 * Open a service's database (migrated, behind `app.database` and readiness), connect to NATS
 * (stream ensured, readiness), and set up the outbox relay (on /metrics). On close, in order:
 * stop taking work (what `onStop` registered), flush and stop the relay, close the bus — all in
 * preClose, before the database plugin's onClose disconnects.
 */
export async function openServiceRuntime(
  app: FastifyInstance,
  { service, config, migrationsFolder }: ServiceRuntimeOptions,
): Promise<ServiceRuntime> {
  const database = await Database.open({
    url: config.DATABASE_URL,
    dataDir: config.PGLITE_DATA_DIR ?? `.data/pglite/${service}`,
    migrationsFolder,
    appRole: config.DATABASE_APP_ROLE,
    ...(config.DATABASE_MAX_CONNECTIONS ? { maxConnections: config.DATABASE_MAX_CONNECTIONS } : {}),
  });
  let bus: Bus | undefined;
  try {
    bus = await connectBus({
      url: config.NATS_URL,
      name: service,
      namespace: config.BUS_NAMESPACE,
      streamReplicas: config.BUS_STREAM_REPLICAS,
      logger: app.log,
    });
    await bus.ensureStream();
  } catch (err) {
    // Nothing owns them yet: left open, the connections would keep the process (or a test) alive.
    await bus?.close().catch(() => {});
    await database.close();
    throw err;
  }
  await app.register(databasePlugin, { database });
  app.addReadinessCheck('nats', () => bus.ping());
  const relay = new OutboxRelay({ database, bus, logger: app.log });
  observeOutbox(app, relay);

  const stoppers: Array<() => Promise<unknown>> = [];
  let pruning: NodeJS.Timeout | null = null;
  app.addHook('preClose', async () => {
    if (pruning) clearInterval(pruning);
    await Promise.all(stoppers.map((stop) => stop()));
    await relay.stop();
    await bus.close();
  });

  return {
    database,
    bus,
    relay,
    onStop: (stop) => void stoppers.push(stop),
    start() {
      relay.start();
      pruning = setInterval(() => {
        pruneProcessedEvents(database.db).catch((err: unknown) =>
          app.log.warn({ err }, 'pruning processed events failed'),
        );
      }, PRUNE_INTERVAL_MS).unref();
    },
  };
}
