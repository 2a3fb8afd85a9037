import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SEED_STATIONS, seedItemsFor } from '@hall/catalog/src/db/seed/data';
import t from 'tap';
import { startEvalHall } from '../../eval/hall';
import { clearIndex } from '../../src/nats/rebuild';
import { ownerSql } from '../helper';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

t.test('resync and rebuild, as an operator runs them beside the service', async (t) => {
  const hall = await startEvalHall({ stations: ['yuzhong'] });
  t.teardown(() => hall.close());
  const owner = ownerSql(t, hall.assistantDatabaseUrl);
  const count = async () => Number((await owner`select count(*)::int as n from items`)[0]?.n);
  const expected = seedItemsFor('yuzhong').length;
  const command = (script: string, args: string[] = []) =>
    run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: hall.assistantDatabaseUrl,
        NATS_URL: process.env.HALL_TEST_NATS_URL ?? '',
        BUS_NAMESPACE: hall.namespace,
      },
    });

  const feed = hall.assistant.assistant.feed;
  await feed.stop();
  await clearIndex(hall.assistant.database);
  t.equal(await count(), 0, 'the index is lost');
  const resync = await command('resync', ['--station', 'yuzhong']);
  t.match(resync.stdout, `yuzhong: ${expected} listed, ${expected} indexed, 0 withdrawn`);
  t.equal(await count(), expected, 'resync brought every item back');
  feed.start();
  await hall.caughtUp();

  const rebuild = await command('rebuild');
  t.match(rebuild.stdout, 'index emptied');
  t.match(
    rebuild.stdout,
    `resynced ${SEED_STATIONS.length} stations from the catalog: ${expected} items`,
    'every enabled station',
  );
  await hall.caughtUp();
  t.equal(await count(), expected, 'the service replayed the stream on top');
  t.equal(
    Number(
      (
        await owner`select count(*)::int as n from processed_events where consumer = 'assistant-item-published'`
      )[0]?.n,
    ),
    expected,
    'every publication handled again by the recreated consumer',
  );
});
