/**
 * The submit bench's data and the SQL its bare baseline replays.
 *
 * - A real item version: the catalog's own seed (`seedCatalog`, station cq) on a fresh database,
 *   served for the preparation by the catalog's own `get_item` RPC code; the item is
 *   中等及中等以上学校教师资格认定 (a 12-field business form with an ID-number, a mobile and a
 *   region field; eight materials: seven 必要 uploads and one 容缺后补).
 * - Two submissions databases, migrated by the service's migrations: one for the service, one for
 *   the bare baseline. In each, one complete draft is made through the service's own domain
 *   functions (`createDraft`, `saveDraft`: basic data and answers sealed, the materials'
 *   provisions carrying the FileInfo snapshots of a `get_owned_files` reply); the drafts the load
 *   consumes are bulk copies of it (`insert … select` as the owner), one per request, each with
 *   a fresh id and one of 1,000 applicants.
 * - The statements one submit runs are captured with a query logger around the service's own
 *   `submitApplication` (the route builds the receipt from what it read), in its units of work; the
 *   template's ids, serial and time are marked as slots the bare server fills per request.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectBus, Database, HallError, type Bus } from '@hall/platform';
import { createTestDatabase, testNamespace } from '@hall/platform/testing';
import { seedCatalog } from '@hall/catalog/src/db/seed/catalog';
import { stations as catalogStations } from '@hall/catalog/src/db/schema';
import { catalogConfig } from '@hall/catalog/src/config';
import { serveCatalogRpc } from '@hall/catalog/src/nats/rpc';
import { stationMessage, type StationRow } from '@hall/identity/src/domain/stations';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '../../proto/gen/hall/identity/v1/identity_rpc_pb';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
  type FileInfo,
} from '../../proto/gen/hall/materials/v1/materials_rpc_pb';
import { submissionsConfig } from '../../services/submissions/src/config';
import type { SubmissionsDeps } from '../../services/submissions/src/domain/deps';
import {
  createDraft,
  saveDraft,
  type MaterialPatch,
} from '../../services/submissions/src/domain/drafts';
import { ItemVersions, type ItemSnapshot } from '../../services/submissions/src/domain/items';
import { PersonalDataCipher } from '../../services/platform/src/personal-data';
import { upsertStations } from '../../services/submissions/src/domain/stations';
import { submitApplication } from '../../services/submissions/src/domain/submit';
import { statementRecorder } from './capture';
import { idNumber } from './people';
import type { ReplayParam, ReplayUnit } from './protocol';
import registry from '../../services/identity/src/db/stations.json' with { type: 'json' };

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const catalogMigrations = here('../../services/catalog/src/db/migrations');
const submissionsMigrations = here('../../services/submissions/src/db/migrations');

/** The item every draft applies for (cq's realistic seed). */
export const SUBMIT_ITEM = '中等及中等以上学校教师资格认定';
const STATION = 'cq';
const APP_ROLE = 'hall_app';
/** Applicants the drafts are spread over (each request carries its draft's applicant's token). */
const APPLICANTS = 1000;

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** 基本信息 of a person (valid GB 11643 number and mobile). */
const BASIC = {
  name: '王小明',
  idNumber: idNumber(700),
  contactName: '王小明',
  mobile: '13983001234',
  address: '重庆市渝中区解放碑街道民族路188号',
  postcode: '400010',
};

/** Answers to the teacher-qualification form (teacherQualificationForm of the catalog seed). */
const ANSWERS = {
  level: 'senior',
  subject: 'math',
  school: '西南大学',
  graduated: '2015-06-30',
  education: 'bachelor',
  major: '数学与应用数学',
  examCertificate: '2024500012345',
  mandarin: '2a',
  employer: '重庆市第一中学校',
  idNumber: idNumber(700),
  phone: '13983001234',
  region: '500103',
};

export interface SubmitDraft {
  id: string;
  applicant: string;
}

/** One side's drafts: its database and the drafts not yet handed to the load. */
export class DraftPool {
  private drafts: SubmitDraft[] = [];
  private taken = 0;
  /** Drafts the load has taken over the run (each is consumed by one request). */
  get used(): number {
    return this.taken;
  }

