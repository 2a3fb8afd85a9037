import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import {
  authPlugin,
  createApp,
  openServiceRuntime,
  remoteKeys,
  type CreateAppOptions,
  type HallApp,
} from '@hall/platform';
import type { JWTVerifyGetKey } from 'jose';
import type { MaterialsConfig } from './config';
import type { MaterialsDeps } from './domain/deps';
import { startSweeper } from './domain/sweep';
import { consumeFileGrants, consumeLetterGrants } from './nats/grants';
import { serveMaterialsRpc } from './nats/rpc';
import { materialsPlugin } from './plugins/materials';
import fileRoutes, { FORM_LIMITS } from './routes/files';
import libraryRoutes from './routes/library';
import { openStorage } from './storage';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

export interface BuildOptions {
  config: MaterialsConfig;
  /** Keys to verify access tokens with; identity's JWKS (IDENTITY_JWKS_URL) when not given. */
  keys?: JWTVerifyGetKey;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  /** Where log lines go (stdout by default); tests read them. */
  logStream?: CreateAppOptions['logStream'];
}

/** Build the materials service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
  logStream,
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'materials',
    version: '0.1.0',
    description: '申请材料：流式上传与类型识别、大小与配额、资料库、办件授权、短时下载链接',
    config,
    ...(logStream ? { logStream } : {}),
  });

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'materials',
    config,
    migrationsFolder,
  });
  const storage = await openStorage(config, bus);

  let linkSecret: Buffer;
  if (config.MATERIALS_LINK_SECRET) linkSecret = Buffer.from(config.MATERIALS_LINK_SECRET, 'utf8');
  else {
    linkSecret = randomBytes(32);
    app.log.warn(
      'MATERIALS_LINK_SECRET is not set: download links are signed with a per-process key and fail on other replicas',
    );
  }

  const deps: MaterialsDeps = {
    database,
    config,
    storage,
    bus,
    namespace: config.BUS_NAMESPACE,
    linkSecret,
    logger: app.log,
    afterCommit: () => relay.wake(),
    now,
  };
  const sweeper = startSweeper(deps);

  await app.register(materialsPlugin, { deps, sweeper });
  await app.register(authPlugin, { keys: keys ?? remoteKeys(config.IDENTITY_JWKS_URL) });
  await app.register(multipart, {
    limits: { fileSize: config.MATERIALS_MAX_FILE_BYTES, ...FORM_LIMITS },
    // A file over its limit ends truncated; the upload checks that and answers which limit.
    throwFileSizeLimit: false,
  });

  await app.register(fileRoutes);
  await app.register(libraryRoutes);

  const rpc = serveMaterialsRpc(deps);
  const grants = consumeFileGrants(deps);
  const letterGrants = consumeLetterGrants(deps);
  onStop(() => Promise.all(rpc.map((server) => server.stop())));
  onStop(() => grants.stop());
  onStop(() => letterGrants.stop());
  onStop(() => sweeper.stop());
  start();
  return app;
}
