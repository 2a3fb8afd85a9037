import { HallError, enqueueEvent, type Tx } from '@hall/platform';
import {
  checkCreditCode,
  checkIdCardNumber,
  checkMobile,
  checkPassword,
  checkUsername,
  maskCreditCode,
  maskIdCardNumber,
  maskMobile,
  normalizeCreditCode,
  normalizeIdCardNumber,
  normalizeMobile,
  normalizeSecurityAnswer,
} from '@hall/platform/validation';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AccountKind,
  AccountRegisteredSchema,
} from '@hall/proto/hall/identity/v1/identity_events_pb';
import { asc, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { accounts, securityQuestions } from '../db/schema';
import { recordAudit } from './audit';
import type { IdentityDeps, RequestMeta } from './deps';
import { FieldErrors, isUniqueViolation } from './fields';
import { hashSecret, verifySecret } from './passwords';
import { revokeAllSessions } from './sessions';

type AccountRow = typeof accounts.$inferSelect;

export interface PersonRegistration {
  username: string;
  password: string;
  realName: string;
  idNumber: string;
  mobile: string;
}

export interface UnitRegistration {
  username: string;
  password: string;
  unitName: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  operatorName: string;
  operatorMobile: string;
}

const nameCheck = (value: string) =>
  /^[\p{Script=Han}·A-Za-z ]{2,30}$/u.test(value.trim())
    ? ({ ok: true } as const)
    : ({ ok: false, code: 'name.format', message: '请填写真实姓名（2至30个汉字或字母）' } as const);

const unitNameCheck = (value: string) =>
  value.trim().length >= 4 && value.trim().length <= 60
    ? ({ ok: true } as const)
    : ({ ok: false, code: 'unit_name.length', message: '请填写单位全称（4至60个字）' } as const);

function taken(field: string, message: string): HallError {
  return HallError.conflict('already_registered', message, {
    errors: [{ field, code: `${field}.taken`, message }],
  });
}

async function insertAccount(
  deps: IdentityDeps,
  values: Omit<typeof accounts.$inferInsert, 'id' | 'passwordHash'>,
  password: string,
  meta: RequestMeta,
): Promise<{ id: string }> {
  const id = uuidv7();
  const passwordHash = await hashSecret(password);
  const kind = values.kind;
  try {
    await deps.database.transaction(async (tx) => {
      await tx.insert(accounts).values({ ...values, id, passwordHash });
      await recordAudit(tx, {
        event: 'account.registered',
        outcome: 'success',
        station: null,
        actor: { kind, id },
        ip: meta.ip,
        details: { kind },
      });
      await enqueueEvent(tx, deps.namespace, {
        station: 'cq',
        domain: 'identity',
        event: 'account_registered',
        schema: AccountRegisteredSchema,
        message: create(AccountRegisteredSchema, {
          accountId: id,
          kind: kind === 'person' ? AccountKind.PERSON : AccountKind.UNIT,
          registeredAt: timestampFromDate(deps.now()),
        }),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err, 'accounts_username_key'))
      throw taken('username', '该用户名已被注册');
    if (isUniqueViolation(err, 'accounts_person_id_number_key'))
      throw taken('idNumber', '该身份证号码已注册过账号');
    if (isUniqueViolation(err, 'accounts_unit_credit_code_key'))
      throw taken('creditCode', '该统一社会信用代码已注册过账号');
    throw err;
  }
  deps.afterCommit();
  return { id };
}

/** 个人注册. Every invalid field is reported with its own reason; nothing is written then. */
export async function registerPerson(
  deps: IdentityDeps,
  input: PersonRegistration,
  meta: RequestMeta,
) {
  const idNumber = normalizeIdCardNumber(input.idNumber);
  const mobile = normalizeMobile(input.mobile);
  const errors = new FieldErrors()
    .check('username', checkUsername(input.username))
    .check('password', checkPassword(input.password, { username: input.username }))
    .check('realName', nameCheck(input.realName))
    .check('idNumber', checkIdCardNumber(idNumber, { today: deps.now() }))
    .check('mobile', checkMobile(mobile));
  if (errors.any) throw HallError.validation(errors.list);
  return insertAccount(
    deps,
    {
      kind: 'person',
      username: input.username.trim(),
      realName: input.realName.trim(),
      idNumber: deps.cipher.seal(idNumber),
      idNumberIndex: deps.cipher.index(idNumber),
      mobile: deps.cipher.seal(mobile),
    },
    input.password,
    meta,
  );
}

/** 单位注册. */
export async function registerUnit(deps: IdentityDeps, input: UnitRegistration, meta: RequestMeta) {
  const creditCode = normalizeCreditCode(input.creditCode);
  const legalRepIdNumber = normalizeIdCardNumber(input.legalRepIdNumber);
  const mobile = normalizeMobile(input.operatorMobile);
  const errors = new FieldErrors()
    .check('username', checkUsername(input.username))
    .check('password', checkPassword(input.password, { username: input.username }))
    .check('unitName', unitNameCheck(input.unitName))
    .check('creditCode', checkCreditCode(creditCode))
    .check('legalRepName', nameCheck(input.legalRepName))
    .check('legalRepIdNumber', checkIdCardNumber(legalRepIdNumber, { today: deps.now() }))
    .check('operatorName', nameCheck(input.operatorName))
    .check('operatorMobile', checkMobile(mobile));
  if (errors.any) throw HallError.validation(errors.list);
  return insertAccount(
    deps,
    {
      kind: 'unit',
      username: input.username.trim(),
      realName: input.operatorName.trim(),
      unitName: input.unitName.trim(),
      creditCode,
      legalRepName: input.legalRepName.trim(),
      legalRepIdNumber: deps.cipher.seal(legalRepIdNumber),
      mobile: deps.cipher.seal(mobile),
    },
    input.password,
    meta,
  );
}

async function loadAccount(tx: Tx, id: string): Promise<AccountRow> {
  const [row] = await tx.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw HallError.notFound('账号不存在');
  return row;
}

/**
 * 个人信息 / 资料设置 as the owner sees it: ID and phone numbers in full (the owner may see
 * them) and masked, for pages that show the masked form by default.
 */
export async function getProfile(deps: IdentityDeps, accountId: string) {
  return deps.database.transaction(async (tx) => {
    const row = await loadAccount(tx, accountId);
    const [questions] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(securityQuestions)
      .where(eq(securityQuestions.accountId, accountId));
    return profileOf(deps, row, (questions?.n ?? 0) > 0);
  });
}

function profileOf(deps: IdentityDeps, row: AccountRow, hasSecurityQuestions: boolean) {
  const mobile = deps.cipher.open(row.mobile);
  const common = {
    id: row.id,
    kind: row.kind,
    username: row.username,
    mobile,
    mobileMasked: maskMobile(mobile),
    email: row.email,
    address: row.address,
    hasSecurityQuestions,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.kind === 'person') {
    const idNumber = deps.cipher.open(row.idNumber!);
    return {
      ...common,
      realName: row.realName,
      idNumber,
      idNumberMasked: maskIdCardNumber(idNumber),
    };
  }
  const legalRepIdNumber = deps.cipher.open(row.legalRepIdNumber!);
  return {
    ...common,
    operatorName: row.realName,
    unitName: row.unitName!,
    creditCode: row.creditCode!,
    creditCodeMasked: maskCreditCode(row.creditCode!),
    legalRepName: row.legalRepName!,
    legalRepIdNumber,
    legalRepIdNumberMasked: maskIdCardNumber(legalRepIdNumber),
  };
}

export interface ProfileUpdate {
  mobile?: string | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
  /** Units only: 经办人 and 法定代表人 may change; the unit's name and credit code may not. */
  operatorName?: string | undefined;
  legalRepName?: string | undefined;
  legalRepIdNumber?: string | undefined;
}

/**
 * 资料设置. A person's name and ID number are their verified identity and cannot be edited here;
 * neither can a unit's name and credit code.
 */
export async function updateProfile(
  deps: IdentityDeps,
  accountId: string,
  input: ProfileUpdate,
  meta: RequestMeta,
) {
  const errors = new FieldErrors();
  const set: Partial<typeof accounts.$inferInsert> = {};
  const row = await deps.database.transaction((tx) => loadAccount(tx, accountId));
  if (input.mobile !== undefined) {
    const mobile = normalizeMobile(input.mobile);
    errors.check('mobile', checkMobile(mobile));
    set.mobile = deps.cipher.seal(mobile);
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() || null;
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      errors.add('email', 'email.format', '电子邮箱格式不正确');
    set.email = email;
  }
  if (input.address !== undefined) set.address = input.address?.trim() || null;
  if (row.kind === 'unit') {
    if (input.operatorName !== undefined) {
      errors.check('operatorName', nameCheck(input.operatorName));
      set.realName = input.operatorName.trim();
    }
    if (input.legalRepName !== undefined) {
      errors.check('legalRepName', nameCheck(input.legalRepName));
      set.legalRepName = input.legalRepName.trim();
    }
    if (input.legalRepIdNumber !== undefined) {
      const id = normalizeIdCardNumber(input.legalRepIdNumber);
      errors.check('legalRepIdNumber', checkIdCardNumber(id, { today: deps.now() }));
      set.legalRepIdNumber = deps.cipher.seal(id);
    }
  } else {
    // Each unit-only field a person sent is reported on that field.
    for (const field of ['operatorName', 'legalRepName', 'legalRepIdNumber'] as const) {
      if (input[field] !== undefined)
        errors.add(field, 'profile.unit_only', '个人用户不能填写单位信息');
    }
  }
  if (errors.any) throw HallError.validation(errors.list);
  await deps.database.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ ...set, updatedAt: deps.now() })
      .where(eq(accounts.id, accountId));
    await recordAudit(tx, {
      event: 'profile.updated',
      outcome: 'success',
      station: null,
      actor: { kind: row.kind, id: row.id },
      ip: meta.ip,
      details: { fields: Object.keys(set) },
    });
  });
  return getProfile(deps, accountId);
}

