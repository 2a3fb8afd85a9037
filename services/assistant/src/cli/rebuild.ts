/**
 * `pnpm --filter @hall/assistant rebuild`: empty the index, delete the feed's durable consumers
 * and resync every station from the catalog. The running service notices its consumers are gone,
 * creates them again and replays the whole events stream (the FAQs, and whatever changed since),
 * so the index ends as a fresh start would build it.
 */
import { clearIndex, dropFeedConsumers } from '../nats/rebuild';
import { resyncStations } from '../nats/resync';
import { openCommand, print } from './runtime';

const command = await openCommand();
try {
  await clearIndex(command.deps.database);
  await dropFeedConsumers(command.deps.bus);
  print('index emptied; the service replays the events stream');
  const reports = await resyncStations(command.deps);
  const listed = reports.reduce((n, r) => n + r.listed, 0);
  print(`resynced ${reports.length} stations from the catalog: ${listed} items`);
} finally {
  await command.close();
}
