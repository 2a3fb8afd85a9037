/**
 * `pnpm --filter @hall/catalog seed:scale -- --per-station 2400 [--stations cq,yuzhong]
 * [--batch 500] [--no-realistic]`: fill every station with generated items for load tests.
 */
import { cpus } from 'node:os';
import { openCatalogDatabase, parseArgs, print, seedConfig, stationList } from './cli';
import { DEFAULT_PER_STATION, scaleCatalog } from './scale';

const args = parseArgs(process.argv.slice(2));
const perStation = Number(args.get('per-station') ?? DEFAULT_PER_STATION);
const batchSize = Number(args.get('batch') ?? 500);
if (
  !Number.isInteger(perStation) ||
  perStation < 0 ||
  !Number.isInteger(batchSize) ||
  batchSize < 1
) {
  console.error(
    'usage: seed:scale -- [--per-station N] [--stations a,b] [--batch N] [--no-realistic]',
  );
  process.exit(64);
}
const config = seedConfig();
const database = await openCatalogDatabase(config);
try {
  const stations = stationList(args.get('stations'));
  print(`generating ${perStation} items per station (${cpus().length} cores)…`);
  const result = await scaleCatalog(database, {
    namespace: config.BUS_NAMESPACE,
    perStation,
    batchSize,
    realistic: args.get('no-realistic') !== 'true',
    ...(stations ? { stations } : {}),
    onStation: (r) => print(`${r.station}: +${r.inserted} (${r.existing} already there)`),
  });
  print(
    `done in ${(result.milliseconds / 1000).toFixed(1)} s: ${result.inserted} items inserted, ` +
      `${result.existing} already there`,
  );
} finally {
  await database.close();
}
