import { createHash, randomBytes } from 'node:crypto';
import { HallError, type AccessClaims, type StaffRole, type Tx } from '@hall/platform';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { accounts, refreshTokens, staff } from '../db/schema';
import { recordAudit } from './audit';
import type { IdentityDeps, RequestMeta } from './deps';

export type SubjectKind = 'person' | 'unit' | 'staff' | 'operator';

export interface Subject {
  id: string;
  kind: SubjectKind;
  station: string | null;
  roles: StaffRole[];
  departmentId: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the session ends if unused. */
  refreshExpiresIn: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export const sessionExpired = () => new HallError(401, 'session_expired', '登录已失效，请重新登录');

function claimsOf(subject: Subject): AccessClaims {
  if (subject.kind !== 'staff') return { sub: subject.id, typ: subject.kind };
  return {
    sub: subject.id,
    typ: 'staff',
    stn: subject.station ?? undefined,
    roles: subject.roles,
    ...(subject.departmentId ? { dept: subject.departmentId } : {}),
  };
}

/** Start a session (or continue a family on rotation): an access JWT and a new refresh token. */
export async function issueTokens(
  deps: IdentityDeps,
  tx: Tx,
  subject: Subject,
  family: { id: string; absoluteExpiresAt: Date } | null = null,
): Promise<TokenPair> {
  const { config } = deps;
  const now = deps.now();
  const refreshToken = randomBytes(32).toString('base64url');
  const absoluteExpiresAt =
    family?.absoluteExpiresAt ?? new Date(now.getTime() + config.REFRESH_ABSOLUTE_SECONDS * 1000);
  const idleExpiresAt = new Date(
    Math.min(now.getTime() + config.REFRESH_IDLE_SECONDS * 1000, absoluteExpiresAt.getTime()),
  );
  await tx.insert(refreshTokens).values({
    id: uuidv7(),
    tokenHash: hashToken(refreshToken),
    familyId: family?.id ?? uuidv7(),
    subjectId: subject.id,
    subjectKind: subject.kind,
    station: subject.station,
    issuedAt: now,
    idleExpiresAt,
    absoluteExpiresAt,
  });
  return {
    accessToken: await deps.keys.sign(claimsOf(subject), config.ACCESS_TOKEN_TTL_SECONDS),
    refreshToken,
    expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshExpiresIn: Math.round((idleExpiresAt.getTime() - now.getTime()) / 1000),
  };
}

/** The subject as it is now: roles or a disabled account take effect at the next refresh. */
async function currentSubject(tx: Tx, id: string, kind: SubjectKind): Promise<Subject | null> {
  if (kind === 'person' || kind === 'unit') {
    const [row] = await tx
      .select({ id: accounts.id, kind: accounts.kind })
      .from(accounts)
      .where(eq(accounts.id, id));
    return row
      ? { id: row.id, kind: row.kind, station: null, roles: [], departmentId: null }
      : null;
  }
  const [row] = await tx.select().from(staff).where(eq(staff.id, id));
  if (!row || !row.enabled) return null;
  return {
    id: row.id,
    kind: row.kind,
    station: row.station,
    roles: row.roles as StaffRole[],
    departmentId: row.departmentId,
  };
}

/**
 * Exchange a refresh token for a new pair. The old token is spent atomically; presenting a
 * spent token again means it was stolen or replayed, so the whole family is revoked.
 */
export async function refreshSession(
  deps: IdentityDeps,
  token: string,
  meta: RequestMeta,
): Promise<TokenPair> {
  const now = deps.now();
  const outcome = await deps.database.withAllStations(async (tx) => {
    const [spent] = await tx
      .update(refreshTokens)
      .set({ rotatedAt: now })
      .where(
        and(
          eq(refreshTokens.tokenHash, hashToken(token)),
          isNull(refreshTokens.rotatedAt),
          isNull(refreshTokens.revokedAt),
          // gt() binds `now` through the column's encoder; a Date inside a raw sql`` template
          // reaches postgres.js unencoded and fails.
          gt(refreshTokens.idleExpiresAt, now),
        ),
      )
      .returning();
    if (!spent) {
      const [known] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, hashToken(token)));
      if (known?.rotatedAt && !known.revokedAt) {
        await tx
          .update(refreshTokens)
          .set({ revokedAt: now })
          .where(eq(refreshTokens.familyId, known.familyId));
        await recordAudit(tx, {
          event: 'session.reuse_detected',
          outcome: 'failure',
          station: known.station,
          actor: { kind: known.subjectKind, id: known.subjectId },
          ip: meta.ip,
        });
      }
      return null;
    }
    const subject = await currentSubject(tx, spent.subjectId, spent.subjectKind);
    if (!subject) return null;
    return issueTokens(deps, tx, subject, {
      id: spent.familyId,
      absoluteExpiresAt: spent.absoluteExpiresAt,
    });
  });
  if (!outcome) throw sessionExpired();
  return outcome;
}

/** 退出登录: end the session the refresh token belongs to. Unknown tokens are ignored. */
export async function logout(deps: IdentityDeps, token: string, meta: RequestMeta): Promise<void> {
  await deps.database.withAllStations(async (tx) => {
    const [known] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(token)));
    if (!known) return;
    await tx
      .update(refreshTokens)
      .set({ revokedAt: deps.now() })
      .where(and(eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt)));
    await recordAudit(tx, {
      event: 'logout',
      outcome: 'success',
      station: known.station,
      actor: { kind: known.subjectKind, id: known.subjectId },
      ip: meta.ip,
    });
  });
}

/** Sign a subject out everywhere (password changed or reset, account disabled). */
export async function revokeAllSessions(
  deps: IdentityDeps,
  tx: Tx,
  subjectId: string,
): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: deps.now() })
    .where(and(eq(refreshTokens.subjectId, subjectId), isNull(refreshTokens.revokedAt)));
}
