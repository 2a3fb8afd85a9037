import { Writable } from 'node:stream';
import { createApp, type HallApp } from '../src/app';
import { baseConfigSchema, loadConfig } from '../src/config';

/** The smallest environment a service boots with. */
export const minimalEnv = { NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'silent' };

export interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Log lines written by pino, parsed. */
export interface LogCapture {
  stream: Writable;
  lines: Array<Record<string, unknown>>;
  /** Everything written, as text, to search for leaks. */
  text(): string;
}

export function captureLogs(): LogCapture {
  let raw = '';
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = chunk.toString();
      raw += text;
      for (const line of text.split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { stream, lines, text: () => raw };
}

/** An app from createApp with a minimal configuration, closed at teardown. */
export async function testApp(
  t: Teardown,
  options: { env?: Record<string, string>; logs?: LogCapture } = {},
): Promise<HallApp> {
  const config = loadConfig(baseConfigSchema, { ...minimalEnv, ...options.env });
  const app = await createApp({
    service: 'platform-test',
    version: '0.0.0',
    description: 'platform tests',
    config,
    ...(options.logs ? { logStream: options.logs.stream } : {}),
  });
  t.teardown(() => app.close());
  return app;
}
