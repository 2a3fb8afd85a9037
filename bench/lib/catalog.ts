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
import type { CapturedStatement } from './protocol';

const DATABASE = 'hall_bench_catalog';
const migrationsFolder = fileURLToPath(
  new URL('../../services/catalog/src/db/migrations', import.meta.url),
);
const stationsFile = fileURLToPath(
  new URL('../../services/identity/src/db/stations.json', import.meta.url),
);

export interface CatalogRequest {
  id: string;
  /** The service's URL path (and query) for it. */
  path: string;
  /** What the service runs for it inside its transaction (the set_config left out). */
  statements: CapturedStatement[];
  /** Items the request finds: the bench refuses to measure a request that finds nothing. */
  total: number;
}

export interface PreparedCatalog {
  databaseUrl: string;
  items: number;
  requests: CatalogRequest[];
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
  options: { perStation?: number; log: (line: string) => void },
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

      // The department with the most top-level published items of cq: a long, paged list.
      const [busiest] = await owner<{ id: string; n: number }[]>`
        select department_id as id, count(*)::int as n from items
        where station = 'cq' and status = 'published' and parent_id is null
        group by department_id order by n desc limit 1`;
      if (!busiest) throw new Error('the bench catalog has no published items in cq');

      const capture = async (id: string, path: string, filters: BrowseFilters) => {
        const { result: page, statements } = await captured(() =>
          database.withStation('cq', (tx) =>
            listItems(tx, 'cq', filters, { page: 1, pageSize: 20 }),
          ),
        );
        if (page.total === 0) throw new Error(`${id}: ${path} finds nothing`);
        return { id, path, statements, total: page.total };
      };
      const requests = [
        await capture('search', `/stations/cq/items?q=${encodeURIComponent('教师资格')}`, {
          q: '教师资格',
        }),
        await capture('department', `/stations/cq/items?department=${busiest.id}`, {
          department: busiest.id,
        }),
      ];
      return { databaseUrl: url, items, requests };
    } finally {
      await owner.end();
    }
  } finally {
    await database.close();
  }
}
