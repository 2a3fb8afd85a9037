/**
 * The robot bench (`robot`): the Q&A robot's index filled with the scaled catalog, the
 * statements its answers run (captured, for the bare baseline), and the two servers.
 *
 * The index lives in `hall_bench_assistant` of the test PostgreSQL, kept between runs: every
 * published item of the catalog bench's database (`hall_bench_catalog`, lib/catalog.ts: the
 * scale generator's 2,400 items per station plus the realistic seed), indexed with the robot's
 * own `itemRow`/`itemVector`/`departmentVector` — what its consumers write for the same item
 * (the rebuild test of services/assistant proves events and these functions agree) — in bulk,
 * since 100,000 events and get_item calls would take far longer and measure nothing asked here.
 * The FAQs of the evaluation set are published to cq through `indexFaq`.
 *
 * The questions are the evaluation's questions of cq (services/assistant/eval/questions.json);
 * each one's statements are captured by running the robot's own `answerQuestion` with a query
 * logger, so the bare route replays exactly the SQL the service runs for it. Everything heavy
 * is imported inside the functions: the bare server loads no platform code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ItemDefinition } from '@hall/catalog/src/domain/definition';
import type { Database } from '@hall/platform';
import type { FastifyInstance } from 'fastify';
import { benchDatabase, openCapturingDatabase } from './capture';
import { BARE_SESSION, PREPARED, type CapturedStatement } from './protocol';

const DATABASE = 'hall_bench_assistant';
const assistantRoot = new URL('../../services/assistant/', import.meta.url);
const stationsFile = fileURLToPath(
  new URL('../../services/identity/src/db/stations.json', import.meta.url),
);

/** One question of the rotating set and the statements the robot runs to answer it. */
export interface RobotQuestion {
  question: string;
  /** The intent the robot answers it with (checked again over HTTP before the load). */
  intent: string;
  statements: CapturedStatement[];
}

export interface PreparedRobot {
  databaseUrl: string;
  /** Items in the index. */
  items: number;
  questions: RobotQuestion[];
}

interface EvalSet {
  faqs: Array<{ station: string; question: string; answer: string; departmentName: string }>;
  questions: Array<{ station: string; question: string }>;
}

function evalSet(): EvalSet {
  return JSON.parse(readFileSync(new URL('eval/questions.json', assistantRoot), 'utf8')) as EvalSet;
}