/** 修改密码: needs the current password; signs the account out everywhere. */
export async function changePassword(
  deps: IdentityDeps,
  accountId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const row = await deps.database.transaction((tx) => loadAccount(tx, accountId));
  if (!(await verifySecret(row.passwordHash, input.currentPassword))) {
    await deps.database.transaction((tx) =>
      recordAudit(tx, {
        event: 'password.changed',
        outcome: 'failure',
        station: null,
        actor: { kind: row.kind, id: row.id },
        ip: meta.ip,
      }),
    );
    throw HallError.validation([
      { field: 'currentPassword', code: 'password.wrong', message: '当前密码不正确' },
    ]);
  }
  const errors = new FieldErrors().check(
    'newPassword',
    checkPassword(input.newPassword, { username: row.username }),
  );
  if (input.newPassword === input.currentPassword)
    errors.add('newPassword', 'password.unchanged', '新密码不能与当前密码相同');
  if (errors.any) throw HallError.validation(errors.list);
  const passwordHash = await hashSecret(input.newPassword);
  await deps.database.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, passwordChangedAt: deps.now(), updatedAt: deps.now() })
      .where(eq(accounts.id, accountId));
    await revokeAllSessions(deps, tx, accountId);
    await recordAudit(tx, {
      event: 'password.changed',
      outcome: 'success',
      station: null,
      actor: { kind: row.kind, id: row.id },
      ip: meta.ip,
    });
  });
}

