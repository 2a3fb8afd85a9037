/** What the seeding command lines share: the service's config and database, and arguments. */
import { fileURLToPath } from 'node:url';
import { configOrExit, Database } from '@hall/platform';
import { catalogConfig, type CatalogConfig } from '../../config';

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * The service's own configuration (DATABASE_URL, or PGLITE_DATA_DIR for embedded PGlite). The
 * seed talks to no NATS server (events wait in the outbox for the service's relay), so a
 * missing NATS_URL gets the local default instead of refusing to run.
 */
export function seedConfig(): CatalogConfig {
  return configOrExit(() => catalogConfig({ NATS_URL: 'nats://127.0.0.1:4222', ...process.env }));
}

/** The catalog database, migrated, as the service opens it. */
export function openCatalogDatabase(config: CatalogConfig): Promise<Database> {
  return Database.open({
    url: config.DATABASE_URL,
    dataDir: config.PGLITE_DATA_DIR ?? '.data/pglite/catalog',
    migrationsFolder,
    appRole: config.DATABASE_APP_ROLE,
    maxConnections: 4,
  });
}

/** `--name value` / `--name=value` arguments; `--flag` alone is 'true'. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--'))
      args.set(name, argv[++i]!);
    else args.set(name, 'true');
  }
  return args;
}

/** A comma-separated `--stations` list, or undefined for all. */
export function stationList(value: string | undefined): string[] | undefined {
  if (!value || value === 'all') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