/** A stable UUID (version-5 layout) from a text: the same FAQ ids on every run. */
function stableUuid(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Fill the index from the catalog bench's database, station by station (when it has fewer items). */
async function fillIndex(
  database: Database,
  catalogUrl: string,
  log: (line: string) => void,
): Promise<void> {
  const { default: postgres } = await import('postgres');
  const { itemSummary, materialMessage } = await import('@hall/catalog/src/domain/events');
  const { departments, items } = await import('../../services/assistant/src/db/schema');
  const { departmentVector, itemRow, itemVector } =
    await import('../../services/assistant/src/domain/indexing');
  type Version = Parameters<typeof itemRow>[1];

  const catalog = postgres(catalogUrl, { max: 1, onnotice: () => {} });
  try {
    const stations = (
      await catalog<{ station: string }[]>`
        select distinct station from items where status = 'published' order by station`
    ).map((r) => r.station);
    const started = Date.now();
    let total = 0;
    for (const station of stations) {
      // The definition without what the index does not keep (the business form is the bulk).
      const rows = await catalog<
        Array<{ id: string; version: number; def: ItemDefinition; department: string }>
      >`
        select i.id, v.version, v.definition - 'form' - 'notice' - 'basis' - 'supervision' as def,
               d.name as department
        from items i
        join item_versions v on v.station = i.station and v.item_id = i.id and v.version = i.published_version
        join departments d on d.station = i.station and d.id = (v.definition->>'departmentId')::uuid
        where i.station = ${station} and i.status = 'published'`;
      // What catalog.get_item answers (itemForApplication): the same summary and materials.
      const indexed = rows.map((r) =>
        itemRow(station, {
          summary: itemSummary(station, r.id, r.version, r.def, r.department),
          materials: r.def.materials.map(materialMessage),
          guide: {
            conditions: r.def.conditions,
            process: r.def.process,
            location: r.def.location,
            hours: r.def.hours,
            consultation: r.def.consultation,
            feeCharged: r.def.fee.charged,
            feeStandard: r.def.fee.standard,
            visits: r.def.visits,
          },
        } as unknown as Version),
      );
      const children = new Map<string, Array<{ id: string; name: string }>>();
      for (const row of indexed)
        if (row.parentId)
          children.set(row.parentId, [
            ...(children.get(row.parentId) ?? []),
            { id: row.id, name: row.name },
          ]);
      const departmentNames = new Map(indexed.map((r) => [r.departmentId, r.departmentName]));
      await database.withStation(station, async (tx) => {
        for (let i = 0; i < indexed.length; i += 500)
          await tx.insert(items).values(
            indexed.slice(i, i + 500).map((row) => {
              const names = (children.get(row.id) ?? [])
                .sort((a, b) => (a.id < b.id ? -1 : 1))
                .map((c) => c.name);
              const vector = itemVector(
                {
                  name: row.name,
                  departmentName: row.departmentName,
                  conditions: row.guide.conditions,
                },
                names,
              );
              // The column is a tsvector: PostgreSQL reads the quoted literal as one.
              return { ...row, search: vector };
            }),
          );
        await tx.insert(departments).values(
          [...departmentNames].map(([id, name]) => ({
            id,
            station,
            name,
            enabled: true,
            search: departmentVector(name),
          })),
        );
      });
      total += indexed.length;
    }
    log(`robot: ${total} items indexed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await catalog.end({ timeout: 5 });
  }
}

export async function prepareRobot(
  serverUrl: string,
  options: { catalogUrl: string; log: (line: string) => void },
): Promise<PreparedRobot> {
  const { default: postgres } = await import('postgres');
  const { stations } = await import('../../services/assistant/src/db/schema');
  const { answerQuestion } = await import('../../services/assistant/src/domain/answers');
  const { indexFaq } = await import('../../services/assistant/src/domain/indexing');
  const { WordRarity } = await import('../../services/assistant/src/domain/rarity');

  const url = await benchDatabase(serverUrl, DATABASE);
  const { database, capture } = await openCapturingDatabase(
    url,
    fileURLToPath(new URL('src/db/migrations', assistantRoot)),
  );
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const registry = JSON.parse(readFileSync(stationsFile, 'utf8')) as
      Array<{ key: string; name: string }> | { stations: Array<{ key: string; name: string }> };
    const list = Array.isArray(registry) ? registry : registry.stations;
    await database.transaction((tx) =>
      tx
        .insert(stations)
        .values(
          list.map((s, i) => ({
            key: s.key,
            name: s.name,
            enabled: true,
            sortOrder: i,
            updatedAt: new Date(0),
          })),
        )
        .onConflictDoNothing(),
    );

    const count = async () =>
      Number((await owner`select count(*)::int as n from items`)[0]!.n as number);
    const catalog = postgres(options.catalogUrl, { max: 1, onnotice: () => {} });
    const [published] = await catalog<{ n: number }[]>`
      select count(*)::int as n from items where status = 'published'`.finally(() =>
      catalog.end({ timeout: 5 }),
    );
    if ((await count()) < published!.n) {
      options.log(
        `robot: indexing the bench catalog's ${published!.n} items (kept in ${DATABASE})…`,
      );
      await owner`truncate items, departments, faqs, retired`;
      await fillIndex(database, options.catalogUrl, options.log);
      await owner`vacuum analyze`;
    }
    const set = evalSet();
    const faqs = set.faqs.filter((f) => f.station === 'cq');
    await database.withStation('cq', async (tx) => {
      let sequence = 0;
      for (const faq of faqs)
        await indexFaq(
          tx,
          'cq',
          {
            id: stableUuid(faq.question),
            question: faq.question,
            answer: faq.answer,
            departmentId: null,
            departmentName: faq.departmentName,
          },
          (sequence += 1),
        );
    });

    // The words' counts are kept a minute: once counted, a question runs only its answer's SQL,
    // which is what the service runs under load.
    const rarity = new WordRarity();
    const asked = set.questions.filter((q) => q.station === 'cq');
    for (const { question } of asked) await answerQuestion(database, rarity, 'cq', question);
    const questions: RobotQuestion[] = [];
    for (const { question } of asked) {
      const { result: answer, statements } = await capture(() =>
        answerQuestion(database, rarity, 'cq', question),
      );
      questions.push({ question, intent: answer.intent, statements });
    }
    return { databaseUrl: url, items: await count(), questions };
  } finally {
    await owner.end({ timeout: 5 });
    await database.close();
  }
}

