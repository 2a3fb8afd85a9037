import { HallError } from '@hall/platform';
import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { applications } from '../db/schema';
import { ownedFiles } from '../nats/materials';
import {
  applicationNotFound,
  checkRevision,
  editConflict,
  withOwnApplication,
  ownRow,
  stateConflict,
  type Applicant,
} from './access';
import type { SubmissionsDeps } from './deps';
import type { ApplicationRow } from './events';
import { FieldErrors } from './fields';
import { fetchCurrentItem, type ItemSnapshot } from './items';
import { STATE_LABELS } from './labels';
import {
  BASIC_KEYS,
  type ApplicationState,
  type Basic,
  type BasicKey,
  type FileSnapshot,
  type Provision,
  type Step,
  type StoredProvision,
} from './model';
import { openAnswers, openBasic, sealAnswers, sealBasic } from './personal';
import { requireStation, stationNames } from './stations';
import { applicantActions, applicationView, viewContext } from './view';
import type { ApplicationListItemView, ApplicationView } from './view-schemas';

/** Files one material may carry. */
export const MAX_FILES_PER_MATERIAL = 20;

export interface MaterialPatch {
  materialId: string;
  provision: Provision | null;
  fileIds?: string[] | undefined;
}

/** What 暂存 sends: every part optional; `null` clears a value. */
export interface DraftPatch {
  step?: Step | undefined;
  basic?: Partial<Record<BasicKey, string | null>> | undefined;
  answers?: Record<string, string | number | boolean | null> | undefined;
  materials?: MaterialPatch[] | undefined;
}

/** Whether an item version can be applied for online by this kind of account. */
export function checkApplicable(item: ItemSnapshot, applicant: Applicant): void {
  if (!item.online)
    throw new HallError(422, 'item_not_online', '该事项不能在线申报，请到办事窗口办理');
  const wanted = applicant.kind === 'person' ? 'person' : 'legal';
  if (!item.serviceObjects.includes(wanted))
    throw new HallError(
      422,
      'applicant_kind_mismatch',
      applicant.kind === 'person'
        ? '该事项的服务对象为法人，请使用单位账号申报'
        : '该事项的服务对象为自然人，请使用个人账号申报',
    );
}

/** 窗口提交 materials are marked from the start: there is nothing to upload. */
function initialProvisions(item: ItemSnapshot): StoredProvision[] {
  return item.materials
    .filter((m) => m.collection === 'window')
    .map((m) => ({ materialId: m.id, provision: 'window' as const, files: [] }));
}

