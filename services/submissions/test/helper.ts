import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { connectBus, HallError, type Bus, type HallApp, type StaffRole } from '@hall/platform';
import { createTestDatabase, testNamespace, testTokenSigner } from '@hall/platform/testing';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
  type FileInfo,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import { StationKind, StationSchema, type Station } from '@hall/proto/hall/identity/v1/station_pb';
import { buildTestCatalog, type TestCatalog } from '@hall/catalog/test/helper';
import type { JWTVerifyGetKey } from 'jose';
import type { Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app';
import { submissionsConfig, type SubmissionsConfig } from '../src/config';
import { upsertStations } from '../src/domain/stations';

export { expectProblem, expectValidation } from '@hall/catalog/test/helper';
export { ownerSql, streamEvents, waitFor } from '@hall/platform/testing';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export type Auth = { authorization: string };

/** A signed-in citizen: the account id and the header to send. */
export interface Citizen {
  kind: 'person' | 'unit';
  id: string;
  auth: Auth;
}

export interface Staff {
  id: string;
  auth: Auth;
}

export interface Tokens {
  person(id?: string): Promise<Citizen>;
  unit(id?: string): Promise<Citizen>;
  staff(
    station: string,
    roles: StaffRole[],
    options?: { id?: string; department?: string },
  ): Promise<Staff>;
  operator(): Promise<Auth>;
}

async function tokenSigner(): Promise<{ tokens: Tokens; keys: JWTVerifyGetKey }> {
  const { keys, sign } = await testTokenSigner();
  const citizen = async (kind: 'person' | 'unit', id = uuidv7()): Promise<Citizen> => ({
    kind,
    id,
    auth: { authorization: `Bearer ${await sign({ sub: id, typ: kind })}` },
  });
  return {
    keys,
    tokens: {
      person: (id) => citizen('person', id),
      unit: (id) => citizen('unit', id),
      staff: async (station, roles, options = {}) => {
        const id = options.id ?? uuidv7();
        const claims = {
          sub: id,
          typ: 'staff',
          stn: station,
          roles,
          ...(options.department ? { dept: options.department } : {}),
        };
        return { id, auth: { authorization: `Bearer ${await sign(claims)}` } };
      },
      operator: async () => ({
        authorization: `Bearer ${await sign({ sub: uuidv7(), typ: 'operator' })}`,
      }),
    },
  };
}

/** The stations of the tests: wansheng is disabled; liangjiang and wansheng have no division code. */
export const TEST_STATIONS: Array<{
  key: string;
  name: string;
  enabled: boolean;
  divisionCode?: string;
}> = [
  { key: 'cq', name: '重庆市', enabled: true, divisionCode: '500000' },
  { key: 'yuzhong', name: '渝中区', enabled: true, divisionCode: '500103' },
  { key: 'jiangbei', name: '江北区', enabled: true, divisionCode: '500105' },
  { key: 'liangjiang', name: '两江新区', enabled: true },
  { key: 'wansheng', name: '万盛经开区', enabled: false },
];

export function stationMessage(s: (typeof TEST_STATIONS)[number], updatedAt = new Date()): Station {
  return create(StationSchema, {
    key: s.key,
    name: s.name,
    kind: s.divisionCode ? StationKind.DISTRICT : StationKind.SPECIAL_ZONE,
    ...(s.divisionCode ? { divisionCode: s.divisionCode } : {}),
    ...(s.key === 'cq' ? {} : { parent: 'cq' }),
    enabled: s.enabled,
    sortOrder: 10,
    updatedAt: timestampFromDate(updatedAt),
  });
}

/**
 * The materials service's get_owned_files, served on the test namespace from files the test
 * registers: the replies are real FileInfo messages, and another owner's or an unknown id
 * gets not_found exactly as the materials service answers it.
 */
export class FakeMaterials {
  private readonly files = new Map<
    string,
    { ownerKind: string; ownerId: string; info: FileInfo }
  >();
  calls = 0;
  private gate: Promise<void> | null = null;
  private arrived: (() => void) | null = null;

  constructor(readonly bus: Bus) {}

  /**
   * Hold the next replies until `release()`: `reached` resolves once a request is waiting, so a
   * test can act while another request sits between its checks and its write.
   */
  hold(): { reached: Promise<void>; release: () => void } {
    let release: () => void = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = null;
        resolve();
      };
    });
    const reached = new Promise<void>((resolve) => {
      this.arrived = resolve;
    });
    return { reached, release };
  }

  serve(): { stop(): Promise<void> } {
    return this.bus.serve(
      'materials',
      'get_owned_files',
      GetOwnedFilesRequestSchema,
      GetOwnedFilesResponseSchema,
      async (req) => {
        this.calls++;
        this.arrived?.();
        if (this.gate) await this.gate;
        const files = req.fileIds.map((id) => {
          const file = this.files.get(id);
          if (!file || file.ownerKind !== req.owner?.kind || file.ownerId !== req.owner.id)
            throw HallError.notFound('文件不存在');
          return file.info;
        });
        return { files };
      },
    );
  }

  /** A stored file of `owner`: `name` decides the extension; `size` in bytes. */
  add(owner: { kind: string; id: string }, name: string, size = 200_000): string {
    const id = uuidv7();
    const extension = name.split('.').pop()!.toLowerCase();
    const mediaType =
      { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }[extension] ??
      'application/octet-stream';
    this.files.set(id, {
      ownerKind: owner.kind,
      ownerId: owner.id,
      info: {
        $typeName: 'hall.materials.v1.FileInfo',
        id,
        name,
        mediaType,
        extension,
        size: BigInt(size),
        sha256: randomBytes(32).toString('hex'),
        uploadedAt: timestampFromDate(new Date()),
      },
    });
    return id;
  }
}