/** Consecutive statements of the same batch, in order. */
function batches<S extends { batch: number }>(statements: S[]): S[][] {
  const out: S[][] = [];
  for (const s of statements) {
    const last = out.at(-1);
    if (last && last[0]!.batch === s.batch) last.push(s);
    else out.push([s]);
  }
  return out;
}

/**
 * Baseline: plain Fastify, no logger; `POST /bare/ask` with `{ question }` runs the statements
 * the robot runs for that question, batch by batch, through postgres.js with the service's pool
 * size, and answers their rows as JSON. `/bare-tx/ask` runs them inside `begin … set_config …
 * commit`, the shape of `withStation` (attribution).
 */
export async function bareAskServer(
  databaseUrl: string,
  questions: Record<string, CapturedStatement[]>,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const { default: Fastify } = await import('fastify');
  const { default: postgres } = await import('postgres');
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {}, connection: BARE_SESSION });
  const app = Fastify();
  type Ask = { Body: { question?: string } };
  app.post<Ask>('/bare/ask', async (request, reply) => {
    const statements = questions[request.body.question ?? ''];
    if (!statements) return reply.code(404).send({ ok: false });
    const results: unknown[] = [];
    for (const group of batches(statements))
      results.push(
        ...(await Promise.all(group.map((s) => sql.unsafe(s.sql, s.params as never[], PREPARED)))),
      );
    return { results };
  });
  app.post<Ask>('/bare-tx/ask', async (request, reply) => {
    const statements = questions[request.body.question ?? ''];
    if (!statements) return reply.code(404).send({ ok: false });
    const results = await sql.begin(async (tx) => {
      await tx`select set_config('app.station', 'cq', true)`;
      const out: unknown[] = [];
      for (const group of batches(statements))
        out.push(
          ...(await Promise.all(group.map((s) => tx.unsafe(s.sql, s.params as never[], PREPARED)))),
        );
      return out;
    });
    return { results };
  });
  return {
    app,
    async close() {
      await app.close();
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * The real robot as production builds it, on the bench index and a private NATS namespace (its
 * consumers find an empty stream); the per-IP limit raised so the load is not answered 429 (the
 * limit still runs on every request). No identity runs: the stations are in the index already,
 * and the station sync keeps retrying quietly in the background.
 */
export async function assistantServer(
  databaseUrl: string,
  natsUrl: string,
  env: Record<string, string>,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const { connectBus } = await import('@hall/platform');
  const { testNamespace } = await import('@hall/platform/testing');
  const { buildApp } = await import('../../services/assistant/src/app');
  const { assistantConfig } = await import('../../services/assistant/src/config');
  const namespace = testNamespace();
  const app = await buildApp({
    config: assistantConfig({
      ...env,
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      BUS_NAMESPACE: namespace,
      ASSISTANT_RATE_LIMIT_PER_MINUTE: '1000000',
    }),
  });
  return {
    app,
    async close() {
      await app.close();
      const quiet = { info: () => {}, warn: () => {}, error: () => {} };
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
