import postgres from 'postgres';
import { STATION_SETTING } from '../db/tenancy';

/**
 * Tables that carry a `station` column without being tenant data, each with the reason. The
 * outbox relay publishes every station's events from outside any station (`transaction()`), so
 * the outbox cannot hide rows by station; only the service itself reads it.
 */
export const PLATFORM_RLS_EXEMPTIONS: Readonly<Record<string, string>> = Object.freeze({
  outbox: 'platform outbox: the relay publishes every station’s events and must see all rows',
});

export interface RlsConventionOptions {
  /** URL of the service's database as its owner (or a superuser), e.g. the test database URL. */
  databaseUrl: string;
  /** The role services query as (config DATABASE_APP_ROLE); `hall_app` by default. */
  appRole?: string;
  /** The column marking a tenant-scoped table; `station` by default. */
  column?: string;
  /**
   * Tables that have the column but are deliberately not isolated, each with the reason. An
   * exemption that is no longer needed (table gone, column gone, or RLS now enabled) is itself
   * reported, so exemptions cannot go stale.
   */
  exempt?: Readonly<Record<string, string>>;
}

export interface RlsPolicy {
  name: string;
  /** ALL, SELECT, INSERT, UPDATE or DELETE. */
  command: string;
  permissive: boolean;
  using: string | null;
  withCheck: string | null;
}

export interface RlsTable {
  /** `schema.table` */
  table: string;
  owner: string;
  rowSecurity: boolean;
  policies: RlsPolicy[];
}

export interface RlsConventionReport {
  /** Every table with the station column, exempt or not. */
  stationTables: RlsTable[];
  /** Tables owned by the application role (row-level security would not apply to it). */
  ownedByAppRole: string[];
  /** Each way the database breaks the convention, in words; empty when it holds. */
  violations: string[];
}

const commandNames: Record<string, string> = {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
};

/**
 * Check a migrated database against the tenancy convention (ARCHITECTURE.md "Tenancy"):
 *
 * - every table with a `station` column has row-level security enabled and at least one policy;
 * - every permissive policy that lets rows be read, updated or deleted compares against the
 *   `app.station` setting in its USING expression (one `using (true)` would open every station,
 *   since permissive policies are OR-ed);
 * - the application role owns no table (owners bypass row-level security) and is neither a
 *   superuser nor BYPASSRLS.
 *
 * Reads pg_catalog only; call it from each service's tests after its migrations ran.
 */
export async function checkRlsConvention(
  options: RlsConventionOptions,
): Promise<RlsConventionReport> {
  const appRole = options.appRole ?? 'hall_app';
  const column = options.column ?? 'station';
  const exempt = options.exempt ?? {};
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<
      { schema: string; name: string; owner: string; rls: boolean; hasColumn: boolean }[]
    >`
      select n.nspname as schema, c.relname as name, pg_get_userbyid(c.relowner) as owner,
             c.relrowsecurity as rls,
             exists (select 1 from pg_attribute a
                     where a.attrelid = c.oid and a.attname = ${column} and a.attnum > 0 and not a.attisdropped) as "hasColumn"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
      order by 1, 2`;
    const policies = await sql<
      {
        schema: string;
        table: string;
        name: string;
        cmd: string;
        permissive: boolean;
        using: string | null;
        check: string | null;
      }[]
    >`
      select n.nspname as schema, c.relname as table, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
             pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
      from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
      order by 1, 2, 3`;
    const [role] = await sql<{ super: boolean; bypass: boolean }[]>`
      select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = ${appRole}`;

    const violations: string[] = [];
    if (!role) violations.push(`the application role ${appRole} does not exist`);
    else {
      if (role.super)
        violations.push(
          `the application role ${appRole} is a superuser (bypasses row-level security)`,
        );
      if (role.bypass) violations.push(`the application role ${appRole} has BYPASSRLS`);
    }

    const ownedByAppRole = tables
      .filter((t) => t.owner === appRole)
      .map((t) => `${t.schema}.${t.name}`);
    for (const table of ownedByAppRole)
      violations.push(`${table} is owned by the application role ${appRole}`);

    const stationTables: RlsTable[] = tables
      .filter((t) => t.hasColumn)
      .map((t) => ({
        table: `${t.schema}.${t.name}`,
        owner: t.owner,
        rowSecurity: t.rls,
        policies: policies
          .filter((p) => p.schema === t.schema && p.table === t.name)
          .map((p) => ({
            name: p.name,
            command: commandNames[p.cmd] ?? p.cmd,
            permissive: p.permissive,
            using: p.using,
            withCheck: p.check,
          })),
      }));

    for (const t of stationTables) {
      const name = t.table.split('.').at(-1)!;
      if (name in exempt) {
        if (t.rowSecurity)
          violations.push(
            `${t.table} is exempt (${exempt[name]}) but has row-level security now: drop the exemption`,
          );
        continue;
      }
      if (!t.rowSecurity)
        violations.push(`${t.table} has a ${column} column but row-level security is not enabled`);
      if (t.policies.length === 0)
        violations.push(`${t.table} has a ${column} column but no policy`);
      for (const p of t.policies) {
        const reads = p.command !== 'INSERT';
        if (p.permissive && reads && !(p.using ?? '').includes(STATION_SETTING)) {
          violations.push(
            `${t.table}: permissive ${p.command} policy ${p.name} does not compare against ${STATION_SETTING}`,
          );
        }
      }
    }
    for (const name of Object.keys(exempt)) {
      if (!stationTables.some((t) => t.table.split('.').at(-1) === name)) {
        violations.push(
          `${name} is exempt but is no table with a ${column} column: drop the exemption`,
        );
      }
    }
    return { stationTables, ownedByAppRole, violations };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