export const SECURITY_QUESTION_COUNT = 3;

/** 密保问题 without their answers. */
export async function getSecurityQuestions(
  deps: IdentityDeps,
  accountId: string,
): Promise<string[]> {
  const rows = await deps.database.transaction((tx) =>
    tx
      .select({ question: securityQuestions.question })
      .from(securityQuestions)
      .where(eq(securityQuestions.accountId, accountId))
      .orderBy(asc(securityQuestions.position)),
  );
  return rows.map((r) => r.question);
}

/** Set or replace the three 密保问题; needs the current password. */
export async function setSecurityQuestions(
  deps: IdentityDeps,
  accountId: string,
  input: { currentPassword: string; questions: Array<{ question: string; answer: string }> },
  meta: RequestMeta,
): Promise<void> {
  const row = await deps.database.transaction((tx) => loadAccount(tx, accountId));
  const errors = new FieldErrors();
  if (!(await verifySecret(row.passwordHash, input.currentPassword))) {
    errors.add('currentPassword', 'password.wrong', '当前密码不正确');
    await deps.database.transaction((tx) =>
      recordAudit(tx, {
        event: 'security_questions.changed',
        outcome: 'failure',
        station: null,
        actor: { kind: row.kind, id: row.id },
        ip: meta.ip,
      }),
    );
  }
  const seen = new Set<string>();
  input.questions.forEach((q, i) => {
    const question = q.question.trim();
    if (question.length < 2 || question.length > 50)
      errors.add(`questions/${i}/question`, 'question.length', '密保问题应为2至50个字');
    else if (seen.has(question))
      errors.add(`questions/${i}/question`, 'question.duplicate', '密保问题不能重复');
    seen.add(question);
    const answer = normalizeSecurityAnswer(q.answer);
    if (answer.length < 1 || answer.length > 50)
      errors.add(`questions/${i}/answer`, 'answer.length', '密保答案应为1至50个字');
  });
  if (input.questions.length !== SECURITY_QUESTION_COUNT) {
    errors.add('questions', 'questions.count', `请设置${SECURITY_QUESTION_COUNT}个密保问题`);
  }
  if (errors.any) throw HallError.validation(errors.list);
  const hashed = await Promise.all(
    input.questions.map(async (q, i) => ({
      accountId,
      position: i + 1,
      question: q.question.trim(),
      answerHash: await hashSecret(normalizeSecurityAnswer(q.answer)),
    })),
  );
  await deps.database.transaction(async (tx) => {
    await tx.delete(securityQuestions).where(eq(securityQuestions.accountId, accountId));
    await tx.insert(securityQuestions).values(hashed);
    await recordAudit(tx, {
      event: 'security_questions.changed',
      outcome: 'success',
      station: null,
      actor: { kind: row.kind, id: row.id },
      ip: meta.ip,
    });
  });
}