  constructor(
    readonly name: string,
    private readonly owner: postgres.Sql,
    private readonly template: string,
    private readonly columns: string[],
    private readonly applicants: string[],
  ) {}

  remaining(): number {
    return this.drafts.length - this.taken;
  }

  /** The next draft; undefined when the pool is exhausted (the request then fails: INVALID). */
  take(): SubmitDraft | undefined {
    const draft = this.drafts[this.taken];
    if (draft) this.taken += 1;
    return draft;
  }

  /** Copy the template `count` times (fresh ids, applicants in turn), as the owner. */
  async add(count: number): Promise<void> {
    const batch: SubmitDraft[] = [];
    for (let i = 0; i < count; i++) {
      const n = this.drafts.length + i;
      batch.push({ id: uuidv7(), applicant: this.applicants[n % this.applicants.length]! });
    }
    const cols = this.columns.map((c) => `"${c}"`).join(', ');
    const copied = this.columns.map((c) => `a."${c}"`).join(', ');
    for (let at = 0; at < batch.length; at += 5000) {
      const part = batch.slice(at, at + 5000);
      await this.owner.unsafe(
        `insert into applications (id, applicant_id, ${cols})
         select t.id, t.applicant, ${copied}
         from applications a, unnest($1::uuid[], $2::uuid[]) as t(id, applicant)
         where a.id = $3`,
        [part.map((d) => d.id), part.map((d) => d.applicant), this.template],
      );
    }
    this.drafts.push(...batch);
  }

  /** Make sure at least `count` drafts are left (called between slices, never during one). */
  async ensure(count: number): Promise<void> {
    const missing = count - this.remaining();
    if (missing > 0) await this.add(Math.max(missing, 1000));
  }

  /** Rows per state, and the events still in the outbox: the run's ground truth. */
  async census(): Promise<{ submitted: number; drafts: number; outbox: number }> {
    const [row] = await this.owner<{ submitted: number; drafts: number; outbox: number }[]>`
      select count(*) filter (where state = 'submitted')::int as submitted,
             count(*) filter (where state = 'draft')::int as drafts,
             (select count(*)::int from outbox) as outbox
      from applications`;
    return row!;
  }
}

export interface PreparedSubmit {
  namespace: string;
  dataKey: string;
  revision: number;
  applicants: string[];
  service: { url: string; name: string; pool: DraftPool };
  bare: { url: string; name: string; pool: DraftPool };
  /** The units of work of one submit, as captured; slots filled per request. */
  units: ReplayUnit[];
  /** Serial = prefix + day + the counter's value (the template's). */
  serial: { prefix: string; day: string };
  item: { name: string; fields: number; materials: number };
  /**
   * Wait (up to `timeoutMs`) until the service's outbox is empty; the events its relay has put
   * on the namespace's stream by then.
   */
  drainOutbox(timeoutMs: number): Promise<{ pending: number; ms: number; streamed: number }>;
  close(): Promise<void>;
}

/** The registry identity seeds, as identity's list_stations answers it. */
function registryStations() {
  return registry.stations.map((s, i) =>
    stationMessage({
      key: s.key,
      name: s.name,
      kind: s.kind,
      divisionCode: s.division_code,
      parent: s.parent,
      enabled: true,
      sortOrder: (i + 1) * 10,
      updatedAt: new Date(0),
    } as StationRow),
  );
}

/** The catalog's realistic seed of cq on a fresh database, and the item's id. */
async function seededCatalog(natsUrl: string, namespace: string) {
  const db = await createTestDatabase('bench_submit_catalog');
  const database = await Database.open({
    url: db.url,
    migrationsFolder: catalogMigrations,
    appRole: APP_ROLE,
    maxConnections: 2,
  });
  try {
    await database.transaction((tx) =>
      tx
        .insert(catalogStations)
        .values(
          registry.stations.map((s, i) => ({
            key: s.key,
            name: s.name,
            enabled: true,
            sortOrder: i,
            updatedAt: new Date(0),
          })),
        )
        .onConflictDoNothing(),
    );
    await seedCatalog(database, { namespace, stations: [STATION] });
    const owner = postgres(db.url, { max: 1, onnotice: () => {} });
    const [item] = await owner<{ id: string }[]>`
      select id from items where station = ${STATION} and name = ${SUBMIT_ITEM} and parent_id is null`;
    await owner.end();
    if (!item) throw new Error(`the catalog seed of ${STATION} has no item '${SUBMIT_ITEM}'`);
    const config = catalogConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      NATS_URL: natsUrl,
      BUS_NAMESPACE: namespace,
    });
    return { db, database, itemId: item.id, config };
  } catch (err) {
    await database.close();
    await db.drop();
    throw err;
  }
}

