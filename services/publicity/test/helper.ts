import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BusHeaders,
  connectBus,
  HallError,
  toMsgHdrs,
  type Bus,
  type HallApp,
  type StaffRole,
} from '@hall/platform';
import { createTestDatabase, testNamespace, testTokenSigner } from '@hall/platform/testing';
import {
  GetDepartmentRequestSchema,
  GetDepartmentResponseSchema,
} from '@hall/proto/hall/catalog/v1/catalog_rpc_pb';
import { StationKind, StationSchema, type Station } from '@hall/proto/hall/identity/v1/station_pb';
import {
  ApplicantType,
  ApplicationCompletedSchema,
  ApplicationEvaluatedSchema,
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
  type ApplicationRefSchema,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import type { LightMyRequestResponse } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app';
import { publicityConfig, type PublicityConfig } from '../src/config';
import { upsertStations } from '../src/domain/stations';

export { ownerSql, streamEvents, waitFor } from '@hall/platform/testing';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export type Auth = { authorization: string };

export interface Tokens {
  staff(station: string, roles: StaffRole[], id?: string): Promise<Auth & { id: string }>;
  person(): Promise<Auth>;
}

async function tokenSigner(): Promise<{ tokens: Tokens; keys: JWTVerifyGetKey }> {
  const { keys, sign } = await testTokenSigner();
  return {
    keys,
    tokens: {
      staff: async (station, roles, id = uuidv7()) => ({
        id,
        authorization: `Bearer ${await sign({ sub: id, typ: 'staff', stn: station, roles })}`,
      }),
      person: async () => ({
        authorization: `Bearer ${await sign({ sub: uuidv7(), typ: 'person' })}`,
      }),
    },
  };
}

/** The stations of the tests: wansheng is disabled. */
export const TEST_STATIONS = [
  { key: 'cq', name: '重庆市', enabled: true },
  { key: 'yuzhong', name: '渝中区', enabled: true },
  { key: 'jiangbei', name: '江北区', enabled: true },
  { key: 'wansheng', name: '万盛经开区', enabled: false },
];

export function stationMessage(s: (typeof TEST_STATIONS)[number]): Station {
  return create(StationSchema, {
    key: s.key,
    name: s.name,
    kind: s.key === 'cq' ? StationKind.MUNICIPALITY : StationKind.DISTRICT,
    enabled: s.enabled,
    sortOrder: 10,
    updatedAt: timestampFromDate(new Date()),
  });
}

/** A settable clock: real time until a test sets it. */
export class TestClock {
  private fixed: Date | null = null;
  now = (): Date => this.fixed ?? new Date();
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
}

export interface TestPublicity {
  app: HallApp;
  config: PublicityConfig;
  databaseUrl: string;
  namespace: string;
  tokens: Tokens;
  clock: TestClock;
  /** A bus on the namespace of the test: publish events, read the stream. */
  bus: Bus;
  /** Close the service (its consumers stop) and build it again on the same database and namespace. */
  restart(): Promise<void>;
  /** Close the service without building it again (restart() brings it back). */
  stop(): Promise<void>;
}

export interface BuildOptions {
  /** Join this namespace (where another service under test publishes); a private one otherwise. */
  namespace?: string;
  env?: Record<string, string>;
  /** Embedded PGlite in memory instead of the test PostgreSQL server. */
  pglite?: boolean;
}

/**
 * The publicity service on a fresh database of the test PostgreSQL and a NATS namespace, with
 * the stations read model filled directly (identity does not run here); everything closed and
 * dropped when the test ends.
 */
export async function buildTestPublicity(
  t: Test,
  options: BuildOptions = {},
): Promise<TestPublicity> {
  const namespace = options.namespace ?? testNamespace();
  const ownNamespace = options.namespace === undefined;
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('publicity');
  const { tokens, keys } = await tokenSigner();
  const clock = new TestClock();
  const config = publicityConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '6',
    NATS_URL: process.env.HALL_TEST_NATS_URL,
    BUS_NAMESPACE: namespace,
    // Far beyond any test's wait: a page shown after a change proves the change dropped it.
    PUBLICITY_CACHE_TTL_SECONDS: '3600',
    ...options.env,
  });
  const bus = await connectBus({
    url: config.NATS_URL,
    name: 'publicity-test',
    namespace,
    logger: quiet,
  });
  let app: HallApp | null = null;
  const build = async () => {
    app = await buildApp({ config, keys, now: clock.now });
  };
  t.teardown(async () => {
    await app?.close();
    if (ownNamespace) await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.close();
    await db.drop();
  });
  await build();
  await app!.database.transaction((tx) => upsertStations(tx, TEST_STATIONS.map(stationMessage)));
  const handle: TestPublicity = {
    get app() {
      if (!app) throw new Error('the publicity service is stopped');
      return app;
    },
    config,
    databaseUrl: db.url,
    namespace,
    tokens,
    clock,
    bus,
    async stop() {
      await app?.close();
      app = null;
    },
    async restart() {
      if (options.pglite) throw new Error('an in-memory PGlite does not survive a restart');
      await app?.close();
      await build();
    },
  };
  return handle;
}

/**
 * The catalog's get_department, served on the namespace from departments the test registers:
 * real protobuf replies, and not_found for an unknown id or another station's, as the catalog
 * answers.
 */
