import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import { authPlugin, createApp, openServiceRuntime, type HallApp } from '@hall/platform';
import type { IdentityConfig } from './config';
import type { IdentityDeps } from './domain/deps';
import { PersonalDataCipher } from '@hall/platform';
import { SigningKeys } from './domain/signing-keys';
import { bootstrapOperator } from './domain/staff';
import { seedStations } from './domain/stations';
import { consumeAuditEvents } from './nats/audit-consumer';
import { serveIdentityRpc } from './nats/rpc';
import { identityPlugin } from './plugins/identity';
import accountRoutes from './routes/accounts';
import auditRoutes from './routes/audit';
import keysRoutes from './routes/keys';
import meRoutes from './routes/me';
import passwordResetRoutes from './routes/password-reset';
import sessionRoutes from './routes/sessions';
import staffRoutes from './routes/staff';
import stationRoutes from './routes/stations';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

export interface BuildOptions {
  config: IdentityConfig;
  /** Private signing keys; read from IDENTITY_SIGNING_KEYS_FILE when not given. */
  keys?: SigningKeys;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** Build the identity service: everything but listening. */
export async function buildApp({
  config,
  keys,
  now = () => new Date(),
}: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'identity',
    version: '0.1.0',
    description: '账号、登录、令牌、密保、个人资料、工作人员与角色、站点登记、安全审计',
    config,
  });

  const { database, bus, relay, onStop, start } = await openServiceRuntime(app, {
    service: 'identity',
    config,
    migrationsFolder,
  });

  const signingKeys = keys ?? (await SigningKeys.fromFile(config.IDENTITY_SIGNING_KEYS_FILE));
  const deps: IdentityDeps = {
    database,
    keys: signingKeys,
    cipher: new PersonalDataCipher(config.IDENTITY_DATA_KEY, 'identity'),
    config,
    namespace: config.BUS_NAMESPACE,
    afterCommit: () => relay.wake(),
    now,
  };

  await seedStations(deps);
  const bootstrap = await bootstrapOperator(deps);
  if (bootstrap === 'created')
    app.log.info('created the first platform operator from BOOTSTRAP_OPERATOR_USERNAME');

  await app.register(identityPlugin, { deps });
  await app.register(authPlugin, { keys: signingKeys.verificationKeys });
  await app.register(rateLimit, { global: false });

  await app.register(keysRoutes);
  await app.register(stationRoutes);
  await app.register(accountRoutes);
  await app.register(sessionRoutes);
  await app.register(meRoutes);
  await app.register(passwordResetRoutes);
  await app.register(staffRoutes);
  await app.register(auditRoutes);

  const rpc = serveIdentityRpc(bus, deps);
  const auditConsumer = consumeAuditEvents(bus, deps, app.log);
  onStop(() => Promise.all(rpc.map((server) => server.stop())));
  onStop(() => auditConsumer.stop());
  start();
  return app;
}
