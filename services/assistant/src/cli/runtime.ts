import { fileURLToPath } from 'node:url';
import { configOrExit, connectBus, Database, type BusLogger } from '@hall/platform';
import { assistantConfig } from '../config';
import type { AssistantDeps } from '../domain/deps';
import { startAssistantStationSync } from '../nats/stations';

const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));

/** A line for the operator at the terminal. */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const line = (obj: object, msg?: string) => `${msg ?? ''} ${JSON.stringify(obj)}\n`;
const logger: BusLogger = {
  info: (obj, msg) => process.stdout.write(line(obj, msg)),
  warn: (obj, msg) => process.stderr.write(line(obj, msg)),
  error: (obj, msg) => process.stderr.write(line(obj, msg)),
};

/**
 * The robot's database and bus for a command, configured like the service (DATABASE_URL or
 * PGLITE_DATA_DIR, NATS_URL, BUS_NAMESPACE), with the stations read model synced from identity
 * first. An embedded PGlite database can be opened by one process only: stop the service first.
 */
export async function openCommand(): Promise<{ deps: AssistantDeps; close(): Promise<void> }> {
  const config = configOrExit(() => assistantConfig());
  const database = await Database.open({
    url: config.DATABASE_URL,
    dataDir: config.PGLITE_DATA_DIR ?? '.data/pglite/assistant',
    migrationsFolder,
    appRole: config.DATABASE_APP_ROLE,
    maxConnections: 2,
  });
  const bus = await connectBus({
    url: config.NATS_URL,
    name: 'assistant-command',
    namespace: config.BUS_NAMESPACE,
    logger,
  });
  const deps: AssistantDeps = { database, bus, config, logger };
  const sync = startAssistantStationSync(deps, { maxRetryMs: 5000 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sync.synced,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('identity did not list the stations in 30 s')),
          30_000,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await sync.stop();
  }
  return {
    deps,
    async close() {
      await bus.close();
      await database.close();
    },
  };
}

/** `--station cq --station yuzhong` (or `--station cq,yuzhong`); undefined when none is given. */
export function stationsArgument(values: { station?: string[] | undefined }): string[] | undefined {
  const list = (values.station ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}
