import { ConfigError } from '@hall/platform';
import t from 'tap';
import { DEFAULT_STORAGE_DIR, materialsConfig } from '../src/config';

const base = { NATS_URL: 'nats://127.0.0.1:4222' };

t.test('defaults', async (t) => {
  const config = materialsConfig(base);
  t.match(config, {
    MATERIALS_PORT: 4003,
    MATERIALS_STORAGE: 'fs',
    MATERIALS_STORAGE_DIR: DEFAULT_STORAGE_DIR,
    MATERIALS_BUCKET: 'materials',
    MATERIALS_MAX_FILE_BYTES: 100 * 1024 * 1024,
    MATERIALS_QUOTA_BYTES: 200 * 1024 * 1024,
    MATERIALS_LINK_TTL_SECONDS: 300,
  });
  t.match(DEFAULT_STORAGE_DIR, /\/\.data\/materials$/, '.data/materials under the repo root');
});

t.test('bad values and a missing link secret in production refuse to boot', async (t) => {
  t.throws(() => materialsConfig({ ...base, MATERIALS_STORAGE: 's3' }), ConfigError);
  t.throws(
    () => materialsConfig({ ...base, MATERIALS_LINK_SECRET: 'short' }),
    /MATERIALS_LINK_SECRET/,
  );
  t.throws(() => materialsConfig({ ...base, MATERIALS_BUCKET: 'a.b' }), /MATERIALS_BUCKET/);
  t.throws(
    () => materialsConfig({ ...base, NODE_ENV: 'production' }),
    /MATERIALS_LINK_SECRET is required in production/,
  );
  t.ok(materialsConfig({ ...base, NODE_ENV: 'production', MATERIALS_LINK_SECRET: 'x'.repeat(32) }));
});
