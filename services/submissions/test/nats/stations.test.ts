import { create, toBinary } from '@bufbuild/protobuf';
import { BusHeaders, toMsgHdrs } from '@hall/platform';
import { ChangeKind, StationChangedSchema } from '@hall/proto/hall/identity/v1/identity_events_pb';
import {
  ListStationsRequestSchema,
  ListStationsResponseSchema,
} from '@hall/proto/hall/identity/v1/identity_rpc_pb';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { buildTestHall, ownerSql, stationMessage, TEST_STATIONS, waitFor } from '../helper';

t.test('the stations read model: synced from identity, serial prefixes kept', async (t) => {
  const hall = await buildTestHall(t, { noStations: true });
  const owner = ownerSql(t, hall.databaseUrl);
  const prefixes = async () =>
    Object.fromEntries(
      (await owner`select key, serial_prefix, enabled, name from stations order by key`).map(
        (r) => [r.key, `${r.serial_prefix} ${r.enabled ? 'on' : 'off'} ${r.name}`],
      ),
    );

  // identity answers after the service started.
  const server = hall.bus.serve(
    'identity',
    'list_stations',
    ListStationsRequestSchema,
    ListStationsResponseSchema,
    () => ({ stations: TEST_STATIONS.map((s) => stationMessage(s)) }),
  );
  t.teardown(() => server.stop());
  await Promise.race([
    hall.app.stationSync.synced,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no sync in 20 s')), 20_000)),
  ]);
  t.same(await prefixes(), {
    cq: '500000 on 重庆市',
    jiangbei: '500105 on 江北区',
    liangjiang: '500901 on 两江新区',
    wansheng: '500902 off 万盛经开区',
    yuzhong: '500103 on 渝中区',
  });

  await hall.bus.ensureStream();
  const announce = async (s: ReturnType<typeof stationMessage>) =>
    hall.bus.js.publish(
      hall.bus.subjects.event(s.key, 'identity', 'station_changed'),
      toBinary(
        StationChangedSchema,
        create(StationChangedSchema, { station: s, change: ChangeKind.UPDATED }),
      ),
      {
        msgID: uuidv7(),
        headers: toMsgHdrs({
          [BusHeaders.eventType]: StationChangedSchema.typeName,
          [BusHeaders.station]: s.key,
          [BusHeaders.occurredAt]: new Date().toISOString(),
        }),
      },
    );
  const now = Date.now();
  await announce(
    stationMessage({ key: 'gaoxin', name: '重庆高新区', enabled: true }, new Date(now)),
  );
  await announce(
    stationMessage(
      { key: 'liangjiang', name: '两江新区（改名）', enabled: false },
      new Date(now + 1000),
    ),
  );
  await announce(
    stationMessage(
      { key: 'liangjiang', name: '两江新区（旧）', enabled: true },
      new Date(now - 60_000),
    ),
  );
  // Events are handled in order: once this last one shows, the ones before it were handled.
  await announce(
    stationMessage({ key: 'cq', name: '重庆市人民政府', enabled: true, divisionCode: '500000' }),
  );
  await waitFor('the last announcement', async () => (await prefixes()).cq?.includes('人民政府'));
  const after = await prefixes();
  t.equal(after.gaoxin, '500903 on 重庆高新区', 'a new zone gets the next prefix');
  t.equal(
    after.liangjiang,
    '500901 off 两江新区（改名）',
    'a zone keeps its prefix; older news lost',
  );

  const person = await hall.tokens.person();
  const res = await hall.app.inject({
    method: 'POST',
    url: '/stations/liangjiang/applications',
    headers: person.auth,
    payload: { itemId: uuidv7() },
  });
  t.equal(res.statusCode, 404, 'a disabled station takes no new applications');
});
