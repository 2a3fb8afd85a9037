/**
 * The announcements bench's data, the SQL its bare baseline replays, and the event-to-visible
 * lag of a submission burst.
 *
 * - **Data**: ≥ 1,000,000 办件公告 rows over the 42 stations, written straight into the read
 *   model (multi-row `insert … select from unnest(…)` as the owner, 10,000 rows a statement) in
 *   the database `hall_bench_publicity` of the test PostgreSQL, kept between runs (generated
 *   only when it holds fewer rows). cq gets a quarter of them, the other stations share the
 *   rest. Each station's items and departments are the catalog seed's (realistic names, Zipf-like
 *   popularity); submissions spread over the year to 2026-11-30 (Asia/Shanghai); 90% accepted
 *   a working day or two later, 70% completed, 40% evaluated. The departments and daily
 *   statistics are then derived by the service's own `recomputeDerived`.
 * - **Statements**: captured with a query logger around the service's own `listAnnouncements`,
 *   so the bare baseline runs exactly the same text with the same parameters, issuing together
 *   what the service issues together.
 * - **Lag**: ApplicationSubmitted events of cq published straight to the service's stream (as
 *   the outbox relay does) at a steady rate, their submission time after every generated one;
 *   one poller reads the public list's first page every 25 ms; an event's lag is the time its
 *   serial is first seen minus its `Hall-Occurred-At`.
 */
import { createRequire } from 'node:module';
import type * as Protobuf from '../../services/publicity/node_modules/@bufbuild/protobuf';
import { pathToFileURL } from 'node:url';
import { BusHeaders, connectBus, toMsgHdrs } from '@hall/platform';
import { departmentsFor } from '@hall/catalog/src/db/seed/data/departments';
import { seedItemsFor } from '@hall/catalog/src/db/seed/data';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import { createHash } from 'node:crypto';
import {
  ApplicantType,
  ApplicationSubmittedSchema,
} from '../../proto/gen/hall/submissions/v1/submissions_events_pb';
import { buildApp as buildPublicity, migrationsFolder } from '../../services/publicity/src/app';
import { publicityConfig } from '../../services/publicity/src/config';
import { stations } from '../../services/publicity/src/db/schema';
import { listAnnouncements } from '../../services/publicity/src/domain/announcement-list';
import { recomputeDerived } from '../../services/publicity/src/domain/announcement-store';
import type { AnnouncementFilters } from '../../services/publicity/src/domain/announcement-list';
import registry from '../../services/identity/src/db/stations.json' with { type: 'json' };
import { benchDatabase, openCapturingDatabase } from './capture';
import { vocabulary } from './catalog';
import { buildMix, seededRandom, zipf, type Mix } from './mix';

const DATABASE = 'hall_bench_publicity';
export const DEFAULT_ANNOUNCEMENTS = 1_000_000;
/** The station every benchmarked request reads (the bare-sql server's transaction acts for it). */
export const STATION = 'cq';
/** The last generated submission day; the burst's submissions come after it. */
const LAST_DAY = Date.parse('2026-11-30T23:59:59+08:00');
const YEAR_MS = 365 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** Serials of the lag burst start with this (no division code does), so they can be removed. */
const BURST_PREFIX = '999999';
/** The one item every application of the burst is for (removed with them). */
const BURST_ITEM = stableId('bench/burst-item');

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** protobuf-es as the publicity service loads it (the bench does not depend on it itself). */
async function protobuf(): Promise<typeof Protobuf> {
  const fromPublicity = createRequire(
    new URL('../../services/publicity/package.json', import.meta.url),
  );
  return (await import(
    pathToFileURL(fromPublicity.resolve('@bufbuild/protobuf')).href
  )) as typeof Protobuf;
}

interface StationEntry {
  key: string;
  name: string;
  division_code: string | null;
}
const STATIONS: StationEntry[] = registry.stations;

export interface PreparedAnnouncements {
  databaseUrl: string;
  rows: number;
  /** Seconds the generation took in this run (0 when the kept data sufficed). */
  generatedSeconds: number;
  mixes: Mix[];
}

/** A stable UUID-shaped id for a department or item of the generated data. */
function stableId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Catalogue {
  items: {
    name: string;
    itemId: string;
    departmentId: string;
    departmentName: string;
  }[];
  /** Cumulative Zipf-like weights over `items`. */
  cumulative: number[];
}

/**
 * A station's items with their departments: the catalog seed's where it has some (cq and three
 * districts); elsewhere the district template's items, each under this station's department of
 * the same function.
 */