/** 在线申报: a draft on the version of the item published now. */
export async function createDraft(
  deps: SubmissionsDeps,
  applicant: Applicant,
  station: string,
  itemId: string,
): Promise<ApplicationView> {
  await deps.database.withStation(station, (tx) => requireStation(tx, station));
  const current = await fetchCurrentItem(deps.bus, station, itemId);
  return deps.database.withStation(station, async (tx) => {
    const item = await deps.itemVersions.store(tx, current);
    if (item.station !== station) throw new HallError(404, 'item_not_found', '事项不存在或已下架');
    checkApplicable(item, applicant);
    const now = deps.now();
    const [row] = await tx
      .insert(applications)
      .values({
        id: uuidv7(),
        station,
        itemId: item.id,
        itemVersion: item.version,
        itemName: item.name,
        departmentId: item.departmentId,
        departmentName: item.departmentName,
        applicantKind: applicant.kind,
        applicantId: applicant.id,
        state: 'draft',
        step: 'notice',
        materials: initialProvisions(item),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return applicationView(tx, viewContext(deps), row!, { kind: 'applicant' });
  });
}

export async function getOwnApplication(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
): Promise<ApplicationView> {
  return withOwnApplication(deps.database, applicant, id, {}, (tx, row) =>
    applicationView(tx, viewContext(deps), row, { kind: 'applicant' }),
  );
}

export interface OwnListQuery {
  state?: ApplicationState | undefined;
  station?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** 我的办件: the applicant's applications at every station, newest change first. */
export async function listOwnApplications(
  deps: SubmissionsDeps,
  applicant: Applicant,
  query: OwnListQuery,
): Promise<{
  items: ApplicationListItemView[];
  total: number;
  page: number;
  pageSize: number;
}> {
  const conditions: SQL[] = [
    eq(applications.applicantKind, applicant.kind),
    eq(applications.applicantId, applicant.id),
  ];
  if (query.state) conditions.push(eq(applications.state, query.state));
  if (query.station) conditions.push(eq(applications.station, query.station));
  if (query.q) {
    const q = likePattern(query.q.trim());
    conditions.push(or(ilike(applications.itemName, q), ilike(applications.serial, q))!);
  }
  const where = and(...conditions);
  // Accounts are city-wide: one applicant's rows across stations (never anyone else's).
  return deps.database.withAllStations(async (tx) => {
    const [rows, [total]] = await Promise.all([
      tx
        .select({
          row: applications,
          evaluated: sql<boolean>`exists (select 1 from evaluations e where e.application_id = ${applications.id})`,
          reapplied: sql<boolean>`exists (select 1 from applications r where r.reapplication_of = ${applications.id})`,
        })
        .from(applications)
        .where(where)
        .orderBy(desc(applications.updatedAt), desc(applications.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      tx.select({ n: count() }).from(applications).where(where),
    ]);
    const names = await stationNames(
      tx,
      rows.map((r) => r.row.station),
    );
    return {
      items: rows.map(({ row, evaluated, reapplied }) => ({
        id: row.id,
        station: row.station,
        stationName: names.get(row.station) ?? row.station,
        serial: row.serial,
        itemId: row.itemId,
        itemName: row.itemName,
        departmentName: row.departmentName,
        state: row.state,
        stateLabel: STATE_LABELS[row.state],
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        submittedAt: row.submittedAt?.toISOString() ?? null,
        completedAt: row.completedAt?.toISOString() ?? null,
        currentDueAt: row.currentDueAt?.toISOString() ?? null,
        actions: applicantActions(row.state, { evaluated, reapplied }),
      })),
      total: total?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

/** Which parts a save may touch: all of a draft; in 补齐补正 only what staff asked for. */
interface Editable {
  basic(key: BasicKey): boolean;
  answer(key: string): boolean;
  material(id: string): boolean;
}

function editableParts(row: ApplicationRow): Editable {
  if (row.state === 'draft') return { basic: () => true, answer: () => true, material: () => true };
  const asked = row.supplement;
  const fields = new Set(asked?.fields ?? []);
  const materials = new Set(asked?.materials ?? []);
  return {
    basic: (key) => fields.has(`basic/${key}`),
    answer: (key) => fields.has(`answers/${key}`),
    material: (id) => materials.has(id),
  };
}

const NOT_REQUESTED = '此项不在补齐补正要求之内，不能修改';

/**
 * Check a save against the application's item version (shape only: completeness waits for
 * submit); every problem is collected. Returns the file ids the save attaches.
 */
function checkPatch(row: ApplicationRow, item: ItemSnapshot, patch: DraftPatch): string[] {
  const errors = new FieldErrors();
  const editable = editableParts(row);
  for (const [key, value] of Object.entries(patch.basic ?? {}) as Array<
    [BasicKey, string | null]
  >) {
    if (!editable.basic(key)) errors.add(`basic/${key}`, 'supplement.not_requested', NOT_REQUESTED);
    else if (key === 'legalRepresentative' && row.applicantKind === 'person' && value !== null)
      errors.add(`basic/${key}`, 'basic.not_applicable', '个人申报无需填写法定代表人');
  }
  for (const key of Object.keys(patch.answers ?? {})) {
    if (!item.form || !Object.hasOwn(item.form.properties, key))
      errors.add(`answers/${key}`, 'answer.unknown_field', '表单中没有这一项');
    else if (!editable.answer(key))
      errors.add(`answers/${key}`, 'supplement.not_requested', NOT_REQUESTED);
  }
  const fileIds: string[] = [];
  const seen = new Set<string>();
  (patch.materials ?? []).forEach((m, i) => {
    const field = `materials/${i}`;
    const spec = item.materials.find((s) => s.id === m.materialId);
    if (!spec) {
      errors.add(`${field}/materialId`, 'material.unknown', '该事项没有这项材料');
      return;
    }
    if (seen.has(m.materialId)) {
      errors.add(`${field}/materialId`, 'material.duplicate', `“${spec.name}”重复提交`);
      return;
    }
    seen.add(m.materialId);
    if (!editable.material(m.materialId)) {
      errors.add(`${field}/materialId`, 'supplement.not_requested', NOT_REQUESTED);
      return;
    }
    const files = m.fileIds ?? [];
    const allowed: Record<Provision, boolean> = {
      upload: spec.collection === 'upload',
      window: spec.collection === 'window',
      deferred: spec.necessity === 'deferrable' && spec.collection === 'upload',
      none: spec.necessity === 'optional',
    };
    if (m.provision !== null && !allowed[m.provision]) {
      const message = {
        upload: `“${spec.name}”须到窗口提交，不能上传`,
        window: `“${spec.name}”须在线上传`,
        deferred: `“${spec.name}”不是容缺后补材料`,
        none: `“${spec.name}”是必要材料，不能不提供`,
      }[m.provision];
      errors.add(`${field}/provision`, 'material.provision', message);
    } else if (m.provision === 'upload') {
      if (files.length === 0)
        errors.add(`${field}/fileIds`, 'material.no_files', `请为“${spec.name}”选择文件`);
      else if (files.length > MAX_FILES_PER_MATERIAL)
        errors.add(
          `${field}/fileIds`,
          'material.too_many_files',
          `“${spec.name}”最多上传${MAX_FILES_PER_MATERIAL}个文件`,
        );
      else fileIds.push(...files);
    } else if (files.length > 0) {
      errors.add(
        `${field}/fileIds`,
        'material.files_not_expected',
        '只有“本地上传”的材料可以附文件',
      );
    }
  });
  if (errors.any) throw HallError.validation(errors.list);
  return fileIds;
}

function mergeBasic(current: Basic, patch: DraftPatch['basic']): Basic {
  const next: Basic = { ...current };
  for (const [key, value] of Object.entries(patch ?? {}) as Array<[BasicKey, string | null]>) {
    if (value === null || value.trim() === '') delete next[key];
    else next[key] = value.trim();
  }
  // Only known keys survive (a stored value of a removed key cannot linger).
  return Object.fromEntries(BASIC_KEYS.flatMap((k) => (next[k] ? [[k, next[k]]] : []))) as Basic;
}

function mergeAnswers(
  current: Record<string, string | number | boolean>,
  patch: DraftPatch['answers'],
): Record<string, string | number | boolean> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function mergeProvisions(
  item: ItemSnapshot,
  current: StoredProvision[],
  patch: MaterialPatch[] | undefined,
  files: Map<string, FileSnapshot>,
): StoredProvision[] {
  const byId = new Map(current.map((p) => [p.materialId, p]));
  for (const m of patch ?? []) {
    if (m.provision === null) byId.delete(m.materialId);
    else
      byId.set(m.materialId, {
        materialId: m.materialId,
        provision: m.provision,
        files:
          m.provision === 'upload' ? [...new Set(m.fileIds ?? [])].map((id) => files.get(id)!) : [],
      });
  }
  return item.materials.flatMap((spec) => {
    const p = byId.get(spec.id);
    return p ? [p] : [];
  });
}

/**
 * 暂存: save what is given of a draft (or, in 补齐补正, of the requested parts). The files are
 * checked with the materials service first, outside any transaction; the save then applies only
 * if nobody changed the application in between (revision), so nothing is half-written.
 */
export async function saveDraft(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
  revision: number,
  patch: DraftPatch,
): Promise<ApplicationView> {
  const { row, item, fileIds } = await withOwnApplication(
    deps.database,
    applicant,
    id,
    {},
    async (tx, row) => {
      const { station } = row;
      if (row.state !== 'draft' && row.state !== 'supplement')
        throw stateConflict('办件已提交，不能再修改');
      checkRevision(row, revision);
      const item = await deps.itemVersions.load(tx, station, row.itemId, row.itemVersion);
      return { row, item, fileIds: checkPatch(row, item, patch) };
    },
  );
  const files = await ownedFiles(deps.bus, applicant, fileIds);
  const { station } = row;

  const opened = {
    basic: openBasic(deps.cipher, row.basic),
    answers: openAnswers(deps.cipher, row.answers),
  };
  const basic = mergeBasic(opened.basic, patch.basic);
  const answers = mergeAnswers(opened.answers, patch.answers);
  const materials = mergeProvisions(item, row.materials, patch.materials, files);
  return deps.database.withStation(station, async (tx) => {
    const [updated] = await tx
      .update(applications)
      .set({
        ...(patch.step && row.state === 'draft' ? { step: patch.step } : {}),
        basic: sealBasic(deps.cipher, basic, { stored: row.basic, plain: opened.basic }),
        applicantName: basic.name ?? null,
        answers: sealAnswers(deps.cipher, item.form, answers, {
          stored: row.answers,
          plain: opened.answers,
        }),
        materials,
        revision: sql`${applications.revision} + 1`,
        updatedAt: deps.now(),
      })
      .where(
        and(
          eq(applications.station, station),
          eq(applications.id, id),
          eq(applications.revision, revision),
          eq(applications.state, row.state),
        ),
      )
      .returning();
    if (!updated) throw editConflict();
    return applicationView(tx, viewContext(deps), updated, { kind: 'applicant' });
  });
}

/** Delete a draft (nothing else can be deleted). */
export async function deleteDraft(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
  revision: number,
): Promise<void> {
  await withOwnApplication(deps.database, applicant, id, { forUpdate: true }, async (tx, row) => {
    const { station } = row;
    if (row.state !== 'draft') throw stateConflict('只能删除暂存的办件');
    checkRevision(row, revision);
    await tx
      .delete(applications)
      .where(and(eq(applications.station, station), eq(applications.id, id)));
  });
}

/** The answers and provisions of a rejected application that still fit the current version. */
function carriedOver(
  row: ApplicationRow,
  item: ItemSnapshot,
): { answers: Record<string, unknown>; materials: StoredProvision[] } {
  const answers = Object.fromEntries(
    Object.entries(row.answers).filter(
      ([key]) => item.form && Object.hasOwn(item.form.properties, key),
    ),
  );
  const byId = new Map(row.materials.map((p) => [p.materialId, p]));
  const materials = item.materials.flatMap((spec): StoredProvision[] => {
    const p = byId.get(spec.id);
    if (spec.collection === 'window')
      return [{ materialId: spec.id, provision: 'window', files: [] }];
    if (!p) return [];
    if (p.provision === 'upload') return [p];
    if (p.provision === 'deferred' && spec.necessity === 'deferrable') return [p];
    if (p.provision === 'none' && spec.necessity === 'optional') return [p];
    return [];
  });
  return { answers, materials };
}

/**
 * 重新申报: a new draft for a rejected application, on the item version published now,
 * prefilled with what still fits. One per rejected application: asking again returns it.
 */
export async function reapply(
  deps: SubmissionsDeps,
  applicant: Applicant,
  id: string,
): Promise<{ created: boolean; view: ApplicationView }> {
  const { station, existing, itemId } = await withOwnApplication(
    deps.database,
    applicant,
    id,
    {},
    async (tx, row) => {
      const { station } = row;
      if (row.state !== 'rejected') throw stateConflict('只有已驳回的办件可以重新申报');
      const [again] = await tx
        .select()
        .from(applications)
        .where(and(eq(applications.station, station), eq(applications.reapplicationOf, id)));
      return {
        station,
        itemId: row.itemId,
        existing: again
          ? await applicationView(tx, viewContext(deps), again, { kind: 'applicant' })
          : null,
      };
    },
  );
  if (existing) return { created: false, view: existing };

  const current = await fetchCurrentItem(deps.bus, station, itemId);
  return deps.database.withStation(station, async (tx) => {
    const row = await ownRow(tx, station, applicant, id);
    const item = await deps.itemVersions.store(tx, current);
    checkApplicable(item, applicant);
    const { answers, materials } = carriedOver(row, item);
    const now = deps.now();
    const [created] = await tx
      .insert(applications)
      .values({
        id: uuidv7(),
        station,
        itemId: item.id,
        itemVersion: item.version,
        itemName: item.name,
        departmentId: item.departmentId,
        departmentName: item.departmentName,
        applicantKind: applicant.kind,
        applicantId: applicant.id,
        applicantName: row.applicantName,
        state: 'draft',
        step: 'basic',
        basic: row.basic,
        answers,
        materials,
        reapplicationOf: row.id,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: applications.reapplicationOf })
      .returning();
    const draft =
      created ??
      (
        await tx
          .select()
          .from(applications)
          .where(and(eq(applications.station, station), eq(applications.reapplicationOf, id)))
      )[0];
    if (!draft) throw applicationNotFound();
    return {
      created: created !== undefined,
      view: await applicationView(tx, viewContext(deps), draft, { kind: 'applicant' }),
    };
  });
}