/** The stored files of the drafts' uploads, answered as materials' get_owned_files does. */
class Files {
  private readonly byId = new Map<string, { owner: string; info: FileInfo }>();

  add(owner: string, name: string, extension: string, size: number): string {
    const id = uuidv7();
    const mediaType =
      { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }[extension] ??
      'application/octet-stream';
    this.byId.set(id, {
      owner,
      info: {
        $typeName: 'hall.materials.v1.FileInfo',
        id,
        name: `${name}.${extension}`,
        mediaType,
        extension,
        size: BigInt(size),
        sha256: randomBytes(32).toString('hex'),
        uploadedAt: {
          $typeName: 'google.protobuf.Timestamp',
          seconds: BigInt(Math.floor(Date.now() / 1000)),
          nanos: 0,
        },
      },
    });
    return id;
  }

  serve(bus: Bus) {
    return bus.serve(
      'materials',
      'get_owned_files',
      GetOwnedFilesRequestSchema,
      GetOwnedFilesResponseSchema,
      async (req) => ({
        files: req.fileIds.map((id) => {
          const file = this.byId.get(id);
          if (!file || file.owner !== req.owner?.id) throw HallError.notFound('文件不存在');
          return file.info;
        }),
      }),
    );
  }
}

/**
 * The material provisions of a complete draft: a file for every 必要 本地上传 material (its first
 * allowed type, well under its size limit), 容缺后补 ones deferred, 非必要 ones left out.
 */
function provisions(item: ItemSnapshot, files: Files, owner: string): MaterialPatch[] {
  const out: MaterialPatch[] = [];
  for (const m of item.materials) {
    if (m.collection === 'window') continue;
    if (m.necessity === 'required') {
      const extension = m.fileTypes.includes('pdf')
        ? 'pdf'
        : m.fileTypes.includes('jpg')
          ? 'jpg'
          : m.fileTypes[0]!;
      const size = Math.min(m.maxSizeMb > 0 ? m.maxSizeMb * 1024 * 1024 - 1 : 800_000, 800_000);
      out.push({
        materialId: m.id,
        provision: 'upload',
        fileIds: [files.add(owner, m.name, extension, size)],
      });
    } else if (m.necessity === 'deferrable') {
      out.push({ materialId: m.id, provision: 'deferred' });
    }
  }
  return out;
}

/** A complete draft of `applicant`, made through the service's domain functions. */
async function completeDraft(
  deps: SubmissionsDeps,
  files: Files,
  itemId: string,
  applicant: string,
): Promise<{ id: string; revision: number }> {
  const who = { kind: 'person' as const, id: applicant };
  const draft = await createDraft(deps, who, STATION, itemId);
  const item = await deps.database.withStation(STATION, (tx) =>
    deps.itemVersions.load(tx, STATION, draft.item.id, draft.item.version),
  );
  const saved = await saveDraft(deps, who, draft.id, draft.revision, {
    step: 'materials',
    basic: BASIC,
    answers: ANSWERS,
    materials: provisions(item, files, applicant),
  });
  return { id: saved.id, revision: saved.revision };
}

/** The bench's submissions database: migrated, stations as identity announces them. */
async function submissionsDatabase(
  options: { queryLogger?: { logQuery(sql: string, params: unknown[]): void } } = {},
) {
  const db = await createTestDatabase('bench_submit');
  const database = await Database.open({
    url: db.url,
    migrationsFolder: submissionsMigrations,
    appRole: APP_ROLE,
    maxConnections: 4,
    ...(options.queryLogger ? { queryLogger: options.queryLogger } : {}),
  });
  await database.transaction((tx) => upsertStations(tx, registryStations()));
  return { db, database };
}

