import { randomInt } from 'node:crypto';
import { HallError, Statement, slot, type Executor } from '@hall/platform';
import { validateAnswers } from '@hall/platform/forms';
import {
  checkCreditCode,
  checkIdCardNumber,
  checkMobile,
  normalizeCreditCode,
  normalizeIdCardNumber,
  normalizeMobile,
} from '@hall/platform/validation';
import { and, eq, sql } from 'drizzle-orm';
import { applications, serialCounters } from '../db/schema';
import { checkRevision, stateConflict, withOwnApplication, type Applicant } from './access';
import { dueAfter, shanghaiDay } from '@hall/platform/calendar';
import type { SubmissionsDeps } from './deps';
import { emitFilesAttached, emitStateChanged, emitSubmitted, type ApplicationRow } from './events';
import { FieldErrors } from './fields';
import type { ItemSnapshot } from './items';
import type { Basic, StoredProvision } from './model';
import { openAnswers, openBasic, sealAnswers, sealBasic } from './personal';
import type { ReceiptPlain } from './receipt';
import { findStation, requireStation, type StationInfo } from './stations';
import { recordTransition } from './transitions';

/** 查询密码 alphabet: no 0/O, 1/I/L, so it can be read out and typed without doubt. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const PASSWORD_LENGTH = 8;
const MB = 1024 * 1024;

export function newQueryPassword(): string {
  let password = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++)
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

const countSerial = new Statement((executor) =>
  executor
    .insert(serialCounters)
    .values({ station: sql.placeholder('station'), day: sql.placeholder('day'), last: 1 })
    .onConflictDoUpdate({
      target: [serialCounters.station, serialCounters.day],
      set: { last: sql`${serialCounters.last} + 1` },
    })
    .returning({ last: serialCounters.last }),
);

/**
 * The station's next sequence number of `day`. The counter row stays locked until the submit
 * commits: serials of a station and day are handed out one at a time, without gaps from
 * rolled-back submits.
 */
async function nextSequence(tx: Executor, station: string, day: string): Promise<number> {
  const [counter] = await countSerial.run(tx, { station, day });
  const sequence = counter!.last;
  if (sequence > 999_999)
    throw new HallError(503, 'serial_exhausted', '今日申报量已达上限，请明日再试');
  return sequence;
}

/** A 申办流水号: the station's prefix + yyyymmdd + the day's 6-digit sequence. */
function serialNumber(prefix: string, day: string, sequence: number): string {
  return `${prefix}${day}${String(sequence).padStart(6, '0')}`;
}

export interface CheckedApplication {
  basic: Basic;
  answers: Record<string, string | number | boolean>;
  materials: StoredProvision[];
}

const BASIC_LABELS = {
  name: { person: '申请人姓名', unit: '申请单位名称' },
  contactName: '联系人',
  address: '联系地址',
} as const;

/**
 * Everything submit checks, all at once: 基本信息, the business form, the materials against the
 * version's list. Returns the normalised application (ID numbers upper-case, mobiles without
 * spaces, empty 容缺后补 / 非必要 / 窗口提交 provisions made explicit) or throws every problem.
 */
