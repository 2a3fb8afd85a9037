/**
 * `pnpm --filter @hall/assistant resync [--station cq]`: bring the index in line with what the
 * catalog publishes now (catalog.list_published_items + get_item) and the FAQs the letters
 * service shows (letters.list_published_faqs), for every enabled station or the ones given.
 * Safe while the service runs.
 */
import { parseArgs } from 'node:util';
import { resyncStations } from '../nats/resync';
import { openCommand, print, stationsArgument } from './runtime';

const { values } = parseArgs({ options: { station: { type: 'string', multiple: true } } });
const command = await openCommand();
try {
  const started = Date.now();
  const reports = await resyncStations(command.deps, stationsArgument(values));
  for (const r of reports)
    print(
      `${r.station}: ${r.listed} listed, ${r.indexed} indexed, ${r.withdrawn} withdrawn; ` +
        (r.faqsListed === null
          ? 'FAQs not resynced (letters did not answer)'
          : `${r.faqsListed} FAQs, ${r.faqsWithdrawn} withdrawn`),
    );
  print(`resynced ${reports.length} stations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await command.close();
}