/** Is a value a UUID string? */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function prepareSubmit(options: {
  pgUrl: string;
  natsUrl: string;
  drafts: number;
  log: (line: string) => void;
}): Promise<PreparedSubmit> {
  // createTestDatabase reads the server from the environment, as in the tests.
  process.env.HALL_TEST_PG_URL = options.pgUrl;
  const namespace = testNamespace();
  const dataKey = randomBytes(32).toString('base64');
  const bus = await connectBus({
    url: options.natsUrl,
    name: 'bench-submit',
    namespace,
    logger: quiet,
  });
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  cleanups.push(async () => {
    await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
    await bus.close();
  });
  try {
    const started = Date.now();
    // identity's list_stations for the service's station sync at start (the registry as seeded).
    const stationsRpc = bus.serve(
      'identity',
      'list_stations',
      ListStationsRequestSchema,
      ListStationsResponseSchema,
      async () => ({ stations: registryStations() }),
    );
    cleanups.push(() => stationsRpc.stop());
    const files = new Files();
    const filesRpc = files.serve(bus);
    cleanups.push(() => filesRpc.stop());

    const catalog = await seededCatalog(options.natsUrl, namespace);
    cleanups.push(async () => {
      await catalog.database.close();
      await catalog.db.drop();
    });
    const catalogRpc = serveCatalogRpc(bus, { database: catalog.database });
    cleanups.push(() => Promise.all(catalogRpc.map((s) => s.stop())));

    // The capture: statements of the bare side's database, with their station settings (every
    // unit of work starts with its set_config) and batches.
    const recorder = statementRecorder({ withStationSetting: true });
    const service = await submissionsDatabase();
    cleanups.push(async () => {
      await service.database.close();
      await service.db.drop();
    });
    const bare = await submissionsDatabase({ queryLogger: recorder.queryLogger });
    cleanups.push(async () => {
      await bare.database.close();
      await bare.db.drop();
    });

    const config = submissionsConfig({
      NODE_ENV: 'production',
      DATABASE_URL: bare.db.url,
      NATS_URL: options.natsUrl,
      BUS_NAMESPACE: namespace,
      SUBMISSIONS_DATA_KEY: dataKey,
      PORTAL_PUBLIC_URL: 'https://hall.cq.gov.cn',
    });
    const cipher = new PersonalDataCipher(dataKey, 'submissions');
    const depsOf = (database: Database, now: () => Date = () => new Date()): SubmissionsDeps => ({
      database,
      bus,
      config,
      cipher,
      itemVersions: new ItemVersions(),
      namespace,
      afterCommit: () => {},
      now,
    });
    const applicants = Array.from({ length: APPLICANTS }, () => uuidv7());

    // One template draft per database; the load's drafts are copies of it.
    const pools: DraftPool[] = [];
    let revision = 0;
    for (const [name, side] of [
      ['service', service],
      ['bare', bare],
    ] as const) {
      const template = await completeDraft(depsOf(side.database), files, catalog.itemId, uuidv7());
      revision = template.revision;
      const owner = postgres(side.db.url, { max: 1, onnotice: () => {} });
      cleanups.push(() => owner.end({ timeout: 5 }));
      const columns = (
        await owner<{ name: string }[]>`
          select column_name as name from information_schema.columns
          where table_schema = 'public' and table_name = 'applications'
          order by ordinal_position`
      )
        .map((c) => c.name)
        .filter((c) => c !== 'id' && c !== 'applicant_id');
      const pool = new DraftPool(name, owner, template.id, columns, applicants);
      await pool.add(options.drafts);
      pools.push(pool);
    }
    const [servicePool, barePool] = pools as [DraftPool, DraftPool];

    // The capture: one more draft of the bare side, submitted as the route submits it.
    const applicant = uuidv7();
    const now = new Date();
    // Its item version is kept in memory while the draft is made, as the service keeps it after
    // its first submit: the capture is of a submit that does not read it.
    const captureDeps = depsOf(bare.database, () => now);
    const target = await completeDraft(captureDeps, files, catalog.itemId, applicant);
    const owner = postgres(bare.db.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => owner.end({ timeout: 5 }));
    const [{ n: outboxBefore } = { n: -1 }] = await owner<{ n: number }[]>`
      select count(*)::int as n from outbox`;
    if (outboxBefore !== 0)
      throw new Error(`the bare outbox holds ${outboxBefore} rows before the capture`);
    const who = { kind: 'person' as const, id: applicant };
    const {
      result: { row },
      statements: captured,
    } = await recorder.capture(() =>
      submitApplication(captureDeps, who, target.id, target.revision),
    );

    // What the template's request made fresh: the transition's and the events' ids.
    const fresh = new Set<string>([
      ...(
        await owner<
          { id: string }[]
        >`select id from transitions where application_id = ${target.id}`
      ).map((r) => r.id),
      ...(await owner<{ id: string }[]>`select id from outbox`).map((r) => r.id),
    ]);
    const serial = row.serial!;
    // Ids that are the same for every request (the item's, its department's) are kept as they are.
    const constantIds = new Set([catalog.itemId, row.departmentId]);
    const slots: Record<string, ReplayParam> = {
      [target.id]: { slot: 'id' },
      [applicant]: { slot: 'applicant' },
      [serial]: { slot: 'serial' },
      [now.toISOString()]: { slot: 'now' },
    };
    const param = (value: unknown): ReplayParam => {
      if (typeof value === 'string') {
        if (slots[value]) return slots[value]!;
        if (fresh.has(value)) return { slot: 'fresh' };
        if (UUID.test(value) && !constantIds.has(value))
          throw new Error(`the capture has an id the replay cannot place: ${value}`);
        return { value };
      }
      if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
      if (value instanceof Date)
        return slots[value.toISOString()] ?? { value: value.toISOString() };
      return { value };
    };
    const units: ReplayUnit[] = [];
    for (const s of captured) {
      if (s.sql.startsWith('select set_config(')) {
        const setting = String(s.params[1] ?? '');
        const current = units.at(-1);
        // Database.withLocatedStation: the same transaction, from every station to the one found.
        if (current?.setting === '*' && !current.rescope && current.statements.length > 0)
          current.rescope = { at: current.statements.length, setting };
        else units.push({ setting, writes: false, statements: [] });
        continue;
      }
      const unit = units.at(-1);
      if (!unit) throw new Error(`a statement outside any unit of work: ${s.sql}`);
      if (/^(insert|update|delete)\b/i.test(s.sql)) unit.writes = true;
      unit.statements.push({
        sql: s.sql,
        params: s.params.map(param),
        batch: s.batch,
        counter: s.sql.startsWith('insert into "serial_counters"'),
      });
    }
    if (!units.some((u) => u.statements.some((s) => s.counter)))
      throw new Error('the capture has no serial counter statement');
    const statementCount = units.reduce((n, u) => n + u.statements.length, 0);
    options.log(
      `submit: ${SUBMIT_ITEM} (${Object.keys(ANSWERS).length} form fields), ` +
        `${options.drafts} drafts on each side, ${units.length} units of work / ${statementCount} statements ` +
        `captured, prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    return {
      namespace,
      dataKey,
      revision,
      applicants,
      service: { url: service.db.url, name: service.db.name, pool: servicePool },
      bare: { url: bare.db.url, name: bare.db.name, pool: barePool },
      units,
      serial: { prefix: serial.slice(0, 6), day: serial.slice(6, 14) },
      item: {
        name: SUBMIT_ITEM,
        fields: Object.keys(ANSWERS).length,
        materials: row.materials.length,
      },
      async drainOutbox(timeoutMs) {
        const started = Date.now();
        let pending = (await servicePool.census()).outbox;
        while (pending > 0 && Date.now() - started < timeoutMs) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          pending = (await servicePool.census()).outbox;
        }
        const info = await bus.jsm.streams.info(bus.subjects.stream);
        return { pending, ms: Date.now() - started, streamed: info.state.messages };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
