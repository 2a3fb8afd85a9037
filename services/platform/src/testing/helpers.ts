import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import postgres from 'postgres';
import type { Bus } from '../bus';

/** What tests need of tap's `t` to clean up after themselves. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * SQL as the database owner (no row-level security): what is really stored, not what the app
 * chooses to show; closed at teardown.
 */
export function ownerSql(t: Teardown, url: string): postgres.Sql {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  t.teardown(() => sql.end({ timeout: 5 }));
  return sql;
}

export interface StreamEvent<T> {
  subject: string;
  type: string | undefined;
  station: string | undefined;
  message: T;
}

/** The events of `schema` on subjects starting with `prefix` in the namespace's stream, oldest first. */
export async function streamEvents<S extends DescMessage>(
  bus: Bus,
  schema: S,
  prefix = `${bus.namespace}.evt.`,
): Promise<StreamEvent<MessageShape<S>>[]> {
  const info = await bus.jsm.streams.info(bus.subjects.stream).catch(() => null);
  const out: StreamEvent<MessageShape<S>>[] = [];
  if (!info || info.state.messages === 0) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const msg = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq }).catch(() => null);
    if (!msg || !msg.subject.startsWith(prefix)) continue;
    if (msg.header.get('Hall-Event-Type') !== schema.typeName) continue;
    out.push({
      subject: msg.subject,
      type: msg.header.get('Hall-Event-Type'),
      station: msg.header.get('Hall-Station'),
      message: fromBinary(schema, msg.data),
    });
  }
  return out;
}

/** Polls `check` every 50 ms until it gives something truthy; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
