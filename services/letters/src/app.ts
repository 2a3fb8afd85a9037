import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import {
  authPlugin,
  createApp,
  openServiceRuntime,
  remoteKeys,
  type CreateAppOptions,
  type HallApp,
  type StationSync,
} from '@hall/platform';
import { calendarCovers } from '@hall/platform/calendar';
import type { JWTVerifyGetKey } from 'jose';
import type { LettersConfig } from './config';
import type { LettersDeps } from './domain/deps';
import { PersonalDataCipher } from '@hall/platform';
import { consumeDepartments } from './nats/departments';
import { serveLettersRpc } from './nats/rpc';
import { startLettersStationSync } from './nats/stations';
import { lettersPlugin } from './plugins/letters';
import adminRoutes from './routes/admin';
import faqRoutes from './routes/faqs';
import letterRoutes from './routes/letters';
import meRoutes from './routes/me';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** The stations read model's sync with identity (tests wait for it). */
    stationSync: StationSync;
  }
}

export interface BuildOptions {
  config: LettersConfig;
  /** Keys to verify access tokens with; identity's JWKS (IDENTITY_JWKS_URL) when not given. */
  keys?: JWTVerifyGetKey;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  /** Where log lines go (stdout by default); tests read them. */
  logStream?: CreateAppOptions['logStream'];
}

/** Build the letters service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
  logStream,
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'letters',
    version: '0.1.0',
    description:
      '信件：我要咨询、我要投诉、建议意见，受理编码，信件答复查询，我的咨询，信件办理与常见问题',
    config,
    ...(logStream ? { logStream } : {}),
  });
  const cipher = new PersonalDataCipher(config.LETTERS_DATA_KEY, 'letters');

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'letters',
    config,
    migrationsFolder,
  });

  const deps: LettersDeps = {
    database,
    bus,
    config,
    cipher,
    logger: app.log,
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

  await app.register(lettersPlugin, { deps });
  await app.register(authPlugin, { keys: keys ?? remoteKeys(config.IDENTITY_JWKS_URL) });
  await app.register(rateLimit, { global: false });

  await app.register(letterRoutes);
  await app.register(meRoutes);
  await app.register(faqRoutes);
  await app.register(adminRoutes);

  const stationSync = startLettersStationSync(deps);
  app.decorate('stationSync', stationSync);
  const departments = consumeDepartments(deps);
  onStop(() => stationSync.stop());
  onStop(() => departments.stop());
  const rpc = serveLettersRpc(bus, deps);
  onStop(() => Promise.all(rpc.map((server) => server.stop())));
  start();
  return app;
}
