import {
  addDepartment,
  addPublished,
  definition,
  material,
  publish,
} from '@hall/catalog/test/fixtures';
import type { ItemDefinition } from '@hall/catalog/src/domain/definition';
import type { LightMyRequestResponse } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import type { Auth, Citizen, TestHall } from './helper';

/** A person's valid data (GB 11643 ID number, mobile). */
export const PERSON_BASIC = {
  name: '张三',
  idNumber: '500103199001011232',
  contactName: '张三',
  mobile: '13812345678',
  address: '重庆市渝中区解放碑街道1号',
  postcode: '400010',
};

/** A unit's valid data (GB 32100 credit code). */
export const UNIT_BASIC = {
  name: '重庆示例科技有限公司',
  idNumber: '91500103MA5U0000X7',
  legalRepresentative: '李四',
  contactName: '王五',
  mobile: '13987654321',
  address: '重庆市江北区观音桥1号',
};

export const FORM = {
  type: 'object',
  title: '教师资格认定申请表',
  required: ['school', 'years'],
  properties: {
    school: { type: 'string', title: '毕业学校', maxLength: 60, 'x-widget': 'text' },
    years: { type: 'integer', title: '教龄（年）', minimum: 0, maximum: 60, 'x-widget': 'number' },
    guardianId: { type: 'string', title: '担保人身份证号', 'x-widget': 'id-number' },
  },
  'x-order': ['school', 'years', 'guardianId'],
};

export const VALID_ANSWERS = { school: '西南大学', years: 5, guardianId: '110101199003074514' };

export interface SeededItem {
  itemId: string;
  departmentId: string;
  editor: Auth;
  def: ItemDefinition;
  /** Material ids: 必要 upload, 容缺后补 upload, 窗口提交, 非必要 upload. */
  m: { required: string; deferrable: string; window: string; optional: string };
}

/**
 * A published item at `station` with a business form and one material of each kind:
 * 居民身份证 (必要, pdf/jpg/png ≤ 5 MB), 学历证书 (容缺后补, pdf ≤ 10 MB), 体检表 (窗口提交),
 * 其他材料 (非必要, pdf/jpg). 承诺办结时限 5 工作日.
 */
export async function seedItem(
  hall: TestHall,
  station = 'yuzhong',
  overrides: Partial<ItemDefinition> = {},
): Promise<SeededItem> {
  const editor = await hall.catalog.tokens.staff(station, ['editor']);
  const department = await addDepartment(hall.catalog.app, editor, station, {
    code: `JW${uuidv4().slice(0, 6)}`,
    name: `${station}教委`,
  });
  const m = { required: uuidv4(), deferrable: uuidv4(), window: uuidv4(), optional: uuidv4() };
  const def = definition(department.id, {
    promisedTimeLimit: { value: 5, unit: 'workday' },
    form: FORM as ItemDefinition['form'],
    serviceObjects: ['person', 'legal'],
    materials: [
      material({
        id: m.required,
        name: '居民身份证',
        fileTypes: ['pdf', 'jpg', 'png'],
        maxSizeMb: 5,
      }),
      material({
        id: m.deferrable,
        name: '学历证书',
        necessity: 'deferrable',
        fileTypes: ['pdf'],
        maxSizeMb: 10,
      }),
      material({
        id: m.window,
        name: '体检表',
        collection: 'window',
        media: ['paper'],
        copies: 1,
        fileTypes: [],
      }),
      material({
        id: m.optional,
        name: '其他材料',
        necessity: 'optional',
        fileTypes: ['pdf', 'jpg'],
      }),
    ],
    ...overrides,
  });
  const head = await addPublished(hall.catalog.app, editor, station, def);
  return { itemId: head.id, departmentId: department.id, editor, def, m };
}

/** Publish a new version of a seeded item (the draft replaced by `def`). */
export async function publishNewVersion(
  hall: TestHall,
  station: string,
  item: SeededItem,
  def: ItemDefinition,
): Promise<void> {
  const app = hall.catalog.app;
  const head = await app.inject({
    url: `/stations/${station}/admin/items/${item.itemId}`,
    headers: item.editor,
  });
  const saved = await app.inject({
    method: 'PUT',
    url: `/stations/${station}/admin/items/${item.itemId}/draft`,
    headers: { ...item.editor, 'if-match': `"${head.json<{ revision: number }>().revision}"` },
    payload: def,
  });
  if (saved.statusCode !== 200) throw new Error(`draft: ${saved.statusCode} ${saved.body}`);
  await publish(app, item.editor, station, item.itemId);
}

export interface AppView {
  id: string;
  revision: number;
  state: string;
  serial: string | null;
  [key: string]: unknown;
}

export function json<T = AppView>(res: LightMyRequestResponse): T {
  return res.json<T>();
}

/** Create a draft through HTTP; throws unless 201. */
export async function newDraft(
  hall: TestHall,
  who: Citizen,
  station: string,
  itemId: string,
): Promise<AppView> {
  const res = await hall.app.inject({
    method: 'POST',
    url: `/stations/${station}/applications`,
    headers: who.auth,
    payload: { itemId },
  });
  if (res.statusCode !== 201) throw new Error(`draft: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function patch(
  hall: TestHall,
  who: Citizen,
  id: string,
  revision: number,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return hall.app.inject({
    method: 'PATCH',
    url: `/applications/${id}`,
    headers: { ...who.auth, 'if-match': `"${revision}"` },
    payload: body,
  });
}

export function submit(
  hall: TestHall,
  who: Citizen,
  id: string,
  revision: number,
  what: 'submit' | 'resubmit' = 'submit',
): Promise<LightMyRequestResponse> {
  return hall.app.inject({
    method: 'POST',
    url: `/applications/${id}/${what}`,
    headers: { ...who.auth, 'if-match': `"${revision}"` },
  });
}

/** A complete draft of `who` (basic, answers, 身份证 uploaded), saved; returns its view. */
export async function completeDraft(
  hall: TestHall,
  who: Citizen,
  station: string,
  item: SeededItem,
): Promise<AppView> {
  const draft = await newDraft(hall, who, station, item.itemId);
  const file = hall.materials.add(who, '身份证.pdf');
  const res = await patch(hall, who, draft.id, draft.revision, {
    step: 'materials',
    basic: who.kind === 'unit' ? UNIT_BASIC : PERSON_BASIC,
    answers: VALID_ANSWERS,
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [file] }],
  });
  if (res.statusCode !== 200) throw new Error(`patch: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A submitted application of `who`; returns the receipt and the application's id. */
export async function submitted(
  hall: TestHall,
  who: Citizen,
  station: string,
  item: SeededItem,
): Promise<{ id: string; serial: string; queryPassword: string }> {
  const draft = await completeDraft(hall, who, station, item);
  const res = await submit(hall, who, draft.id, draft.revision);
  if (res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  const receipt = res.json<{ serial: string; queryPassword: string }>();
  return { id: draft.id, serial: receipt.serial, queryPassword: receipt.queryPassword };
}

/** A staff action through HTTP at the application's current revision. */
export async function act(
  hall: TestHall,
  staff: Auth,
  station: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  revision?: number,
): Promise<LightMyRequestResponse> {
  let rev = revision;
  if (rev === undefined) {
    const current = await hall.app.inject({
      url: `/admin/stations/${station}/applications/${id}`,
      headers: staff,
    });
    rev = current.json<AppView>().revision;
  }
  return hall.app.inject({
    method: 'POST',
    url: `/admin/stations/${station}/applications/${id}/actions/${action}`,
    headers: { ...staff, 'if-match': `"${rev}"` },
    payload: body,
  });
}