export function checkForSubmit(
  row: ApplicationRow,
  item: ItemSnapshot,
  basic: Basic,
  answers: Record<string, string | number | boolean>,
): CheckedApplication {
  const errors = new FieldErrors();
  const unit = row.applicantKind === 'unit';
  const normalized: Basic = { ...basic };

  if (!basic.name)
    errors.add('basic/name', 'basic.required', `请填写${BASIC_LABELS.name[row.applicantKind]}`);
  if (!basic.idNumber) {
    errors.add(
      'basic/idNumber',
      'basic.required',
      unit ? '请填写统一社会信用代码' : '请填写身份证号码',
    );
  } else {
    const check = unit ? checkCreditCode(basic.idNumber) : checkIdCardNumber(basic.idNumber);
    if (!check.ok) errors.add('basic/idNumber', check.code, check.message);
    else
      normalized.idNumber = unit
        ? normalizeCreditCode(basic.idNumber)
        : normalizeIdCardNumber(basic.idNumber);
  }
  if (unit && !basic.legalRepresentative)
    errors.add('basic/legalRepresentative', 'basic.required', '请填写法定代表人姓名');
  if (!basic.contactName) errors.add('basic/contactName', 'basic.required', '请填写联系人');
  if (!basic.mobile) {
    errors.add('basic/mobile', 'basic.required', '请填写手机号码');
  } else {
    const check = checkMobile(basic.mobile);
    if (!check.ok) errors.add('basic/mobile', check.code, check.message);
    else normalized.mobile = normalizeMobile(basic.mobile);
  }
  if (!basic.address) errors.add('basic/address', 'basic.required', '请填写联系地址');
  if (basic.postcode && !/^\d{6}$/.test(basic.postcode))
    errors.add('basic/postcode', 'basic.postcode', '邮政编码应为6位数字');

  let values: Record<string, string | number | boolean> = {};
  if (item.form) {
    const result = validateAnswers(item.form, answers);
    if (result.ok) values = result.values;
    else for (const e of result.errors) errors.add(`answers/${e.field}`, e.code, e.message);
  } else {
    for (const key of Object.keys(answers))
      errors.add(`answers/${key}`, 'answer.unknown_field', '表单中没有这一项');
  }

  const byId = new Map(row.materials.map((p) => [p.materialId, p]));
  for (const p of row.materials)
    if (!item.materials.some((m) => m.id === p.materialId))
      errors.add(`materials/${p.materialId}`, 'material.unknown', '该事项没有这项材料');
  const materials: StoredProvision[] = [];
  for (const spec of item.materials) {
    const field = `materials/${spec.id}`;
    const p = byId.get(spec.id);
    if (spec.collection === 'window') {
      materials.push({ materialId: spec.id, provision: 'window', files: [] });
      continue;
    }
    if (p?.provision === 'upload' && p.files.length > 0) {
      const types = new Set(spec.fileTypes);
      for (const file of p.files) {
        if (types.size > 0 && !types.has(file.extension.toLowerCase()))
          errors.add(
            field,
            'material.file_type',
            `“${spec.name}”只能上传 ${spec.fileTypes.join('、')} 格式的文件，“${file.name}”不符合`,
          );
        if (spec.maxSizeMb > 0 && file.size > spec.maxSizeMb * MB)
          errors.add(
            field,
            'material.file_size',
            `“${file.name}”超过了“${spec.name}”的大小限制 ${spec.maxSizeMb}MB`,
          );
      }
      materials.push(p);
    } else if (spec.necessity === 'required') {
      errors.add(field, 'material.required', `请上传必要材料“${spec.name}”`);
    } else if (spec.necessity === 'deferrable') {
      materials.push({ materialId: spec.id, provision: 'deferred', files: [] });
    } else {
      materials.push({ materialId: spec.id, provision: 'none', files: [] });
    }
  }
  if (errors.any)
    throw HallError.validation(errors.list, '申报信息还不完整或有误，请按提示修改后再提交');
  return { basic: normalized, answers: values, materials };
}

/** 提交's write: every column `submitApplication` changes, by name. */
const submitDraft = new Statement((executor) =>
  executor
    .update(applications)
    .set({
      state: slot('state'),
      basic: slot('basic'),
      applicantName: slot('applicantName'),
      answers: slot('answers'),
      materials: slot('materials'),
      queryPassword: slot('queryPassword'),
      serial: slot('serial'),
      submittedAt: slot('submittedAt'),
      prereviewDueAt: slot('prereviewDueAt'),
      currentDueAt: slot('currentDueAt'),
      revision: slot('revision'),
      updatedAt: slot('updatedAt'),
    })
    .where(
      and(
        eq(applications.station, sql.placeholder('station')),
        eq(applications.id, sql.placeholder('id')),
      ),
    ),
);

