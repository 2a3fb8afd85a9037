import {
  HallError,
  enqueueEvent,
  staffRoles,
  type Actor,
  type StaffRole,
  type Tx,
} from '@hall/platform';
import {
  checkMobile,
  checkPassword,
  checkUsername,
  maskMobile,
  normalizeMobile,
} from '@hall/platform/validation';
import { create } from '@bufbuild/protobuf';
import { ChangeKind, StaffChangedSchema } from '@hall/proto/hall/identity/v1/identity_events_pb';
import { and, asc, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { staff } from '../db/schema';
import { recordAudit } from './audit';
import type { IdentityDeps, RequestMeta } from './deps';
import { FieldErrors, isUniqueViolation } from './fields';
import { hashSecret, verifySecret } from './passwords';
import { revokeAllSessions } from './sessions';
import { getStation } from './stations';

type StaffRow = typeof staff.$inferSelect;
type Manager = Extract<Actor, { kind: 'staff' | 'operator' }>;

export interface StaffView {
  id: string;
  station: string | null;
  username: string;
  name: string;
  mobileMasked: string | null;
  departmentId: string | null;
  roles: StaffRole[];
  enabled: boolean;
  createdAt: string;
}

function viewOf(deps: IdentityDeps, row: StaffRow): StaffView {
  return {
    id: row.id,
    station: row.station,
    username: row.username,
    name: row.name,
    mobileMasked: row.mobile ? maskMobile(deps.cipher.open(row.mobile)) : null,
    departmentId: row.departmentId,
    roles: row.roles as StaffRole[],
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Only operators hand out (or take away) the station-admin role; admins manage the rest. `held`
 * are the roles the staff member has now: an admin editing their own roles keeps station_admin
 * as it is, neither dropping it nor being refused for listing it.
 */
function checkRolesGrantable(
  manager: Manager,
  roles: StaffRole[],
  errors: FieldErrors,
  held: readonly string[] = [],
): void {
  const keepsAdmin = held.includes('station_admin');
  roles.forEach((role, i) => {
    if (!(staffRoles as readonly string[]).includes(role))
      errors.add(`roles/${i}`, 'roles.unknown', '角色不存在');
    else if (role === 'station_admin' && manager.kind !== 'operator' && !keepsAdmin)
      errors.add(`roles/${i}`, 'roles.not_grantable', '只有平台运维人员可以设置站点管理员');
  });
  if (keepsAdmin && manager.kind !== 'operator' && !roles.includes('station_admin')) {
    errors.add('roles', 'roles.not_grantable', '只有平台运维人员可以取消站点管理员');
  }
  if (roles.length === 0) errors.add('roles', 'roles.empty', '请至少选择一个角色');
}

async function announce(
  deps: IdentityDeps,
  tx: Tx,
  row: StaffRow,
  change: ChangeKind,
): Promise<void> {
  await enqueueEvent(tx, deps.namespace, {
    station: row.station!,
    domain: 'identity',
    event: 'staff_changed',
    schema: StaffChangedSchema,
    message: create(StaffChangedSchema, {
      staffId: row.id,
      station: row.station!,
      roles: row.roles,
      enabled: row.enabled,
      ...(row.departmentId ? { departmentId: row.departmentId } : {}),
      change,
    }),
  });
}

/** The staff of one station; RLS admits only that station's rows. */
export async function listStaff(deps: IdentityDeps, station: string): Promise<StaffView[]> {
  await getStation(deps, station, { includeDisabled: true });
  const rows = await deps.database.withStation(station, (tx) =>
    tx.select().from(staff).where(eq(staff.station, station)).orderBy(asc(staff.createdAt)),
  );
  return rows.map((r) => viewOf(deps, r));
}

export interface NewStaff {
  username: string;
  password: string;
  name: string;
  mobile?: string | undefined;
  departmentId?: string | null | undefined;
  roles: StaffRole[];
}

export async function createStaff(
  deps: IdentityDeps,
  station: string,
  input: NewStaff,
  manager: Manager,
  meta: RequestMeta,
): Promise<StaffView> {
  await getStation(deps, station);
  const errors = new FieldErrors()
    .check('username', checkUsername(input.username))
    .check('password', checkPassword(input.password, { username: input.username }));
  if (input.name.trim().length < 2 || input.name.trim().length > 30)
    errors.add('name', 'name.length', '姓名应为2至30个字');
  const mobile = input.mobile ? normalizeMobile(input.mobile) : null;
  if (mobile) errors.check('mobile', checkMobile(mobile));
  checkRolesGrantable(manager, input.roles, errors);
  if (errors.any) throw HallError.validation(errors.list);
  const passwordHash = await hashSecret(input.password);
  try {
    const row = await deps.database.withStation(station, async (tx) => {
      const [created] = await tx
        .insert(staff)
        .values({
          id: uuidv7(),
          station,
          kind: 'staff',
          username: input.username.trim(),
          passwordHash,
          name: input.name.trim(),
          mobile: mobile ? deps.cipher.seal(mobile) : null,
          departmentId: input.departmentId ?? null,
          roles: [...new Set(input.roles)],
          createdBy: manager.id,
        })
        .returning();
      await recordAudit(tx, {
        event: 'staff.created',
        outcome: 'success',
        station,
        actor: { kind: manager.kind, id: manager.id },
        target: { kind: 'staff', id: created!.id },
        ip: meta.ip,
        details: { roles: created!.roles },
      });
      await announce(deps, tx, created!, ChangeKind.CREATED);
      return created!;
    });
    deps.afterCommit();
    return viewOf(deps, row);
  } catch (err) {
    if (isUniqueViolation(err, 'staff_username_key')) {
      throw HallError.conflict('already_registered', '该用户名已被使用', {
        errors: [{ field: 'username', code: 'username.taken', message: '该用户名已被使用' }],
      });
    }
    throw err;
  }
}

export interface StaffUpdate {
  name?: string | undefined;
  departmentId?: string | null | undefined;
  roles?: StaffRole[] | undefined;
  enabled?: boolean | undefined;
}

/**
 * Edit, re-role, disable or re-enable a staff member of `station`. Another station's staff
 * answer 404. Disabling ends their sessions at once.
 */
export async function updateStaff(
  deps: IdentityDeps,
  station: string,
  staffId: string,
  input: StaffUpdate,
  manager: Manager,
  meta: RequestMeta,
): Promise<StaffView> {
  const errors = new FieldErrors();
  if (input.name !== undefined && (input.name.trim().length < 2 || input.name.trim().length > 30))
    errors.add('name', 'name.length', '姓名应为2至30个字');
  // A station admin's own roles are checked against what they hold, once the row is read.
  const ownRoles = input.roles !== undefined && manager.kind === 'staff' && staffId === manager.id;
  if (input.roles !== undefined && !ownRoles) checkRolesGrantable(manager, input.roles, errors);
  if (input.enabled === false && staffId === manager.id)
    errors.add('enabled', 'staff.self', '不能停用自己的账号');
  if (errors.any) throw HallError.validation(errors.list);
  const row = await deps.database.withStation(station, async (tx) => {
    const [current] = await tx
      .select()
      .from(staff)
      .where(and(eq(staff.id, staffId), eq(staff.station, station)))
      .for('update');
    if (!current) throw HallError.notFound('工作人员不存在');
    if (
      manager.kind !== 'operator' &&
      (current.roles as StaffRole[]).includes('station_admin') &&
      current.id !== manager.id
    ) {
      throw HallError.forbidden('只有平台运维人员可以管理站点管理员');
    }
    if (ownRoles) {
      const roleErrors = new FieldErrors();
      checkRolesGrantable(manager, input.roles!, roleErrors, current.roles);
      if (roleErrors.any) throw HallError.validation(roleErrors.list);
    }
    const [updated] = await tx
      .update(staff)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
        ...(input.roles !== undefined ? { roles: [...new Set(input.roles)] } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        updatedAt: deps.now(),
      })
      .where(eq(staff.id, staffId))
      .returning();
    const base = {
      station,
      actor: { kind: manager.kind, id: manager.id },
      target: { kind: 'staff', id: staffId },
      ip: meta.ip,
    } as const;
    let change = ChangeKind.UPDATED;
    if (input.enabled === false && current.enabled) {
      change = ChangeKind.DISABLED;
      await revokeAllSessions(deps, tx, staffId);
      await recordAudit(tx, { ...base, event: 'staff.disabled', outcome: 'success' });
    } else if (input.enabled === true && !current.enabled) {
      change = ChangeKind.ENABLED;
      await recordAudit(tx, { ...base, event: 'staff.enabled', outcome: 'success' });
    }
    if (
      input.roles !== undefined &&
      [...current.roles].sort().join() !== [...updated!.roles].sort().join()
    ) {
      await recordAudit(tx, {
        ...base,
        event: 'staff.roles_changed',
        outcome: 'success',
        details: { from: current.roles, to: updated!.roles },
      });
    }
    if (input.name !== undefined || input.departmentId !== undefined) {
      await recordAudit(tx, {
        ...base,
        event: 'staff.updated',
        outcome: 'success',
        details: { fields: Object.keys(input) },
      });
    }
    await announce(deps, tx, updated!, change);
    return updated!;
  });
  deps.afterCommit();
  return viewOf(deps, row);
}

/** The signed-in staff member or operator. */
export async function getStaffMe(deps: IdentityDeps, id: string): Promise<StaffView> {
  const [row] = await deps.database.withAllStations((tx) =>
    tx.select().from(staff).where(eq(staff.id, id)),
  );
  if (!row) throw HallError.notFound();
  return viewOf(deps, row);
}

export async function changeStaffPassword(
  deps: IdentityDeps,
  id: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const [row] = await deps.database.withAllStations((tx) =>
    tx.select().from(staff).where(eq(staff.id, id)),
  );
  if (!row) throw HallError.notFound();
  const actor = { kind: row.kind, id: row.id };
  if (!(await verifySecret(row.passwordHash, input.currentPassword))) {
    await deps.database.withAllStations((tx) =>
      recordAudit(tx, {
        event: 'password.changed',
        outcome: 'failure',
        station: row.station,
        actor,
        ip: meta.ip,
      }),
    );
    throw HallError.validation([
      { field: 'currentPassword', code: 'password.wrong', message: '当前密码不正确' },
    ]);
  }
  const check = checkPassword(input.newPassword, { username: row.username });
  if (!check.ok)
    throw HallError.validation([
      { field: 'newPassword', code: check.code, message: check.message },
    ]);
  const passwordHash = await hashSecret(input.newPassword);
  await deps.database.withAllStations(async (tx) => {
    await tx.update(staff).set({ passwordHash, updatedAt: deps.now() }).where(eq(staff.id, id));
    await revokeAllSessions(deps, tx, id);
    await recordAudit(tx, {
      event: 'password.changed',
      outcome: 'success',
      station: row.station,
      actor,
      ip: meta.ip,
    });
  });
}

/** The first platform operator, from configuration, when there is none yet. */
export async function bootstrapOperator(
  deps: IdentityDeps,
): Promise<'created' | 'exists' | 'not_configured'> {
  const { BOOTSTRAP_OPERATOR_USERNAME: username, BOOTSTRAP_OPERATOR_PASSWORD: password } =
    deps.config;
  if (!username || !password) return 'not_configured';
  const check = checkPassword(password, { username });
  if (!check.ok) throw new Error(`BOOTSTRAP_OPERATOR_PASSWORD is too weak: ${check.code}`);
  const passwordHash = await hashSecret(password);
  return deps.database.withAllStations(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hall.identity.bootstrap'))`);
    const [existing] = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.kind, 'operator'))
      .limit(1);
    if (existing) return 'exists';
    const id = uuidv7();
    await tx.insert(staff).values({
      id,
      station: null,
      kind: 'operator',
      username,
      passwordHash,
      name: '平台运维',
      roles: [],
    });
    await recordAudit(tx, {
      event: 'staff.created',
      outcome: 'success',
      station: null,
      actor: { kind: 'anonymous', name: 'bootstrap' },
      target: { kind: 'operator', id },
    });
    return 'created';
  });
}