export function serveDepartments(
  t: Test,
  bus: Bus,
  departments: { id: string; station: string; name: string; enabled?: boolean }[],
): void {
  const server = bus.serve(
    'catalog',
    'get_department',
    GetDepartmentRequestSchema,
    GetDepartmentResponseSchema,
    async (req) => {
      const d = departments.find((x) => x.id === req.departmentId && x.station === req.station);
      if (!d) throw HallError.notFound('部门不存在');
      return {
        department: {
          id: d.id,
          station: d.station,
          code: 'TEST',
          name: d.name,
          sortOrder: 0,
          enabled: d.enabled ?? true,
        },
      };
    },
  );
  t.teardown(() => server.stop());
}

// ---------------------------------------------------------------- submissions events

export type RefInit = MessageInitShape<typeof ApplicationRefSchema>;

/** An application as submissions' events name it. */
export function applicationRef(overrides: Partial<RefInit> = {}): RefInit {
  return {
    applicationId: uuidv7(),
    station: 'yuzhong',
    serial: `500103${Date.now().toString().slice(-8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    itemId: uuidv7(),
    itemVersion: 1,
    itemName: '中等及中等以上学校教师资格认定',
    departmentId: '0197a000-0000-7000-8000-000000000001',
    departmentName: '渝中区教委',
    applicantType: ApplicantType.PERSON,
    applicantMasked: '张*',
    ...overrides,
  };
}

export interface PublishedEvent {
  id: string;
  seq: number;
}

/**
 * Publish one submissions event straight to the stream, as the outbox relay does (same
 * subject and headers), with the occurred time and event id the test chooses: to deliver
 * events late, out of order, or the same fact twice under two ids.
 */
export async function publishEvent<S extends DescMessage>(
  bus: Bus,
  event:
    | 'application_submitted'
    | 'application_state_changed'
    | 'application_completed'
    | 'application_evaluated',
  schema: S,
  message: MessageInitShape<S>,
  options: { station: string; occurredAt: Date; id?: string },
): Promise<PublishedEvent> {
  const id = options.id ?? uuidv7();
  const ack = await bus.js.publish(
    bus.subjects.event(options.station, 'submissions', event),
    toBinary(schema, create(schema, message)),
    {
      msgID: id,
      headers: toMsgHdrs({
        [BusHeaders.eventType]: schema.typeName,
        [BusHeaders.station]: options.station,
        [BusHeaders.occurredAt]: options.occurredAt.toISOString(),
      }),
    },
  );
  return { id, seq: ack.seq };
}

export const ts = timestampFromDate;

/** Shorthands for the four events 办件公告 reads. */
export const events = {
  submitted: (ref: RefInit, at: Date, resubmission = false) =>
    [
      'application_submitted',
      ApplicationSubmittedSchema,
      { application: ref, submittedAt: ts(at), resubmission },
    ] as const,
  changed: (ref: RefInit, from: number, to: number, action: string, at: Date, acceptedAt?: Date) =>
    [
      'application_state_changed',
      ApplicationStateChangedSchema,
      {
        application: ref,
        from,
        to,
        action,
        changedAt: ts(at),
        ...(acceptedAt ? { acceptedAt: ts(acceptedAt) } : {}),
      },
    ] as const,
  completed: (ref: RefInit, at: Date, acceptedAt: Date, onTime: boolean, outcome = 1) =>
    [
      'application_completed',
      ApplicationCompletedSchema,
      { application: ref, outcome, completedAt: ts(at), acceptedAt: ts(acceptedAt), onTime },
    ] as const,
  evaluated: (ref: RefInit, level: number, at: Date, anonymous = false) =>
    [
      'application_evaluated',
      ApplicationEvaluatedSchema,
      {
        application: anonymous ? { ...ref, applicantMasked: '' } : ref,
        level,
        indicators: {
          overall: level,
          efficiency: level,
          guideAccuracy: level,
          convenience: level,
          usability: level,
        },
        evaluatedAt: ts(at),
        anonymous,
      },
    ] as const,
};

// ---------------------------------------------------------------- HTTP

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** A problem+json answer with this status and code (and, when given, these field errors). */
export function expectProblem(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  fields?: Array<Partial<FieldError>>,
): void {
  t.equal(res.statusCode, status, `status ${status}: ${res.body.slice(0, 300)}`);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const problem = res.json<{ code: string; title: string; errors?: FieldError[] }>();
  t.equal(problem.code, code);
  t.match(problem.title, /[\u4e00-\u9fff]/, 'a Chinese title');
  if (fields) t.match(problem.errors, fields);
}

/** A multipart/form-data body with one file part. */
export function multipart(
  fileName: string,
  content: Buffer,
  contentType = 'application/octet-stream',
) {
  const boundary = `----hall${Date.now().toString(16)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.alloc(2000, 0x20),
  Buffer.from('%%EOF'),
]);
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100),
]);

/** Upload a file as `staff` of `station`; throws unless 201. */
export async function upload(
  app: HallApp,
  staff: Auth,
  station: string,
  fileName: string,
  content: Buffer,
): Promise<{ id: string; url: string; fileName: string; sha256: string; size: number }> {
  const body = multipart(fileName, content);
  const res = await app.inject({
    method: 'POST',
    url: `/admin/stations/${station}/attachments`,
    headers: { ...staff, ...body.headers },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json();
}
