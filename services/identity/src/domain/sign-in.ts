import { HallError, type StaffRole, type Tx } from '@hall/platform';
import { eq, sql } from 'drizzle-orm';
import { accounts, staff } from '../db/schema';
import { recordAudit } from './audit';
import type { IdentityDeps, RequestMeta } from './deps';
import { spendVerificationTime, verifySecret } from './passwords';
import { issueTokens, type Subject, type TokenPair } from './sessions';

export type Realm = 'citizen' | 'staff';

/** What sign-in needs of an account, whichever table it lives in. */
interface Credential {
  subject: Subject;
  name: string;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: Date | null;
  enabled: boolean;
}

const invalidCredentials = () => new HallError(401, 'invalid_credentials', '用户名或密码错误');

function lockedError(until: Date, now: Date): HallError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new HallError(
    423,
    'account_locked',
    `密码错误次数过多，账号已锁定，请${minutes}分钟后再试`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  );
}

async function findCredential(
  tx: Tx,
  realm: Realm,
  username: string,
  { lock = false } = {},
): Promise<Credential | null> {
  const lowered = username.trim().toLowerCase();
  if (realm === 'citizen') {
    const query = tx
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.username}) = ${lowered}`)
      .$dynamic();
    const [row] = await (lock ? query.for('update') : query);
    if (!row) return null;
    return {
      subject: { id: row.id, kind: row.kind, station: null, roles: [], departmentId: null },
      name: row.unitName ?? row.realName,
      passwordHash: row.passwordHash,
      failedLogins: row.failedLogins,
      lockedUntil: row.lockedUntil,
      enabled: true,
    };
  }
  const query = tx
    .select()
    .from(staff)
    .where(sql`lower(${staff.username}) = ${lowered}`)
    .$dynamic();
  const [row] = await (lock ? query.for('update') : query);
  if (!row) return null;
  return {
    subject: {
      id: row.id,
      kind: row.kind,
      station: row.station,
      roles: row.roles as StaffRole[],
      departmentId: row.departmentId,
    },
    name: row.name,
    passwordHash: row.passwordHash,
    failedLogins: row.failedLogins,
    lockedUntil: row.lockedUntil,
    enabled: row.enabled,
  };
}

async function saveFailures(
  tx: Tx,
  realm: Realm,
  id: string,
  failedLogins: number,
  lockedUntil: Date | null,
) {
  const table = realm === 'citizen' ? accounts : staff;
  await tx.update(table).set({ failedLogins, lockedUntil }).where(eq(table.id, id));
}

/**
 * Sign in with username and password. After LOGIN_MAX_FAILURES wrong passwords in a row the
 * account is locked for LOGIN_LOCKOUT_SECONDS (等保: login-failure handling); while locked even
 * the right password is refused. Failures are committed before the error is raised.
 */
export async function signIn(
  deps: IdentityDeps,
  realm: Realm,
  username: string,
  password: string,
  meta: RequestMeta,
): Promise<{ tokens: TokenPair; subject: Subject; name: string }> {
  const now = deps.now();
  const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_SECONDS } = deps.config;
  // The argon2 verify runs before the transaction, so a sign-in holds neither a row lock nor a
  // pooled connection while it hashes. Its outcome is then applied under the row lock, against
  // the counters as they are by then, which keeps the lockout exact under concurrent attempts.
  const seen = await deps.database.withAllStations((tx) => findCredential(tx, realm, username));
  const verifiable = seen?.enabled && !(seen.lockedUntil && seen.lockedUntil > now);
  const verified = verifiable ? await verifySecret(seen.passwordHash, password) : false;
  if (!verifiable) await spendVerificationTime(password);

  const result = await deps.database.withAllStations(async (tx) => {
    const cred = await findCredential(tx, realm, username, { lock: true });
    if (!cred || !cred.enabled) {
      await recordAudit(tx, {
        event: 'login.failed',
        outcome: 'failure',
        station: cred?.subject.station ?? null,
        actor: cred ? { kind: cred.subject.kind, id: cred.subject.id } : { kind: 'anonymous' },
        ip: meta.ip,
        details: { realm, reason: cred ? 'disabled' : 'unknown_user' },
      });
      return { error: invalidCredentials() };
    }
    // Staff names help whoever reads a station's log; a citizen's real name is personal data
    // and stays out of it (the account id identifies them to an operator who must know).
    const actor = {
      kind: cred.subject.kind,
      id: cred.subject.id,
      name: realm === 'staff' ? cred.name : null,
    };
    const station = cred.subject.station;
    if (cred.lockedUntil && cred.lockedUntil > now) {
      await recordAudit(tx, {
        event: 'login.failed',
        outcome: 'failure',
        station,
        actor,
        ip: meta.ip,
        details: { realm, reason: 'locked' },
      });
      return { error: lockedError(cred.lockedUntil, now) };
    }
    // A password changed in between invalidates what was verified against the old hash.
    if (!verified || cred.passwordHash !== seen?.passwordHash) {
      const failures = (cred.lockedUntil ? 0 : cred.failedLogins) + 1;
      if (failures >= LOGIN_MAX_FAILURES) {
        const until = new Date(now.getTime() + LOGIN_LOCKOUT_SECONDS * 1000);
        await saveFailures(tx, realm, cred.subject.id, 0, until);
        await recordAudit(tx, {
          event: 'login.locked',
          outcome: 'failure',
          station,
          actor,
          ip: meta.ip,
          details: { realm, failures },
        });
        return { error: lockedError(until, now) };
      }
      await saveFailures(tx, realm, cred.subject.id, failures, null);
      await recordAudit(tx, {
        event: 'login.failed',
        outcome: 'failure',
        station,
        actor,
        ip: meta.ip,
        details: { realm, reason: 'wrong_password', failures },
      });
      const left = LOGIN_MAX_FAILURES - failures;
      return {
        error: new HallError(
          401,
          'invalid_credentials',
          `用户名或密码错误，再错${left}次账号将被锁定`,
        ),
      };
    }
    await saveFailures(tx, realm, cred.subject.id, 0, null);
    await recordAudit(tx, {
      event: 'login.succeeded',
      outcome: 'success',
      station,
      actor,
      ip: meta.ip,
      details: { realm },
    });
    return {
      ok: {
        tokens: await issueTokens(deps, tx, cred.subject),
        subject: cred.subject,
        name: cred.name,
      },
    };
  });
  if ('error' in result) throw result.error;
  return result.ok;
}
