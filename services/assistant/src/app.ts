import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import { createApp, openServiceRuntime, type HallApp, type StationSync } from '@hall/platform';
import type { AssistantConfig } from './config';
import type { AssistantDeps } from './domain/deps';
import { WordRarity } from './domain/rarity';
import { createIndexFeed } from './nats/feed';
import { startAssistantStationSync } from './nats/stations';
import { assistantPlugin } from './plugins/assistant';
import askRoutes from './routes/ask';

const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** The stations read model's sync with identity (tests wait for it). */
    stationSync: StationSync;
  }
}

export interface BuildOptions {
  config: AssistantConfig;
}

/** Build the Q&A robot: everything but listening. */
export async function buildApp({ config }: BuildOptions): Promise<HallApp> {
  const app = await createApp({
    service: 'assistant',
    version: '0.1.0',
    description:
      '问答机器人：按站点回答事项的材料、地点、时间、时限、收费与常见问题，链接到办事指南',
    config,
  });

  const { database, bus, onStop, start } = await openServiceRuntime(app, {
    service: 'assistant',
    config,
    migrationsFolder,
  });

  const deps: AssistantDeps = { database, bus, config, logger: app.log };
  const feed = createIndexFeed(deps);

  await app.register(assistantPlugin, { deps: { ...deps, feed, rarity: new WordRarity() } });
  await app.register(rateLimit, { global: false });
  await app.register(askRoutes);

  const stationSync = startAssistantStationSync(deps);
  app.decorate('stationSync', stationSync);
  onStop(() => stationSync.stop());
  onStop(() => feed.stop());
  feed.start();
  start();
  return app;
}
