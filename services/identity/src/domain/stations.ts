import { HallError, enqueueEvent, isStationKey, type Tx } from '@hall/platform';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ChangeKind, StationChangedSchema } from '@hall/proto/hall/identity/v1/identity_events_pb';
import {
  StationKind,
  StationSchema,
  type Station as StationMessage,
} from '@hall/proto/hall/identity/v1/station_pb';
import { asc, eq, sql } from 'drizzle-orm';
import { stations } from '../db/schema';
import seed from '../db/stations.json' with { type: 'json' };
import { recordAudit } from './audit';
import type { IdentityDeps, RequestMeta } from './deps';
import { FieldErrors } from './fields';

export const stationKinds = [
  'municipality',
  'district',
  'county',
  'autonomous-county',
  'special-zone',
] as const;
export type StationKindName = (typeof stationKinds)[number];

export type StationRow = typeof stations.$inferSelect;

export interface StationView {
  key: string;
  name: string;
  kind: StationKindName;
  divisionCode: string | null;
  parent: string | null;
  enabled: boolean;
  sortOrder: number;
}

export const viewOf = (row: StationRow): StationView => ({
  key: row.key,
  name: row.name,
  kind: row.kind as StationKindName,
  divisionCode: row.divisionCode,
  parent: row.parent,
  enabled: row.enabled,
  sortOrder: row.sortOrder,
});

const kindToProto: Record<StationKindName, StationKind> = {
  municipality: StationKind.MUNICIPALITY,
  district: StationKind.DISTRICT,
  county: StationKind.COUNTY,
  'autonomous-county': StationKind.AUTONOMOUS_COUNTY,
  'special-zone': StationKind.SPECIAL_ZONE,
};

export function stationMessage(row: StationRow): StationMessage {
  return create(StationSchema, {
    key: row.key,
    name: row.name,
    kind: kindToProto[row.kind as StationKindName],
    ...(row.divisionCode ? { divisionCode: row.divisionCode } : {}),
    ...(row.parent ? { parent: row.parent } : {}),
    enabled: row.enabled,
    sortOrder: row.sortOrder,
    updatedAt: timestampFromDate(row.updatedAt),
  });
}

/** Seed the registry from stations.json on first start; later changes are made by operators. */
export async function seedStations(deps: IdentityDeps): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(stations);
    if (n > 0) return;
    await tx.insert(stations).values(
      seed.stations.map((s, i) => ({
        key: s.key,
        name: s.name,
        kind: s.kind,
        divisionCode: s.division_code,
        parent: s.parent,
        sortOrder: (i + 1) * 10,
      })),
    );
  });
}

export async function listStations(
  deps: IdentityDeps,
  options: { includeDisabled: boolean },
): Promise<StationRow[]> {
  return deps.database.transaction((tx) =>
    tx
      .select()
      .from(stations)
      .where(options.includeDisabled ? undefined : eq(stations.enabled, true))
      .orderBy(asc(stations.sortOrder), asc(stations.key)),
  );
}

/** A station by key; a disabled one only when asked for (operators). */
export async function getStation(
  deps: IdentityDeps,
  key: string,
  options = { includeDisabled: false },
): Promise<StationRow> {
  const [row] = isStationKey(key)
    ? await deps.database.transaction((tx) =>
        tx.select().from(stations).where(eq(stations.key, key)),
      )
    : [];
  if (!row || (!row.enabled && !options.includeDisabled)) throw HallError.notFound('站点不存在');
  return row;
}

async function announce(
  deps: IdentityDeps,
  tx: Tx,
  row: StationRow,
  change: ChangeKind,
): Promise<void> {
  await enqueueEvent(tx, deps.namespace, {
    station: row.key,
    domain: 'identity',
    event: 'station_changed',
    schema: StationChangedSchema,
    message: create(StationChangedSchema, { station: stationMessage(row), change }),
  });
}

