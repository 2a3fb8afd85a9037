import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
  // Policies are part of the schema: drizzle-kit emits ENABLE ROW LEVEL SECURITY with them.
  entities: { roles: { provider: '' } },
});