function applicantFiles(materials: StoredProvision[]): string[] {
  return materials.flatMap((p) => p.files.map((f) => f.id));
}

export interface SubmitResult {
  row: ApplicationRow;
  /** false when it had been submitted already (the same receipt again). */
  submitted: boolean;
  /** What the receipt needs besides the row, read in the same unit of work. */
  item: ItemSnapshot;
  station: StationInfo | null;
  /** What this submit sealed, in plain text (for the receipt): absent for a repeated one. */
  plain?: ReceiptPlain;
}

/**
 * 提交: check everything, then in one transaction write the state, the serial, the query
 * password, the transition and the events (outbox) — no remote call, so it works while NATS is
 * down. The row is locked first: a double click or a retried request waits for the first
 * submit and then gets its receipt instead of making another.
 */
export async function submitApplication(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
  revision: number,
): Promise<SubmitResult> {
  const result = await withOwnApplication(
    deps.database,
    applicant,
    id,
    { forUpdate: true },
    async (tx, row) => {
      const { station } = row;
      if (row.state !== 'draft') return alreadySubmitted(deps, tx, row);
      checkRevision(row, revision);
      const item = await deps.itemVersions.load(tx, station, row.itemId, row.itemVersion);
      const opened = {
        basic: openBasic(deps.cipher, row.basic),
        answers: openAnswers(deps.cipher, row.answers),
      };
      const checked = checkForSubmit(row, item, opened.basic, opened.answers);
      const now = deps.now();
      const prereviewDueAt = dueAfter(now, {
        value: deps.config.PREREVIEW_WORKDAYS,
        unit: 'workday',
      });
      const queryPassword = newQueryPassword();
      // Everything but the serial is made before the serial's counter row is locked: that lock
      // serialises the station's submits until commit, so nothing slow may happen under it. The
      // station's row is read with the counter (a disabled station rolls the count back).
      const changes = {
        state: 'submitted' as const,
        basic: sealBasic(deps.cipher, checked.basic, { stored: row.basic, plain: opened.basic }),
        applicantName: checked.basic.name ?? null,
        answers: sealAnswers(deps.cipher, item.form, checked.answers, {
          stored: row.answers,
          plain: opened.answers,
        }),
        materials: checked.materials,
        queryPassword: deps.cipher.seal(queryPassword),
        submittedAt: now,
        prereviewDueAt,
        currentDueAt: prereviewDueAt,
        // The row is locked (FOR UPDATE): nothing else has moved its revision.
        revision: row.revision + 1,
        updatedAt: now,
      };
      const day = shanghaiDay(now).replaceAll('-', '');
      // What does not need the serial — the timeline's step, the files' event — is written ahead
      // of the counter in the same round trip, so the lock covers only the row and its event.
      const [, , stationInfo, sequence] = await Promise.all([
        recordTransition(tx, {
          station,
          applicationId: id,
          fromState: 'draft',
          toState: 'submitted',
          action: 'submit',
          actorKind: applicant.kind,
          actorId: applicant.id,
          at: now,
        }),
        emitFilesAttached(tx, deps.namespace, row, applicant, applicantFiles(checked.materials)),
        requireStation(tx, station),
        nextSequence(tx, station, day),
      ]);
      const serial = serialNumber(stationInfo.serialPrefix, day, sequence);
      // The submitted row is known without reading it back, so the update and its event go out
      // in one pipeline: the lock spans this round trip and the commit's.
      const updated: ApplicationRow = { ...row, ...changes, serial };
      await Promise.all([
        submitDraft.run(tx, { ...changes, serial, station, id }),
        emitSubmitted(tx, deps.namespace, updated, false),
      ]);
      return {
        row: updated,
        submitted: true,
        item,
        station: stationInfo,
        plain: { basic: checked.basic, queryPassword },
      };
    },
  );
  if (result.submitted) deps.afterCommit();
  return result;
}