/** A settable clock: real time until a test sets it. */
export class TestClock {
  private fixed: Date | null = null;
  now = (): Date => this.fixed ?? new Date();
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
  advance(ms: number): void {
    this.fixed = new Date(this.now().getTime() + ms);
  }
}

export interface TestHall {
  app: HallApp;
  config: SubmissionsConfig;
  databaseUrl: string;
  tokens: Tokens;
  catalog: TestCatalog;
  materials: FakeMaterials;
  clock: TestClock;
  /** A bus on the namespace of the test, for reading the stream. */
  bus: Bus;
}

export interface BuildOptions {
  env?: Record<string, string>;
  /** Another NATS server (fault tests start their own). */
  natsUrl?: string;
  /** Leave the stations read model empty. */
  noStations?: boolean;
  /** The test runs the real materials service on the namespace: serve no fake. */
  realMaterials?: boolean;
  /** Embedded PGlite in memory instead of the test PostgreSQL server. */
  pglite?: boolean;
}

export const TEST_DATA_KEY = randomBytes(32).toString('base64');

/**
 * The submissions service on a fresh database of the test PostgreSQL and a private NATS
 * namespace, next to a real catalog on the same namespace and a fake materials RPC; everything
 * closed and dropped when the test ends.
 */
export async function buildTestHall(t: Test, options: BuildOptions = {}): Promise<TestHall> {
  const namespace = testNamespace();
  const natsUrl = options.natsUrl ?? process.env.HALL_TEST_NATS_URL ?? '';
  // Registered before the catalog's teardown, and dropping the stream itself at the end, so the
  // namespace's stream is gone afterwards whichever order teardowns run in.
  let close = async (): Promise<void> => {};
  t.teardown(() => close());
  const catalog = await buildTestCatalog(
    t,
    { BUS_NAMESPACE: namespace, NATS_URL: natsUrl },
    {
      stations: TEST_STATIONS.map((s, i) => ({
        key: s.key,
        name: s.name,
        enabled: s.enabled,
        sortOrder: i * 10,
      })),
    },
  );
  const db = options.pglite
    ? { url: '', drop: async () => {} }
    : await createTestDatabase('submissions');
  const { tokens, keys } = await tokenSigner();
  const clock = new TestClock();
  const config = submissionsConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(options.pglite ? { PGLITE_DATA_DIR: 'memory://' } : { DATABASE_URL: db.url }),
    DATABASE_MAX_CONNECTIONS: '8',
    NATS_URL: natsUrl,
    BUS_NAMESPACE: namespace,
    SUBMISSIONS_DATA_KEY: TEST_DATA_KEY,
    PORTAL_PUBLIC_URL: 'https://hall.example.cn',
    ...options.env,
  });
  let app: HallApp;
  try {
    app = await buildApp({ config, keys, now: clock.now });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const bus = await connectBus({
    url: natsUrl,
    name: 'submissions-test',
    namespace,
    logger: quiet,
    reconnectTimeWaitMs: 200,
  });
  const materials = new FakeMaterials(bus);
  const server = options.realMaterials ? { stop: async () => {} } : materials.serve();
  close = async () => {
    await server.stop();
    await app.close();
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.close();
    await db.drop();
  };
  if (!options.noStations)
    await app.database.transaction((tx) =>
      upsertStations(
        tx,
        TEST_STATIONS.map((s) => stationMessage(s)),
      ),
    );
  return { app, config, databaseUrl: db.url, tokens, catalog, materials, clock, bus };
}
