/**
 * The catalog bench's data and the SQL it replays. The catalog is filled to every station
 * (≥ 100,000 items, the scale generator of services/catalog) in a database of the test
 * PostgreSQL that is kept between runs (`hall_bench_catalog`; generated only when it has fewer
 * items than asked for). The statements the service runs for each benchmarked request are
 * captured by running the service's own data function with a query logger, so the bare
 * baseline replays exactly the same SQL text with the same parameters, issuing together what
 * the service issues together.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PER_STATION, scaleCatalog } from '@hall/catalog/src/db/seed/scale';
import { stations } from '@hall/catalog/src/db/schema';
import { listItems, type BrowseFilters } from '@hall/catalog/src/domain/browse';
import postgres from 'postgres';
import { benchDatabase, openCapturingDatabase } from './capture';
import { buildMix, seededRandom, zipf, type Mix } from './mix';

const DATABASE = 'hall_bench_catalog';
const migrationsFolder = fileURLToPath(
  new URL('../../services/catalog/src/db/migrations', import.meta.url),
);
const stationsFile = fileURLToPath(
  new URL('../../services/identity/src/db/stations.json', import.meta.url),
);

export interface PreparedCatalog {
  databaseUrl: string;
  items: number;
  mixes: Mix[];
}

/** The words of the item names, most frequent first (what citizens type into 输入关键字查询). */
export function vocabulary(names: string[], size: number): string[] {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const counts = new Map<string, number>();
  for (const name of names)
    for (const { segment, isWordLike } of segmenter.segment(name))
      if (isWordLike && segment.length >= 2) counts.set(segment, (counts.get(segment) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([word]) => word);
}

interface StationEntry {
  key: string;
  name: string;
}

/** The station keys and names of the registry identity seeds (stations.json). */
function registry(): StationEntry[] {
  const parsed = JSON.parse(readFileSync(stationsFile, 'utf8')) as
    StationEntry[] | { stations: StationEntry[] };
  return Array.isArray(parsed) ? parsed : parsed.stations;
}

export async function prepareCatalog(
  serverUrl: string,
  options: {
    perStation?: number;
    /** Requests in each mix's sequence; none: the database only (the robot's bench). */
    sequence?: number;
    log: (line: string) => void;
  },
): Promise<PreparedCatalog> {
  const perStation = options.perStation ?? DEFAULT_PER_STATION;
  const url = await benchDatabase(serverUrl, DATABASE);
  const { database, capture: captured } = await openCapturingDatabase(url, migrationsFolder);
  try {
    const all = registry();
    await database.transaction((tx) =>
      tx
        .insert(stations)
        .values(
          all.map((s, i) => ({
            key: s.key,
            name: s.name,
            enabled: true,
            sortOrder: i,
            updatedAt: new Date(0),
          })),
        )
        .onConflictDoNothing(),
    );

    const owner = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const count = async () =>
        Number((await owner`select count(*)::int as n from items`)[0]!.n as number);
      const wanted = perStation * all.length;
      if ((await count()) < wanted) {
        options.log(
          `catalog: generating ${perStation} items for each of ${all.length} stations (kept in ${DATABASE} for later runs)…`,
        );
        const result = await scaleCatalog(database, {
          namespace: 'bench',
          perStation,
          realistic: true,
        });
        options.log(
          `catalog: ${result.inserted} items generated in ${(result.milliseconds / 1000).toFixed(0)} s`,
        );
        await owner`vacuum analyze`;
      }
      const items = await count();

      if (!options.sequence) return { databaseUrl: url, items, mixes: [] };
      const sequenceLength = options.sequence;
      const started = Date.now();
      const capture = async (filters: BrowseFilters, page: number) =>
        (
          await captured(() =>
            database.withStation('cq', (tx) =>
              listItems(tx, 'cq', filters, { page, pageSize: 20 }),
            ),
          )
        ).statements;
      const mix = (
        id: string,
        description: string,
        draw: () => { filters: BrowseFilters; page: number },
      ) =>
        buildMix(id, description, sequenceLength, () => {
          const { filters, page } = draw();
          const query = new URLSearchParams();
          for (const [key, value] of Object.entries(filters))
            if (value !== undefined) query.set(key, String(value));
          if (page > 1) query.set('page', String(page));
          return { path: `/stations/cq/items?${query}`, capture: () => capture(filters, page) };
        });

      // 输入关键字查询: one of the 300 commonest words of cq's item names (Zipf: the commonest
      // asked most), or in one request of five two such words — nearly every pair is asked
      // once, the long tail no cache holds.
      const names = (
        await owner<{ name: string }[]>`
          select name from items where station = 'cq' and status = 'published'`
      ).map((r) => r.name);
      const words = vocabulary(names, 300);
      const random = seededRandom('catalog/mixes');
      const word = zipf(words.length, random);
      const search = await mix(
        'search',
        '输入关键字查询, 300 words by Zipf, 1 in 5 a pair',
        () => ({
          filters: {
            q: random() < 0.2 ? `${words[word()]} ${words[word()]}` : words[word()]!,
          },
          page: 1,
        }),
      );

      // 按部门: any department of cq, by its size; page 1 mostly, 2 or 3 sometimes, with
      // 仅显示可以在线申报事项 one time in three.
      const departmentSizes = await owner<{ id: string; n: number }[]>`
        select department_id as id, count(*)::int as n from items
        where station = 'cq' and status = 'published' and parent_id is null
        group by department_id order by n desc, department_id`;
      if (departmentSizes.length === 0)
        throw new Error('the bench catalog has no published items in cq');
      const totalItems = departmentSizes.reduce((n, d) => n + d.n, 0);
      const department = () => {
        let x = random() * totalItems;
        for (const d of departmentSizes) if ((x -= d.n) < 0) return d.id;
        return departmentSizes[0]!.id;
      };
      const departmentMix = await mix(
        'department',
        `按部门, ${departmentSizes.length} departments by size, pages 1–3, 1 in 3 仅显示可以在线申报事项`,
        () => {
          const r = random();
          return {
            filters: { department: department(), ...(random() < 1 / 3 ? { online: true } : {}) },
            page: r < 0.7 ? 1 : r < 0.9 ? 2 : 3,
          };
        },
      );
      options.log(
        `catalog: ${search.distinct + departmentMix.distinct} distinct requests captured in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return { databaseUrl: url, items, mixes: [search, departmentMix] };
    } finally {
      await owner.end();
    }
  } finally {
    await database.close();
  }
}