/** A repeated (re)submission: the application as it is, for the same receipt again. */
async function alreadySubmitted(
  deps: SubmissionsDeps,
  tx: Executor,
  row: ApplicationRow,
): Promise<SubmitResult> {
  const [item, station] = await Promise.all([
    deps.itemVersions.load(tx, row.station, row.itemId, row.itemVersion),
    findStation(tx, row.station),
  ]);
  return { row, submitted: false, item, station };
}

/**
 * 补齐补正后提交: the same application (same serial) back to 待预审, once everything checks and
 * every requested material has a file it did not have when asked.
 */
export async function resubmitApplication(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
  revision: number,
): Promise<SubmitResult> {
  const result = await withOwnApplication(
    deps.database,
    applicant,
    id,
    { forUpdate: true },
    async (tx, row) => {
      const { station } = row;
      if (row.state !== 'supplement') {
        // A retried resubmission gets its receipt again.
        if (row.state !== 'draft' && row.supplement?.resubmittedAt)
          return alreadySubmitted(deps, tx, row);
        throw stateConflict('该办件不在补齐补正状态');
      }
      checkRevision(row, revision);
      const request = row.supplement!;
      const [item, stationInfo] = await Promise.all([
        deps.itemVersions.load(tx, station, row.itemId, row.itemVersion),
        findStation(tx, station),
      ]);
      const missing = new FieldErrors();
      const byId = new Map(row.materials.map((p) => [p.materialId, p]));
      for (const materialId of request.materials) {
        const before = new Set(request.filesAtRequest[materialId] ?? []);
        const p = byId.get(materialId);
        const fresh = p?.provision === 'upload' && p.files.some((f) => !before.has(f.id));
        if (!fresh) {
          const name = item.materials.find((m) => m.id === materialId)?.name ?? '材料';
          missing.add(
            `materials/${materialId}`,
            'supplement.material_missing',
            `请按补齐补正要求重新上传“${name}”`,
          );
        }
      }
      let checked: CheckedApplication;
      try {
        checked = checkForSubmit(
          row,
          item,
          openBasic(deps.cipher, row.basic),
          openAnswers(deps.cipher, row.answers),
        );
      } catch (err) {
        if (err instanceof HallError && err.errors)
          throw HallError.validation([...missing.list, ...err.errors], err.title);
        throw err;
      }
      if (missing.any)
        throw HallError.validation(missing.list, '还有补齐补正要求的材料没有提供，请补充后再提交');
      const now = deps.now();
      const prereviewDueAt = dueAfter(now, {
        value: deps.config.PREREVIEW_WORKDAYS,
        unit: 'workday',
      });
      const [updated] = await tx
        .update(applications)
        .set({
          state: 'submitted',
          basic: sealBasic(deps.cipher, checked.basic),
          applicantName: checked.basic.name ?? null,
          answers: sealAnswers(deps.cipher, item.form, checked.answers),
          materials: checked.materials,
          prereviewDueAt,
          currentDueAt: prereviewDueAt,
          supplement: { ...request, resubmittedAt: now.toISOString() },
          revision: sql`${applications.revision} + 1`,
          updatedAt: now,
        })
        .where(and(eq(applications.station, station), eq(applications.id, id)))
        .returning();
      await recordTransition(tx, {
        station,
        applicationId: id,
        fromState: 'supplement',
        toState: 'submitted',
        action: 'resubmit',
        actorKind: applicant.kind,
        actorId: applicant.id,
        at: now,
      });
      await emitSubmitted(tx, deps.namespace, updated!, true);
      await emitStateChanged(tx, deps.namespace, updated!, 'supplement', 'resubmit', now);
      await emitFilesAttached(
        tx,
        deps.namespace,
        updated!,
        applicant,
        applicantFiles(checked.materials),
      );
      return { row: updated!, submitted: true, item, station: stationInfo };
    },
  );
  if (result.submitted) deps.afterCommit();
  return result;
}
