import { fromBinary } from '@bufbuild/protobuf';
import { connectBus, type Bus } from '@hall/platform';
import {
  ChangeKind,
  StationChangedSchema,
  type StationChanged,
} from '@hall/proto/hall/identity/v1/identity_events_pb';
import { StationKind } from '@hall/proto/hall/identity/v1/station_pb';
import t from 'tap';
import seed from '../../src/db/stations.json' with { type: 'json' };
import { buildTenancy, waitFor } from '../support/staff';

const PROBLEM = /^application\/problem\+json/;
const KINDS = ['municipality', 'district', 'county', 'autonomous-county', 'special-zone'];

interface StationView {
  key: string;
  name: string;
  kind: string;
  divisionCode: string | null;
  parent: string | null;
  enabled: boolean;
  sortOrder: number;
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

t.test('the public list has the 42 seeded stations in order, cq first', async (t) => {
  const { app } = await buildTenancy(t);
  const res = await app.inject({ method: 'GET', url: '/stations' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  const stations = res.json<{ stations: StationView[] }>().stations;
  t.equal(stations.length, 42);
  t.same(
    stations.map((s) => s.key),
    seed.stations.map((s) => s.key),
    'in the order of the registry (stations.json)',
  );
  t.same(stations[0], {
    key: 'cq',
    name: '重庆市',
    kind: 'municipality',
    divisionCode: '500000',
    parent: null,
    enabled: true,
    sortOrder: stations[0]!.sortOrder,
  });
  t.ok(
    stations.every((s, i) => i === 0 || s.sortOrder > stations[i - 1]!.sortOrder),
    'sortOrder strictly ascending',
  );
  t.equal(new Set(stations.map((s) => s.key)).size, 42, 'keys unique');
  t.ok(
    stations.every((s) => KINDS.includes(s.kind) && s.enabled),
    'each has a known kind and is enabled',
  );
  t.ok(
    stations.slice(1).every((s) => s.parent === 'cq'),
    'every other station sits under cq',
  );
  const count = (kind: string) => stations.filter((s) => s.kind === kind).length;
  t.same(
    KINDS.map((k) => [k, count(k)]),
    [
      ['municipality', 1],
      ['district', 26],
      ['county', 8],
      ['autonomous-county', 4],
      ['special-zone', 3],
    ],
  );
  t.ok(
    stations.filter((s) => s.kind === 'special-zone').every((s) => s.divisionCode === null),
    'special zones have no division code',
  );
  t.ok(
    stations
      .filter((s) => s.kind !== 'special-zone')
      .every((s) => /^50\d{4}$/.test(s.divisionCode ?? '')),
    'the others have a GB/T 2260 code of Chongqing',
  );
  t.match(
    stations.find((s) => s.key === 'yuzhong'),
    { name: '渝中区', kind: 'district', divisionCode: '500103', parent: 'cq' },
  );
});

t.test('one station; an unknown one answers 404 problem+json', async (t) => {
  const { app } = await buildTenancy(t);
  const res = await app.inject({ method: 'GET', url: '/stations/yuzhong' });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    key: 'yuzhong',
    name: '渝中区',
    kind: 'district',
    divisionCode: '500103',
    parent: 'cq',
    enabled: true,
  });
  const jb = await app.inject({ method: 'GET', url: '/stations/jiangbei' });
  t.match(jb.json(), { key: 'jiangbei', name: '江北区' });

  for (const key of ['nowhere', 'NOT_A_KEY', 'x']) {
    const missing = await app.inject({ method: 'GET', url: `/stations/${key}` });
    t.equal(missing.statusCode, 404, key);
    t.match(missing.headers['content-type'], PROBLEM, key);
    t.match(
      missing.json(),
      {
        type: 'urn:hall:problem:not_found',
        status: 404,
        code: 'not_found',
        title: '站点不存在',
        instance: `/stations/${key}`,
      },
      key,
    );
  }
});

interface Published {
  event: StationChanged;
  headers: Record<string, string | undefined>;
  seq: number;
}

/** The StationChanged events of `key` in the namespace's stream, oldest first. */
async function stationEvents(bus: Bus, key: string): Promise<Published[]> {
  const subject = bus.subjects.event(key, 'identity', 'station_changed');
  const info = await bus.jsm.streams.info(bus.subjects.stream).catch(() => null);
  const out: Published[] = [];
  if (!info) return out;
  for (
    let seq = info.state.first_seq;
    seq <= info.state.last_seq && info.state.messages > 0;
    seq++
  ) {
    const msg = await bus.jsm.streams.getMessage(bus.subjects.stream, { seq });
    if (!msg || msg.subject !== subject) continue;
    out.push({
      event: fromBinary(StationChangedSchema, msg.data),
      // The wire names, spelled out: consumers in other services depend on them.
      headers: {
        type: msg.header.get('Hall-Event-Type'),
        station: msg.header.get('Hall-Station'),
        id: msg.header.get('Nats-Msg-Id'),
      },
      seq: msg.seq,
    });
  }
  return out;
}

t.test(
  'operators create, rename, disable and re-enable a station; each change is audited and published',
  async (t) => {
    const { app, config, operator, yuzhong, citizenAuth } = await buildTenancy(t);
    const bus = await connectBus({
      url: config.NATS_URL,
      name: 'stations-test',
      namespace: config.BUS_NAMESPACE,
      logger: quiet,
    });
    t.teardown(() => bus.close());
    const events = (n: number) =>
      waitFor(`${n} station events`, async () => {
        const list = await stationEvents(bus, 'xinqu');
        return list.length >= n ? list : null;
      });
    const publicKeys = async (headers = {}) =>
      (await app.inject({ method: 'GET', url: '/stations', headers }))
        .json<{ stations: StationView[] }>()
        .stations.map((s) => s.key);

    // Create.
    const created = await app.inject({
      method: 'POST',
      url: '/stations',
      headers: operator.auth,
      payload: { key: 'xinqu', name: '测试新区', kind: 'special-zone' },
    });
    t.equal(created.statusCode, 201, created.body);
    t.same(created.json(), {
      key: 'xinqu',
      name: '测试新区',
      kind: 'special-zone',
      divisionCode: null,
      parent: 'cq',
      enabled: true,
      sortOrder: 1000,
    });
    const keys = await publicKeys();
    t.equal(keys.length, 43);
    t.equal(keys.at(-1), 'xinqu', 'appears in the public list, last by sort order');
    t.match((await app.inject({ method: 'GET', url: '/stations/xinqu' })).json(), {
      key: 'xinqu',
      name: '测试新区',
    });

    let published = await events(1);
    t.equal(published.length, 1);
    t.equal(published[0]!.event.change, ChangeKind.CREATED);
    t.match(published[0]!.event.station, {
      key: 'xinqu',
      name: '测试新区',
      kind: StationKind.SPECIAL_ZONE,
      parent: 'cq',
      enabled: true,
      sortOrder: 1000,
    });
    t.equal(
      published[0]!.event.station?.divisionCode,
      undefined,
      'no division code for a special zone',
    );
    t.ok(published[0]!.event.station?.updatedAt, 'updatedAt set');
    t.same(published[0]!.headers.type, 'hall.identity.v1.StationChanged');
    t.same(published[0]!.headers.station, 'xinqu');
    t.match(published[0]!.headers.id, /^[0-9a-f-]{36}$/, 'Nats-Msg-Id is the event id');

    // The staff of the new station can be appointed right away: data, not a deployment.
    const admin = await app.inject({
      method: 'POST',
      url: '/stations/xinqu/staff',
      headers: operator.auth,
      payload: {
        username: 'xq_admin',
        password: 'Xinqu#2026',
        name: '新区管理员',
        roles: ['station_admin'],
      },
    });
    t.equal(admin.statusCode, 201, admin.body);

    // Rename.
    const renamed = await app.inject({
      method: 'PATCH',
      url: '/stations/xinqu',
      headers: operator.auth,
      payload: { name: '测试新区二' },
    });
    t.equal(renamed.statusCode, 200, renamed.body);
    t.match(renamed.json(), { key: 'xinqu', name: '测试新区二', enabled: true });
    t.match((await app.inject({ method: 'GET', url: '/stations/xinqu' })).json(), {
      name: '测试新区二',
    });
    published = await events(2);
    t.equal(published[1]!.event.change, ChangeKind.UPDATED);
    t.equal(published[1]!.event.station?.name, '测试新区二');

    // Disable: gone for the public, still there for operators.
    const disabled = await app.inject({
      method: 'PATCH',
      url: '/stations/xinqu',
      headers: operator.auth,
      payload: { enabled: false },
    });
    t.equal(disabled.statusCode, 200, disabled.body);
    t.equal(disabled.json<StationView>().enabled, false);
    t.notOk((await publicKeys()).includes('xinqu'), 'gone from the public list');
    t.equal((await publicKeys()).length, 42);
    const publicGet = await app.inject({ method: 'GET', url: '/stations/xinqu' });
    t.equal(publicGet.statusCode, 404, 'the public gets 404');
    t.match(publicGet.headers['content-type'], PROBLEM);
    for (const [who, headers] of [
      ['a station admin', yuzhong.auth],
      ['a citizen', citizenAuth],
    ] as const) {
      t.equal(
        (await app.inject({ method: 'GET', url: '/stations/xinqu', headers })).statusCode,
        404,
        `${who} gets 404`,
      );
      t.notOk((await publicKeys(headers)).includes('xinqu'), `${who} does not see it`);
      const asked = await app.inject({
        method: 'GET',
        url: '/stations?includeDisabled=true',
        headers,
      });
      t.notOk(
        asked.json<{ stations: StationView[] }>().stations.some((s) => s.key === 'xinqu'),
        `${who} asking for disabled stations still does not see it`,
      );
    }
    const opGet = await app.inject({
      method: 'GET',
      url: '/stations/xinqu',
      headers: operator.auth,
    });
    t.equal(opGet.statusCode, 200, 'operators still read it');
    t.match(opGet.json(), { key: 'xinqu', enabled: false });
    const opList = await app.inject({
      method: 'GET',
      url: '/stations?includeDisabled=true',
      headers: operator.auth,
    });
    const opStations = opList.json<{ stations: StationView[] }>().stations;
    t.equal(opStations.length, 43);
    t.match(
      opStations.find((s) => s.key === 'xinqu'),
      { enabled: false },
    );
    t.notOk(
      (await publicKeys(operator.auth)).includes('xinqu'),
      'operators without includeDisabled get the public list',
    );
    const staffOfDisabled = await app.inject({
      method: 'POST',
      url: '/stations/xinqu/staff',
      headers: operator.auth,
      payload: {
        username: 'xq_clerk',
        password: 'Xinqu#2026c',
        name: '新区受理',
        roles: ['clerk'],
      },
    });
    t.equal(staffOfDisabled.statusCode, 404, 'no new staff for a disabled station');
    published = await events(3);
    t.equal(published[2]!.event.change, ChangeKind.DISABLED);
    t.equal(published[2]!.event.station?.enabled, false);

    // Re-enable.
    const enabled = await app.inject({
      method: 'PATCH',
      url: '/stations/xinqu',
      headers: operator.auth,
      payload: { enabled: true },
    });
    t.equal(enabled.statusCode, 200, enabled.body);
    t.equal(enabled.json<StationView>().enabled, true);
    t.ok((await publicKeys()).includes('xinqu'), 'back in the public list');
    t.equal((await app.inject({ method: 'GET', url: '/stations/xinqu' })).statusCode, 200);
    published = await events(4);
    t.equal(published[3]!.event.change, ChangeKind.ENABLED);
    t.same(
      published.map((p) => p.seq),
      [...published.map((p) => p.seq)].sort((a, b) => a - b),
      'published in order',
    );
    t.equal(new Set(published.map((p) => p.headers.id)).size, 4, 'four distinct events');

    // Audit: platform-level (station null), by the operator, with the change kind.
    const audit = await app.inject({
      method: 'GET',
      url: '/audit?limit=200',
      headers: operator.auth,
    });
    t.equal(audit.statusCode, 200, audit.body);
    const entries = audit
      .json<{
        entries: Array<{
          event: string;
          station: string | null;
          actorKind: string;
          actorId: string;
          targetKind: string;
          targetId: string;
          details: Record<string, unknown>;
        }>;
      }>()
      .entries.filter((e) => e.targetKind === 'station')
      .reverse();
    t.same(
      entries.map((e) => [e.event, e.details.change ?? null]),
      [
        ['station.created', null],
        ['station.updated', 'UPDATED'],
        ['station.updated', 'DISABLED'],
        ['station.updated', 'ENABLED'],
      ],
    );
    t.ok(
      entries.every(
        (e) =>
          e.station === null &&
          e.actorKind === 'operator' &&
          e.actorId === operator.id &&
          e.targetId === 'xinqu',
      ),
      'platform-level entries by the operator about xinqu',
    );
  },
);

t.test('only operators manage stations', async (t) => {
  const { app, yuzhong, citizenAuth } = await buildTenancy(t);
  const body = { key: 'xinqu', name: '测试新区', kind: 'special-zone' };
  for (const [who, headers, status] of [
    ['anonymous', {}, 401],
    ['a citizen', citizenAuth, 403],
    ['a station admin', yuzhong.auth, 403],
  ] as const) {
    const post = await app.inject({ method: 'POST', url: '/stations', headers, payload: body });
    t.equal(post.statusCode, status, `${who} POST`);
    t.match(post.headers['content-type'], PROBLEM);
    const patch = await app.inject({
      method: 'PATCH',
      url: '/stations/yuzhong',
      headers,
      payload: { enabled: false },
    });
    t.equal(patch.statusCode, status, `${who} PATCH`);
  }
  t.equal(
    (await app.inject({ method: 'GET', url: '/stations/xinqu' })).statusCode,
    404,
    'nothing created',
  );
  t.match(
    (await app.inject({ method: 'GET', url: '/stations/yuzhong' })).json(),
    { enabled: true },
    'nothing disabled',
  );
});

t.test(
  'invalid station data is refused field by field; a duplicate key is a conflict',
  async (t) => {
    const { app, operator } = await buildTenancy(t);
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/stations', headers: operator.auth, payload });
    const good = { key: 'xinqu', name: '测试新区', kind: 'special-zone' };

    const cases: Array<[object, string, string | RegExp]> = [
      [{ key: 'Bad_Key' }, 'key', 'station.key'],
      [{ key: '1abc' }, 'key', 'station.key'],
      [{ key: 'a' }, 'key', 'station.key'],
      [{ name: '新' }, 'name', 'station.name'],
      [{ divisionCode: '12ab' }, 'divisionCode', 'station.division_code'],
      [{ parent: 'nowhere' }, 'parent', 'station.parent'],
      [{ kind: 'village' }, 'kind', /^schema\./],
    ];
    for (const [override, field, code] of cases) {
      const res = await post({ ...good, ...override });
      t.equal(res.statusCode, 400, `${JSON.stringify(override)}: ${res.body}`);
      t.match(res.headers['content-type'], PROBLEM);
      t.match(res.json(), { code: 'validation_failed', status: 400 });
      const errors = res.json<{ errors: Array<{ field: string; code: string }> }>().errors;
      t.ok(
        errors.length > 0 && errors.every((e) => e.field === field),
        `${JSON.stringify(override)}: only ${field} (${JSON.stringify(errors)})`,
      );
      t.ok(
        errors.some((e) => (typeof code === 'string' ? e.code === code : code.test(e.code))),
        `${JSON.stringify(override)}: ${String(code)}`,
      );
    }
    const several = await post({ key: 'Bad', name: 'x', kind: 'district', divisionCode: 'abc' });
    t.same(
      several
        .json<{ errors: Array<{ field: string }> }>()
        .errors.map((e) => e.field)
        .sort(),
      ['divisionCode', 'key', 'name'],
      'every invalid field at once',
    );

    const patchBad = await app.inject({
      method: 'PATCH',
      url: '/stations/yuzhong',
      headers: operator.auth,
      payload: { name: '渝' },
    });
    t.equal(patchBad.statusCode, 400);
    t.match(patchBad.json(), { errors: [{ field: 'name', code: 'station.name' }] });
    const patchEmpty = await app.inject({
      method: 'PATCH',
      url: '/stations/yuzhong',
      headers: operator.auth,
      payload: {},
    });
    t.equal(patchEmpty.statusCode, 400, 'an empty change is refused');
    const patchMissing = await app.inject({
      method: 'PATCH',
      url: '/stations/nowhere',
      headers: operator.auth,
      payload: { name: '不存在区' },
    });
    t.equal(patchMissing.statusCode, 404);

    const list = await app.inject({
      method: 'GET',
      url: '/stations?includeDisabled=true',
      headers: operator.auth,
    });
    t.equal(list.json().stations.length, 42, 'nothing was created');
    t.match(
      (await app.inject({ method: 'GET', url: '/stations/yuzhong' })).json(),
      { name: '渝中区' },
      'nothing was renamed',
    );

    for (const key of ['yuzhong', 'cq']) {
      const dup = await post({ key, name: '重复站点', kind: 'district' });
      t.equal(dup.statusCode, 409, key);
      t.match(dup.headers['content-type'], PROBLEM);
      t.match(dup.json(), {
        status: 409,
        code: 'station_exists',
        errors: [{ field: 'key', code: 'station.taken' }],
      });
    }
    t.match(
      (await app.inject({ method: 'GET', url: '/stations/yuzhong' })).json(),
      { name: '渝中区', kind: 'district' },
      'the original is untouched',
    );
  },
);
