import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import {
  authPlugin,
  createApp,
  openServiceRuntime,
  remoteKeys,
  type HallApp,
  type StationSync,
} from '@hall/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { SubmissionsConfig } from './config';
import { calendarCovers } from '@hall/platform/calendar';
import type { SubmissionsDeps } from './domain/deps';
import { ItemVersions } from './domain/items';
import { PersonalDataCipher } from '@hall/platform';
import { startSubmissionsStationSync } from './nats/stations';
import { submissionsPlugin } from './plugins/submissions';
import adminRoutes from './routes/admin';
import applicationRoutes from './routes/applications';
import progressRoutes from './routes/progress';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** The stations read model's sync with identity (tests wait for it). */
    stationSync: StationSync;
  }
}

export interface BuildOptions {
  config: SubmissionsConfig;
  /** Keys to verify access tokens with; identity's JWKS (IDENTITY_JWKS_URL) when not given. */
  keys?: JWTVerifyGetKey;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** Build the submissions service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'submissions',
    version: '0.1.0',
    description:
      '办件：在线申报、暂存、提交与申报告知单、补齐补正、重新申报、预审受理办结、好差评、进度查询',
    config,
  });
  const cipher = new PersonalDataCipher(config.SUBMISSIONS_DATA_KEY, 'submissions');

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'submissions',
    config,
    migrationsFolder,
  });

  const deps: SubmissionsDeps = {
    database,
    bus,
    config,
    cipher,
    itemVersions: new ItemVersions(),
    namespace: config.BUS_NAMESPACE,
    afterCommit: () => relay.wake(),
    now,
  };

  const nextYear = Number(now().toISOString().slice(0, 4)) + 1;
  if (!calendarCovers(nextYear))
    app.log.warn(
      { year: nextYear },
      'the working-day calendar has no holidays for next year: add them to services/platform/src/calendar.ts',
    );

  await app.register(submissionsPlugin, { deps });
  await app.register(authPlugin, { keys: keys ?? remoteKeys(config.IDENTITY_JWKS_URL) });
  await app.register(rateLimit, { global: false });

  await app.register(applicationRoutes);
  await app.register(adminRoutes);
  await app.register(progressRoutes);

  const stationSync = startSubmissionsStationSync(deps, app.log);
  app.decorate('stationSync', stationSync);
  onStop(() => stationSync.stop());
  start();
  return app;
}