function checkStationFields(
  errors: FieldErrors,
  input: { name?: string | undefined; kind?: string | undefined },
) {
  if (input.name !== undefined && (input.name.trim().length < 2 || input.name.trim().length > 30)) {
    errors.add('name', 'station.name', '站点名称应为2至30个字');
  }
  if (input.kind !== undefined && !(stationKinds as readonly string[]).includes(input.kind)) {
    errors.add('kind', 'station.kind', '站点类型不正确');
  }
}

export interface StationInput {
  key: string;
  name: string;
  kind: StationKindName;
  divisionCode?: string | null | undefined;
  parent?: string | null | undefined;
  sortOrder?: number | undefined;
}

/** Operators add a station at runtime: data, not a deployment. */
export async function createStation(
  deps: IdentityDeps,
  input: StationInput,
  actor: { id: string },
  meta: RequestMeta,
) {
  const errors = new FieldErrors();
  if (!isStationKey(input.key))
    errors.add('key', 'station.key', '站点标识应为2至32位小写字母、数字或连字符，以字母开头');
  checkStationFields(errors, input);
  if (input.divisionCode && !/^\d{6}$/.test(input.divisionCode))
    errors.add('divisionCode', 'station.division_code', '行政区划代码应为6位数字');
  if (errors.any) throw HallError.validation(errors.list);
  const now = deps.now();
  const row = await deps.database.transaction(async (tx) => {
    const [exists] = await tx
      .select({ key: stations.key })
      .from(stations)
      .where(eq(stations.key, input.key));
    if (exists)
      throw HallError.conflict('station_exists', '该站点标识已存在', {
        errors: [{ field: 'key', code: 'station.taken', message: '该站点标识已存在' }],
      });
    if (input.parent) {
      const [parent] = await tx
        .select({ key: stations.key })
        .from(stations)
        .where(eq(stations.key, input.parent));
      if (!parent)
        throw HallError.validation([
          { field: 'parent', code: 'station.parent', message: '上级站点不存在' },
        ]);
    }
    const [created] = await tx
      .insert(stations)
      .values({
        key: input.key,
        name: input.name.trim(),
        kind: input.kind,
        divisionCode: input.divisionCode ?? null,
        parent: input.parent ?? 'cq',
        sortOrder: input.sortOrder ?? 1000,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      event: 'station.created',
      outcome: 'success',
      station: null,
      actor: { kind: 'operator', id: actor.id },
      target: { kind: 'station', id: input.key },
      ip: meta.ip,
    });
    await announce(deps, tx, created!, ChangeKind.CREATED);
    return created!;
  });
  deps.afterCommit();
  return row;
}

/** Operators rename, reorder, disable or re-enable a station. */
export async function updateStation(
  deps: IdentityDeps,
  key: string,
  input: {
    name?: string | undefined;
    enabled?: boolean | undefined;
    sortOrder?: number | undefined;
  },
  actor: { id: string },
  meta: RequestMeta,
) {
  const errors = new FieldErrors();
  checkStationFields(errors, input);
  if (errors.any) throw HallError.validation(errors.list);
  const before = await getStation(deps, key, { includeDisabled: true });
  const row = await deps.database.transaction(async (tx) => {
    const [updated] = await tx
      .update(stations)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
        updatedAt: deps.now(),
      })
      .where(eq(stations.key, key))
      .returning();
    const change =
      input.enabled === false && before.enabled
        ? ChangeKind.DISABLED
        : input.enabled === true && !before.enabled
          ? ChangeKind.ENABLED
          : ChangeKind.UPDATED;
    await recordAudit(tx, {
      event: 'station.updated',
      outcome: 'success',
      station: null,
      actor: { kind: 'operator', id: actor.id },
      target: { kind: 'station', id: key },
      ip: meta.ip,
      details: { change: ChangeKind[change], fields: Object.keys(input) },
    });
    await announce(deps, tx, updated!, change);
    return updated!;
  });
  deps.afterCommit();
  return row;
}
