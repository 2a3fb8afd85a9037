import { connectBus, HallError, type Bus } from '@hall/platform';
import {
  GetStationRequestSchema,
  GetStationResponseSchema,
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import { StationKind } from '@hall/proto/hall/identity/v1/station_pb';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import t, { type Test } from 'tap';
import seed from '../../src/db/stations.json' with { type: 'json' };
import { buildTenancy } from '../support/staff';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** Another service's view of identity: its own connection on the same namespace. */
async function client(t: Test, namespace: string, url: string): Promise<Bus> {
  const bus = await connectBus({
    url,
    name: 'rpc-test-client',
    namespace,
    logger: quiet,
    requestTimeoutMs: 5000,
  });
  t.teardown(() => bus.close());
  return bus;
}

t.test('identity answers station requests over NATS', async (t) => {
  const { app, config, operator } = await buildTenancy(t);
  await app.ready();
  const bus = await client(t, config.BUS_NAMESPACE, config.NATS_URL);
  t.equal(
    bus.subjects.rpc('identity', 'list_stations'),
    `${config.BUS_NAMESPACE}.rpc.identity.list_stations`,
  );

  const list = await bus.request(
    'identity',
    'list_stations',
    ListStationsRequestSchema,
    {},
    ListStationsResponseSchema,
  );
  t.equal(list.stations.length, 42);
  t.same(
    list.stations.map((s) => s.key),
    seed.stations.map((s) => s.key),
    'ordered as the registry',
  );
  t.match(list.stations[0], {
    key: 'cq',
    name: '重庆市',
    kind: StationKind.MUNICIPALITY,
    divisionCode: '500000',
    enabled: true,
  });
  t.equal(list.stations[0]!.parent, undefined, 'cq has no parent');
  t.ok(
    list.stations.every((s) => s.kind !== StationKind.UNSPECIFIED && s.updatedAt),
    'every station has a kind and updatedAt',
  );

  const got = await bus.request(
    'identity',
    'get_station',
    GetStationRequestSchema,
    { key: 'yuzhong' },
    GetStationResponseSchema,
  );
  t.match(got.station, {
    key: 'yuzhong',
    name: '渝中区',
    kind: StationKind.DISTRICT,
    divisionCode: '500103',
    parent: 'cq',
    enabled: true,
  });
  t.ok(
    got.station?.updatedAt &&
      Math.abs(timestampDate(got.station.updatedAt).getTime() - Date.now()) < 60_000,
    'updatedAt is a real time',
  );
  const zone = await bus.request(
    'identity',
    'get_station',
    GetStationRequestSchema,
    { key: 'liangjiang' },
    GetStationResponseSchema,
  );
  t.match(zone.station, { key: 'liangjiang', kind: StationKind.SPECIAL_ZONE });
  t.equal(zone.station?.divisionCode, undefined, 'a special zone has no division code');

  for (const key of ['nowhere', 'NOT A KEY', '']) {
    const err = await bus
      .request(
        'identity',
        'get_station',
        GetStationRequestSchema,
        { key },
        GetStationResponseSchema,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    t.ok(err instanceof HallError, `${JSON.stringify(key)}: a HallError`);
    t.match(err, { status: 404, code: 'not_found', title: '站点不存在' }, JSON.stringify(key));
  }

  // A disabled station: gone from the default list, still answered by key and with include_disabled.
  const off = await app.inject({
    method: 'PATCH',
    url: '/stations/wansheng',
    headers: operator.auth,
    payload: { enabled: false },
  });
  t.equal(off.statusCode, 200, off.body);
  const enabledOnly = await bus.request(
    'identity',
    'list_stations',
    ListStationsRequestSchema,
    {},
    ListStationsResponseSchema,
  );
  t.equal(enabledOnly.stations.length, 41);
  t.notOk(enabledOnly.stations.some((s) => s.key === 'wansheng'));
  const withDisabled = await bus.request(
    'identity',
    'list_stations',
    ListStationsRequestSchema,
    { includeDisabled: true },
    ListStationsResponseSchema,
  );
  t.equal(withDisabled.stations.length, 42);
  t.match(
    withDisabled.stations.find((s) => s.key === 'wansheng'),
    { enabled: false },
  );
  const disabled = await bus.request(
    'identity',
    'get_station',
    GetStationRequestSchema,
    { key: 'wansheng' },
    GetStationResponseSchema,
  );
  t.match(
    disabled.station,
    { key: 'wansheng', enabled: false },
    'get_station answers for a disabled station',
  );
});