function catalogueOf(station: string): Catalogue {
  const own = seedItemsFor(station);
  const template = own.length > 0 ? station : 'jiangbei';
  const templateDepartments = new Map(departmentsFor(template).map((d) => [d.code, d]));
  const stationDepartments = departmentsFor(station);
  const departmentOf = (code: string) => {
    const original = templateDepartments.get(code);
    if (template === station && original) return original;
    const key = original?.keys[0];
    return stationDepartments.find((d) => key && d.keys.includes(key)) ?? stationDepartments[0]!;
  };
  const items = seedItemsFor(template).map((i) => {
    const department = departmentOf(i.departmentCode);
    return {
      name: i.definition.name,
      itemId: stableId(`${station}/item/${i.definition.name}`),
      departmentId: stableId(`${station}/${department.code}`),
      departmentName: department.name,
    };
  });
  // Which items are popular differs from station to station.
  const order = seededRandom(`items/${station}`);
  const shuffled = items
    .map((item) => ({ item, key: order() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
  let sum = 0;
  const cumulative = shuffled.map((_, i) => (sum += 1 / (i + 1)));
  return { items: shuffled, cumulative: cumulative.map((c) => c / sum) };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const UNIT_SUFFIXES = ['有限公司', '有限责任公司', '股份有限公司', '合作社', '中心'];

/** Generate `count` rows into the owner's connection, station by station; returns rows written. */
async function generate(
  owner: postgres.Sql,
  count: number,
  log: (line: string) => void,
): Promise<number> {
  const list = STATIONS;
  const cqShare = Math.round(count / 4);
  const perOther = Math.ceil((count - cqShare) / (list.length - 1));
  let written = 0;
  let sequence = 0;
  for (const station of list) {
    const wanted = station.key === 'cq' ? cqShare : perOther;
    const catalogue = catalogueOf(station.key);
    const next = seededRandom(`announcements/${station.key}`);
    const prefix = station.division_code ?? `5009${String(list.indexOf(station)).padStart(2, '0')}`;
    const perDay = new Map<string, number>();
    for (let start = 0; start < wanted; start += 10_000) {
      const n = Math.min(10_000, wanted - start);
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const r = next();
        const found = catalogue.cumulative.findIndex((c) => c >= r);
        const item = catalogue.items[found < 0 ? catalogue.items.length - 1 : found]!;
        const submitted = LAST_DAY - Math.floor(next() * YEAR_MS);
        const day = new Date(submitted + 8 * 3600 * 1000)
          .toISOString()
          .slice(0, 10)
          .replace(/-/g, '');
        const seq = (perDay.get(day) ?? 0) + 1;
        perDay.set(day, seq);
        const unit = next() < 0.2;
        const fate = next();
        const accepted = fate < 0.9 ? submitted + Math.floor((1 + next()) * DAY_MS) : null;
        const completed =
          fate < 0.7 && accepted ? accepted + Math.floor((2 + next() * 15) * DAY_MS) : null;
        const evaluated = fate < 0.4 && completed ? completed + Math.floor(next() * DAY_MS) : null;
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
        rows.push({
          application_id: uuidv7(),
          station: station.key,
          serial: `${prefix}${day}${String(seq).padStart(6, '0')}`,
          item_id: item.itemId,
          item_name: item.name,
          department_id: item.departmentId,
          department_name: item.departmentName,
          applicant_type: unit ? 'unit' : 'person',
          applicant_masked: unit
            ? `重庆某某${UNIT_SUFFIXES[Math.floor(next() * UNIT_SUFFIXES.length)]}`
            : `${SURNAMES[Math.floor(next() * SURNAMES.length)]}${'*'.repeat(1 + Math.floor(next() * 2))}`,
          state: completed
            ? 'completed'
            : accepted
              ? 'accepted'
              : fate < 0.95
                ? 'submitted'
                : 'not_accepted',
          submitted_at: iso(submitted),
          accepted_at: iso(accepted),
          completed_at: iso(completed),
          outcome: completed ? (next() < 0.95 ? 'approved' : 'not_approved') : null,
          on_time: completed ? next() < 0.92 : null,
          evaluation_level: evaluated ? 5 - Math.floor(next() ** 2 * 5) : null,
          evaluated_at: iso(evaluated),
          version_at: iso(completed ?? accepted ?? submitted),
          version_seq: ++sequence,
        });
      }
      await owner`
        insert into announcements
        select * from jsonb_populate_recordset(null::announcements, ${owner.json(rows as never)})`;
      written += n;
    }
    log(`announcements: ${station.key} ${wanted} rows (${written} so far)`);
  }
  return written;
}

/**
 * The bench's read model (generated when it holds fewer than `rows` rows) and the requests of
 * the group, each with the statements the service runs for it.
 */
export async function prepareAnnouncements(
  serverUrl: string,
  options: { rows?: number; sequence: number; log: (line: string) => void },
): Promise<PreparedAnnouncements> {
  const wanted = options.rows ?? DEFAULT_ANNOUNCEMENTS;
  const url = await benchDatabase(serverUrl, DATABASE);
  const { database, capture: captured } = await openCapturingDatabase(url, migrationsFolder);
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await database.transaction((tx) =>
      tx
        .insert(stations)
        .values(
          STATIONS.map((s, i) => ({
            key: s.key,
            name: s.name,
            enabled: true,
            sortOrder: i,
            updatedAt: new Date(0),
          })),
        )
        .onConflictDoNothing(),
    );
    // What an earlier run's burst left (it is removed after the burst; a crash could leave it),
    // and the items no announcement names any more — earlier versions of the burst gave every
    // event an item of its own and left them all, 1,000 a run, slowing every search for 教师.
    await owner`delete from announcements where serial like ${`${BURST_PREFIX}%`}`;
    await owner`
      delete from announcement_items i
      where not exists (select 1 from announcements a
                        where a.station = i.station and a.item_id = i.item_id)`;
    const count = async () =>
      Number((await owner`select count(*)::int as n from announcements`)[0]!.n as number);
    let rows = await count();
    let generatedSeconds = 0;
    if (rows < wanted) {
      options.log(
        `announcements: generating ${wanted - rows} rows (kept in ${DATABASE} for later runs)…`,
      );
      const started = Date.now();
      await generate(owner, wanted - rows, options.log);
      await database.withAllStations((tx) => recomputeDerived(tx));
      await owner`vacuum analyze`;
      generatedSeconds = (Date.now() - started) / 1000;
      options.log(`announcements: generated in ${generatedSeconds.toFixed(0)} s`);
      rows = await count();
    }

    // What citizens ask of 办件公告, five kinds of request, each a mix (see lib/mix.ts).
    const capture = (filters: AnnouncementFilters, page: number) => async () =>
      (
        await captured(() =>
          database.withStation(STATION, (tx) =>
            listAnnouncements(tx, STATION, filters, { page, pageSize: 20 }),
          ),
        )
      ).statements;
    const random = seededRandom('announcements/mixes');
    const mix = (
      id: string,
      description: string,
      draw: () => { filters: AnnouncementFilters; page: number },
    ) =>
      buildMix(id, description, options.sequence, () => {
        const { filters, page } = draw();
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(filters))
          if (value !== undefined) query.set(key, String(value));
        if (page > 1) query.set('page', String(page));
        const search = query.size ? `?${query}` : '';
        return {
          path: `/stations/${STATION}/announcements${search}`,
          capture: capture(filters, page),
        };
      });
    const departments = (
      await owner<{ id: string }[]>`
        select department_id as id from announcement_departments
        where station = ${STATION} order by department_id`
    ).map((r) => r.id);
    if (departments.length === 0)
      throw new Error('the bench read model has no announcements in cq');
    const words = vocabulary(
      (
        await owner<{ name: string }[]>`
          select item_name as name from announcements where station = ${STATION}
          group by item_name order by count(*) desc limit 500`
      ).map((r) => r.name),
      200,
    );
    const word = zipf(words.length, random);
    const firstPages = zipf(10, random);
    const uniform = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
    const started = Date.now();
    const mixes = [
      await mix('plain', 'pages 1–10 (Zipf: page 1 most), no filter', () => ({
        filters: {},
        page: firstPages() + 1,
      })),
      await mix('deep', 'pages 11–500 (rows 201–10,000) at random, no filter', () => ({
        filters: {},
        page: uniform(11, 500),
      })),
      await mix(
        'department',
        `受理部门 (any of ${departments.length}) + 受理日期 one month of 2026`,
        () => {
          const month = String(uniform(1, 11)).padStart(2, '0');
          const last = new Date(Date.UTC(2026, Number(month), 0)).getUTCDate();
          return {
            filters: {
              department: departments[uniform(0, departments.length - 1)]!,
              from: `2026-${month}-01`,
              to: `2026-${month}-${last}`,
            },
            page: 1,
          };
        },
      ),
      await mix('keyword', "keyword: 200 words of cq's item names by Zipf", () => ({
        filters: { q: words[word()]! },
        page: 1,
      })),
      await mix('keyword-deep', 'the same keywords, pages 2–50 at random', () => ({
        filters: { q: words[word()]! },
        page: uniform(2, 50),
      })),
    ];
    options.log(
      `announcements: ${mixes.reduce((n, m) => n + m.distinct, 0)} distinct requests captured in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { databaseUrl: url, rows, generatedSeconds, mixes };
  } finally {
    await owner.end({ timeout: 5 });
    await database.close();
  }
}

export interface LagResult {
  events: number;
  seen: number;
  ratePerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Time from the last publish until every event was visible, in ms. */
  drainMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Publish `rate` ApplicationSubmitted events a second for `seconds` to the service's namespace
 * and measure each one's event-to-visible lag through the public list; the burst's rows are
 * removed afterwards.
 */
export async function measureLag(options: {
  natsUrl: string;
  namespace: string;
  serviceUrl: string;
  databaseUrl: string;
  rate: number;
  seconds: number;
}): Promise<LagResult> {
  const { create, toBinary } = await protobuf();
  const bus = await connectBus({
    url: options.natsUrl,
    name: 'bench-lag',
    namespace: options.namespace,
    logger: quiet,
  });
  const occurred = new Map<string, number>();
  const lags: number[] = [];
  const [department] = await (async () => {
    const owner = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      return await owner<{ id: string; name: string }[]>`
        select department_id as id, department_name as name from announcement_departments
        where station = ${STATION} limit 1`;
    } finally {
      await owner.end({ timeout: 5 });
    }
  })();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const res = await fetch(
        `${options.serviceUrl}/stations/${STATION}/announcements?pageSize=50`,
      );
      const now = Date.now();
      const page = (await res.json()) as { items: { serial: string }[] };
      for (const { serial } of page.items) {
        const at = occurred.get(serial);
        if (at !== undefined) {
          lags.push(now - at);
          occurred.delete(serial);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const total = options.rate * options.seconds;
  const started = Date.now();
  try {
    for (let i = 0; i < total; i++) {
      // A steady rate: each event at its own time from the start, whatever publishing took.
      const due = started + (i * 1000) / options.rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const serial = `${BURST_PREFIX}20261231${String(i).padStart(8, '0')}`;
      const message = create(ApplicationSubmittedSchema, {
        application: {
          applicationId: uuidv7(),
          station: STATION,
          serial,
          itemId: BURST_ITEM,
          itemVersion: 1,
          itemName: '中等及中等以上学校教师资格认定',
          departmentId: department!.id,
          departmentName: department!.name,
          applicantType: ApplicantType.PERSON,
          applicantMasked: '王*',
        },
        submittedAt: { seconds: BigInt(Date.parse('2026-12-31T09:00:00+08:00') / 1000 + i) },
        resubmission: false,
      });
      const at = new Date();
      occurred.set(serial, at.getTime());
      await bus.js.publish(
        bus.subjects.event(STATION, 'submissions', 'application_submitted'),
        toBinary(ApplicationSubmittedSchema, message),
        {
          msgID: uuidv7(),
          headers: toMsgHdrs({
            [BusHeaders.eventType]: ApplicationSubmittedSchema.typeName,
            [BusHeaders.station]: STATION,
            [BusHeaders.occurredAt]: at.toISOString(),
          }),
        },
      );
    }
    const published = Date.now();
    const deadline = published + 60_000;
    while (occurred.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const drainMs = Date.now() - published;
    polling = false;
    await poller;
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      events: total,
      seen: lags.length,
      ratePerSecond: options.rate,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      drainMs,
    };
  } finally {
    polling = false;
    await poller.catch(() => {});
    await bus.close();
    // The burst's rows and what they added to the statistics (2026-12-31 holds nothing else).
    const owner = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await owner`delete from announcements where serial like ${`${BURST_PREFIX}%`}`;
      await owner`delete from announcement_items where item_id = ${BURST_ITEM}`;
      await owner`delete from daily_statistics where station = ${STATION} and day = '2026-12-31'`;
    } finally {
      await owner.end({ timeout: 5 });
    }
  }
}

/**
 * The real publicity service as production builds it, on the bench's read model and a private
 * namespace (where `measureLag` publishes); the namespace's stream is removed on close.
 */
export async function publicityServer(
  databaseUrl: string,
  natsUrl: string,
  namespace: string,
  env: Record<string, string>,
): Promise<{ app: Awaited<ReturnType<typeof buildPublicity>>; close(): Promise<void> }> {
  const app = await buildPublicity({
    config: publicityConfig({
      ...env,
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      BUS_NAMESPACE: namespace,
    }),
  });
  return {
    app,
    async close() {
      await app.close();
      const bus = await connectBus({
        url: natsUrl,
        name: 'bench-cleanup',
        namespace,
        logger: quiet,
      });
      try {
        await bus.jsm.streams.delete(bus.subjects.stream).catch(() => false);
      } finally {
        await bus.close();
      }
    },
  };
}
