import { runMigrations } from '@hall/platform';

await runMigrations(new URL('./db/migrations', import.meta.url));
