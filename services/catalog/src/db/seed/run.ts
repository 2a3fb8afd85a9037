/**
 * `pnpm --filter @hall/catalog seed [-- --stations cq,yuzhong] [--departments-only]`: seed
 * every station's departments and the realistic items, through the domain functions.
 * Idempotent: run it again and only what is missing is added.
 */
import { seedCatalog } from './catalog';
import { openCatalogDatabase, parseArgs, print, seedConfig, stationList } from './cli';

const args = parseArgs(process.argv.slice(2));
const config = seedConfig();
const database = await openCatalogDatabase(config);
try {
  const started = Date.now();
  const stations = stationList(args.get('stations'));
  const results = await seedCatalog(database, {
    namespace: config.BUS_NAMESPACE,
    ...(stations ? { stations } : {}),
    items: args.get('departments-only') !== 'true',
  });
  const total = (key: 'departmentsCreated' | 'itemsCreated' | 'itemsExisting') =>
    results.reduce((sum, r) => sum + r[key], 0);
  for (const r of results.filter((r) => r.departmentsCreated + r.itemsCreated > 0))
    print(`${r.station}: +${r.departmentsCreated} departments, +${r.itemsCreated} items`);
  print(
    `seeded ${results.length} stations in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${total('departmentsCreated')} departments and ${total('itemsCreated')} items created, ` +
      `${total('itemsExisting')} items already there`,
  );
} finally {
  await database.close();
}
