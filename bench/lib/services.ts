import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BackingServices {
  pgUrl: string;
  natsUrl: string;
}

/** `export KEY=value` lines, as `tools/services up` writes them to .data/services/env. */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

function fromEnv(env: Record<string, string | undefined>): BackingServices | null {
  const pgUrl = env.HALL_TEST_PG_URL;
  const natsUrl = env.HALL_TEST_NATS_URL;
  return pgUrl && natsUrl ? { pgUrl, natsUrl } : null;
}

/**
 * The test PostgreSQL and NATS of `tools/services`. Already exported in the environment
 * (HALL_TEST_PG_URL, HALL_TEST_NATS_URL): used as they are. Otherwise `tools/services up`
 * starts them, or finds them running (it is idempotent), and writes .data/services/env.
 */
export function backingServices(root: string): BackingServices {
  const given = fromEnv(process.env);
  if (given) return given;
  const up = spawnSync(join(root, 'tools/services'), ['up'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (up.status !== 0) {
    throw new Error(`tools/services up failed (exit ${String(up.status ?? up.signal)})`);
  }
  const written = fromEnv(parseEnv(readFileSync(join(root, '.data/services/env'), 'utf8')));
  if (!written) throw new Error('.data/services/env lacks HALL_TEST_PG_URL / HALL_TEST_NATS_URL');
  return written;
}

/**
 * The pid of the NATS server `tools/services` runs (its pid file), for the CPU it spends on a
 * scenario's events; null when the server is not that one (HALL_TEST_NATS_URL elsewhere).
 */
export function natsServerPid(root: string): number | null {
  try {
    const pid = Number(readFileSync(join(root, '.data/services/nats/nats.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`) ? pid : null;
  } catch {
    return null;
  }
}
