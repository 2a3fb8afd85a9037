import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { BusHeaders, toMsgHdrs } from '@hall/platform';
import { ChangeKind, StationChangedSchema } from '@hall/proto/hall/identity/v1/identity_events_pb';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import { StationKind, StationSchema } from '@hall/proto/hall/identity/v1/station_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildTestCatalog, testBus, waitFor } from '../helper';

const station = (key: string, name: string, enabled: boolean, updatedAt = new Date()) =>
  create(StationSchema, {
    key,
    name,
    kind: StationKind.DISTRICT,
    parent: 'cq',
    enabled,
    sortOrder: 10,
    updatedAt: timestampFromDate(updatedAt),
  });

t.test(
  'the stations read model syncs from identity at start, retrying until it answers',
  async (t) => {
    const { app, config } = await buildTestCatalog(t, {}, { stations: [] });
    const status = async (key: string) =>
      (await app.inject({ url: `/stations/${key}/departments` })).statusCode;
    t.equal(await status('yuzhong'), 404, 'nothing known before identity answers');

    // identity comes up after the catalog.
    const identityBus = await testBus(t, config, 'fake-identity');
    const seen: boolean[] = [];
    const server = identityBus.serve(
      'identity',
      'list_stations',
      ListStationsRequestSchema,
      ListStationsResponseSchema,
      (req) => {
        seen.push(req.includeDisabled);
        return {
          stations: [station('yuzhong', '渝中区', true), station('wansheng', '万盛经开区', false)],
        };
      },
    );
    t.teardown(() => server.stop());
    await Promise.race([
      app.stationSync.synced,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no sync in 15 s')), 15_000)),
    ]);
    t.same(seen.slice(-1), [true], 'asks for disabled stations too');
    t.equal(await status('yuzhong'), 200, 'an enabled station is served');
    t.equal(await status('wansheng'), 404, 'a disabled one answers 404');
  },
);

t.test('station_changed events update the read model; older news never wins', async (t) => {
  const { app, config } = await buildTestCatalog(t);
  const bus = await testBus(t, config, 'fake-identity-events');
  await bus.ensureStream();
  const announce = async (s: ReturnType<typeof station>, change: ChangeKind) => {
    await bus.js.publish(
      bus.subjects.event(s.key, 'identity', 'station_changed'),
      toBinary(StationChangedSchema, create(StationChangedSchema, { station: s, change })),
      {
        msgID: uuidv7(),
        headers: toMsgHdrs({
          [BusHeaders.eventType]: StationChangedSchema.typeName,
          [BusHeaders.station]: s.key,
          [BusHeaders.occurredAt]: new Date().toISOString(),
        }),
      },
    );
  };
  const status = async (key: string) =>
    (await app.inject({ url: `/stations/${key}/items` })).statusCode;

  await announce(station('beibei', '北碚区', true), ChangeKind.CREATED);
  await waitFor('beibei served', async () => (await status('beibei')) === 200);
  const now = Date.now();
  await announce(station('yuzhong', '渝中区', false, new Date(now + 1000)), ChangeKind.DISABLED);
  await waitFor('yuzhong disabled', async () => (await status('yuzhong')) === 404);
  // A late, older announcement (enabled) must not undo the newer one.
  await announce(station('yuzhong', '渝中区', true, new Date(now - 60_000)), ChangeKind.UPDATED);
  await announce(station('jiangbei', '江北区', false), ChangeKind.DISABLED);
  await waitFor('jiangbei disabled', async () => (await status('jiangbei')) === 404);
  t.equal(await status('yuzhong'), 404, 'the older announcement was ignored');
  await announce(station('yuzhong', '渝中区', true, new Date(now + 2000)), ChangeKind.ENABLED);
  await waitFor('yuzhong enabled again', async () => (await status('yuzhong')) === 200);
  t.pass('events applied in time order');
});
