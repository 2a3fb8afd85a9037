import { fileURLToPath } from 'node:url';
import { Type } from 'typebox';
import { baseConfigSchema, configOrExit, loadConfig } from './config';
import { migrateServer } from './db/database';

/** Only what migrating needs: the Job that runs it holds no NATS address and no service secrets. */
const migrateConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  DATABASE_APP_ROLE: baseConfigSchema.properties.DATABASE_APP_ROLE,
});

/**
 * The body of every service's `migrate` entry (`node dist/migrate.js` in the image, the chart's
 * hook Job): the same role setup and migrations a replica runs at boot, under the same advisory
 * lock, as the owner role of DATABASE_URL, and then the process ends. Running it again changes
 * nothing.
 */
export async function runMigrations(migrationsFolder: URL): Promise<void> {
  const config = configOrExit(() => loadConfig(migrateConfigSchema));
  await migrateServer(
    config.DATABASE_URL,
    fileURLToPath(migrationsFolder),
    config.DATABASE_APP_ROLE,
  );
}
