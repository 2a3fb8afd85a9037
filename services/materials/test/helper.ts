import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connectBus, type Bus, type HallApp, type StaffRole } from '@hall/platform';
import { createTestDatabase, testNamespace, testTokenSigner } from '@hall/platform/testing';

export { ownerSql, streamEvents, waitFor, type StreamEvent } from '@hall/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app';
import { materialsConfig, type MaterialsConfig } from '../src/config';
import { multipart, type Part } from './fixtures';

export const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A signed-in caller: its id and the headers that carry its token. */
export interface Caller {
  id: string;
  kind: 'person' | 'unit' | 'staff' | 'operator';
  headers: { authorization: string };
}

export interface TokenSigner {
  person(): Promise<Caller>;
  unit(): Promise<Caller>;
  staff(station: string, roles?: StaffRole[]): Promise<Caller>;
  operator(): Promise<Caller>;
  /** A token that expired a minute ago. */
  expired(): Promise<Caller>;
}

async function tokenSigner(): Promise<{ signer: TokenSigner; keys: JWTVerifyGetKey }> {
  const { keys, sign } = await testTokenSigner();
  const caller = async (
    kind: Caller['kind'],
    extra: Record<string, unknown> = {},
    ttlSeconds = 600,
  ): Promise<Caller> => {
    const id = uuidv7();
    const token = await sign({ sub: id, typ: kind, ...extra }, ttlSeconds);
    return { id, kind, headers: { authorization: `Bearer ${token}` } };
  };
  return {
    keys,
    signer: {
      person: () => caller('person'),
      unit: () => caller('unit'),
      staff: (station, roles = ['clerk']) => caller('staff', { stn: station, roles }),
      operator: () => caller('operator'),
      expired: () => caller('person', {}, -60),
    },
  };
}

export interface TestMaterials {
  app: HallApp;
  config: MaterialsConfig;
  databaseUrl: string;
  tokens: TokenSigner;
  /** The fs backend's folder (a private temp dir). */
  storageDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
}

export interface BuildOptions {
  now?: () => Date;
  /** Embedded PGlite in memory instead of the test PostgreSQL server. */
  pglite?: boolean;
}

/**
 * The materials service on a fresh database of the test PostgreSQL, a private NATS namespace
 * and a private storage folder (or object store bucket), logging at debug level into `logs`;
 * everything removed when the test ends.
 */
export async function buildTestMaterials(
  t: Test,
  env: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<TestMaterials> {
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('materials');
  const storageDir = await mkdtemp(join(tmpdir(), 'hall-materials-'));
  const { signer, keys } = await tokenSigner();
  const namespace = env.BUS_NAMESPACE ?? testNamespace();
  const config = materialsConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '5',
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: namespace,
    MATERIALS_STORAGE_DIR: storageDir,
    MATERIALS_BUCKET: `materials_${namespace}`,
    MATERIALS_LINK_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let app: HallApp;
  try {
    app = await buildApp({ config, keys, logStream, ...(options.now ? { now: options.now } : {}) });
  } catch (err) {
    await db.drop();
    await rm(storageDir, { recursive: true, force: true });
    throw err;
  }
  t.teardown(async () => {
    await app.close();
    await db.drop();
    await rm(storageDir, { recursive: true, force: true });
    await dropStreams(config);
  });
  return { app, config, databaseUrl: db.url, tokens: signer, storageDir, logs };
}

/** The namespace's events stream and the object store bucket, if the test made them. */
async function dropStreams(config: MaterialsConfig): Promise<void> {
  const bus = await connectBus({
    url: config.NATS_URL,
    name: 'materials-test-cleanup',
    namespace: config.BUS_NAMESPACE,
    logger: quiet,
  });
  try {
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.jsm.streams.delete(`OBJ_${config.MATERIALS_BUCKET}`).catch(() => false);
  } finally {
    await bus.close();
  }
}

/** A bus on the app's namespace, closed at teardown. */
export async function testBus(
  t: Test,
  config: Pick<MaterialsConfig, 'NATS_URL' | 'BUS_NAMESPACE'>,
  name = 'materials-test',
): Promise<Bus> {
  const bus = await connectBus({
    url: config.NATS_URL,
    name,
    namespace: config.BUS_NAMESPACE,
    logger: quiet,
  });
  t.teardown(() => bus.close());
  return bus;
}

// ---------------------------------------------------------------- HTTP

export interface UploadInput {
  filename: string;
  content: Buffer;
  /** Extra parts, e.g. a `name` field; placed after the file unless `fieldsFirst`. */
  fields?: Record<string, string>;
  fieldsFirst?: boolean;
  query?: Record<string, string | number>;
}

/** POST /files through inject with a multipart body. */
export function upload(
  app: HallApp,
  caller: Caller | null,
  input: UploadInput,
): Promise<LightMyRequestResponse> {
  const fields: Part[] = Object.entries(input.fields ?? {}).map(([name, content]) => ({
    name,
    content,
  }));
  const file: Part = { name: 'file', filename: input.filename, content: input.content };
  const { body, contentType } = multipart(
    input.fieldsFirst ? [...fields, file] : [file, ...fields],
  );
  const query = new URLSearchParams(
    Object.entries(input.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return app.inject({
    method: 'POST',
    url: `/files${query ? `?${query}` : ''}`,
    headers: { ...(caller?.headers ?? {}), 'content-type': contentType },
    payload: body,
  });
}

export interface FileInfoBody {
  id: string;
  name: string;
  mediaType: string;
  extension: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

/** Upload and expect 201; returns the FileInfo. */
export async function uploaded(
  t: Test,
  app: HallApp,
  caller: Caller,
  input: UploadInput,
): Promise<FileInfoBody> {
  const res = await upload(app, caller, input);
  if (res.statusCode !== 201) throw new Error(`upload ${res.statusCode}: ${res.body}`);
  return res.json<FileInfoBody>();
}

/** POST /files/:id/links for `caller`. */
export function link(app: HallApp, caller: Caller, id: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/files/${id}/links`, headers: caller.headers });
}

// ---------------------------------------------------------------- assertions

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
}

/** Asserts an RFC 9457 problem+json response with the given status and code; returns the body. */
export function expectProblem(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
): ProblemBody {
  t.equal(res.statusCode, status, `status ${status} (${res.body.slice(0, 300)})`);
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json');
  const body = res.json<ProblemBody>();
  t.equal(body.code, code, `code ${code}`);
  t.ok(/\p{Script=Han}/u.test(body.title), 'a Chinese title');
  return body;
}