async function accountByUsername(
  tx: Tx,
  username: string,
  options: { forUpdate?: boolean } = {},
): Promise<AccountRow | undefined> {
  const query = tx
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.username}) = ${username.trim().toLowerCase()}`);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

const noQuestions = () =>
  new HallError(404, 'no_security_questions', '该账号不存在或未设置密保问题，请联系客服重置密码');

/** 忘记密码, step 1: the questions of a username. */
export async function resetQuestions(deps: IdentityDeps, username: string): Promise<string[]> {
  const row = await deps.database.transaction((tx) => accountByUsername(tx, username));
  if (!row) throw noQuestions();
  const questions = await getSecurityQuestions(deps, row.id);
  if (questions.length === 0) throw noQuestions();
  return questions;
}

/**
 * 忘记密码, step 2: all answers right → the new password is set, any login lock lifted and
 * every session ended. Wrong answers count; after RESET_MAX_FAILURES the reset is locked for
 * RESET_LOCKOUT_SECONDS, so answers cannot be guessed at speed.
 */
export async function resetPassword(
  deps: IdentityDeps,
  input: { username: string; answers: string[]; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const { RESET_MAX_FAILURES, RESET_LOCKOUT_SECONDS } = deps.config;
  // One transaction holds the account row (FOR UPDATE) from the lock check to the update of the
  // failure count, so parallel guesses queue up and are each counted, instead of all reading the
  // same count and outrunning the lock. Failures are committed, then raised.
  const error = await deps.database.transaction(async (tx): Promise<HallError | null> => {
    const row = await accountByUsername(tx, input.username, { forUpdate: true });
    if (!row) return noQuestions();
    const now = deps.now();
    const actor = { kind: row.kind, id: row.id };
    if (row.resetLockedUntil && row.resetLockedUntil > now) {
      const minutes = Math.ceil((row.resetLockedUntil.getTime() - now.getTime()) / 60_000);
      return new HallError(423, 'reset_locked', `密保答案错误次数过多，请${minutes}分钟后再试`);
    }
    const stored = await tx
      .select()
      .from(securityQuestions)
      .where(eq(securityQuestions.accountId, row.id))
      .orderBy(asc(securityQuestions.position));
    if (stored.length === 0) return noQuestions();
    const passwordCheck = checkPassword(input.newPassword, { username: row.username });
    if (!passwordCheck.ok)
      return HallError.validation([
        { field: 'newPassword', code: passwordCheck.code, message: passwordCheck.message },
      ]);

    const results = await Promise.all(
      stored.map((q, i) =>
        verifySecret(q.answerHash, normalizeSecurityAnswer(input.answers[i] ?? '')),
      ),
    );
    if (input.answers.length !== stored.length || results.some((ok) => !ok)) {
      const failures = (row.resetLockedUntil ? 0 : row.resetFailures) + 1;
      const locked = failures >= RESET_MAX_FAILURES;
      await tx
        .update(accounts)
        .set(
          locked
            ? {
                resetFailures: 0,
                resetLockedUntil: new Date(now.getTime() + RESET_LOCKOUT_SECONDS * 1000),
              }
            : { resetFailures: failures, resetLockedUntil: null },
        )
        .where(eq(accounts.id, row.id));
      await recordAudit(tx, {
        event: 'password.reset_failed',
        outcome: 'failure',
        station: null,
        actor,
        ip: meta.ip,
        details: { failures, locked },
      });
      if (locked)
        return new HallError(
          423,
          'reset_locked',
          `密保答案错误次数过多，请${Math.ceil(RESET_LOCKOUT_SECONDS / 60)}分钟后再试`,
        );
      return HallError.validation(
        [{ field: 'answers', code: 'answers.wrong', message: '密保答案不正确' }],
        `密保答案不正确，还可尝试${RESET_MAX_FAILURES - failures}次`,
      );
    }
    const passwordHash = await hashSecret(input.newPassword);
    await tx
      .update(accounts)
      .set({
        passwordHash,
        passwordChangedAt: now,
        resetFailures: 0,
        resetLockedUntil: null,
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: now,
      })
      .where(eq(accounts.id, row.id));
    await revokeAllSessions(deps, tx, row.id);
    await recordAudit(tx, {
      event: 'password.reset',
      outcome: 'success',
      station: null,
      actor,
      ip: meta.ip,
    });
    return null;
  });
  if (error) throw error;
}
