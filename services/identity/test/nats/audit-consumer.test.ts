import { enqueueAudit, enqueueEvent } from '@hall/platform';
import { AuditOutcome, AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import t from 'tap';
import { ownerSql, waitFor } from '../fixtures';
import { buildTenancy } from '../support/staff';

interface Entry {
  id: string;
  event: string;
  outcome: string;
  station: string | null;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

t.test('audit records of other services land in the one audit log', async (t) => {
  const hall = await buildTenancy(t);
  const { app, config } = hall;
  const sql = ownerSql(t, hall.databaseUrl);
  const namespace = config.BUS_NAMESPACE;
  const itemId = '01920000-0000-7000-8000-0000000000aa';

  // What the catalog service does when a 渝中区 editor publishes an item: an outbox event in the
  // transaction of the change (here identity's own outbox stands in for the catalog's).
  const eventId = await app.database.withStation('yuzhong', (tx) =>
    enqueueAudit(tx, namespace, {
      domain: 'catalog',
      station: 'yuzhong',
      actor: {
        kind: 'staff',
        id: hall.yuzhong.id,
        station: 'yuzhong',
        roles: ['station_admin'],
        department: null,
      },
      event: 'catalog.item.published',
      target: { kind: 'item', id: itemId },
      ip: '10.1.2.3',
      details: { version: 2, implCode: '11500103MB1234567A0001' },
    }),
  );

  const read = async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/stations/yuzhong/audit?event=catalog.item.published',
      headers: hall.yuzhong.auth,
    });
    // Polled: a failure throws rather than asserting, so the assertion count stays fixed.
    if (res.statusCode !== 200) throw new Error(`audit read: ${res.statusCode} ${res.body}`);
    return res.json<{ entries: Entry[] }>().entries;
  };
  const [entry] = await waitFor('the audit entry', async () => {
    const entries = await read();
    return entries.length > 0 ? entries : null;
  });
  t.match(entry, {
    id: eventId,
    event: 'catalog.item.published',
    outcome: 'success',
    station: 'yuzhong',
    actorKind: 'staff',
    actorId: hall.yuzhong.id,
    actorName: '渝中管理员',
    targetKind: 'item',
    targetId: itemId,
    ip: '10.1.2.3',
    details: { version: 2, implCode: '11500103MB1234567A0001' },
  });

  // The station boundary holds for these entries as for identity's own.
  const other = await app.inject({
    method: 'GET',
    url: '/stations/jiangbei/audit?event=catalog.item.published',
    headers: hall.jiangbei.auth,
  });
  t.same(other.json<{ entries: Entry[] }>().entries, []);

  // A service cannot record another domain's actions: the mismatched event is refused, and the
  // one after it still lands (the consumer keeps going).
  await app.database.withStation('yuzhong', async (tx) => {
    await enqueueEvent(tx, namespace, {
      station: 'yuzhong',
      domain: 'catalog',
      event: 'audit_recorded',
      schema: AuditRecordedSchema,
      message: { event: 'identity.staff.created', outcome: AuditOutcome.SUCCESS },
    });
    await enqueueAudit(tx, namespace, {
      domain: 'catalog',
      station: 'yuzhong',
      actor: null,
      event: 'catalog.item.withdrawn',
      outcome: 'failure',
    });
  });
  await waitFor('the second entry', async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_log where event = 'catalog.item.withdrawn'`;
    return row!.n === 1 ? true : null;
  });
  const forged =
    await sql`select 1 from audit_log where event = 'identity.staff.created' and actor_id is null`;
  t.equal(forged.length, 0, 'an event outside its domain never reaches the log');
  const [withdrawn] = await sql<{ outcome: string; actor_kind: string | null }[]>`
    select outcome, actor_kind from audit_log where event = 'catalog.item.withdrawn'`;
  t.same(withdrawn, { outcome: 'failure', actor_kind: null });
});

t.test('enqueueAudit refuses an event named outside its domain', async (t) => {
  t.throws(
    () =>
      enqueueAudit({} as never, 'ns', {
        domain: 'catalog',
        station: 'cq',
        actor: null,
        event: 'submissions.decided',
      }),
    /must start with its domain/,
  );
});
