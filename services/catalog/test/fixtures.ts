import type { HallApp } from '@hall/platform';
import { v4 as uuidv4 } from 'uuid';
import type { ItemDefinition, Material } from '../src/domain/definition';

type Auth = { authorization: string };

let codeSequence = 0;
/** A 实施编码 not handed out before in this process. */
export function newImplCode(): string {
  codeSequence += 1;
  return `11500000MB1${String(codeSequence).padStart(6, '0')}`;
}

export function material(overrides: Partial<Material> = {}): Material {
  return {
    id: uuidv4(),
    name: '居民身份证',
    media: ['electronic'],
    necessity: 'required',
    collection: 'upload',
    fileTypes: ['pdf', 'jpg', 'png'],
    maxSizeMb: 5,
    copies: 0,
    blankFormId: null,
    sampleId: null,
    notes: '',
    ...overrides,
  };
}

export const TEACHER_FORM = {
  type: 'object',
  title: '教师资格认定申请表',
  required: ['school'],
  properties: {
    school: { type: 'string', title: '毕业学校', maxLength: 60, 'x-widget': 'text' },
    years: { type: 'integer', title: '教龄（年）', minimum: 0, maximum: 60, 'x-widget': 'number' },
  },
  'x-order': ['school', 'years'],
};

/** A complete, valid definition for `departmentId`; override what the test is about. */
export function definition(
  departmentId: string,
  overrides: Partial<ItemDefinition> = {},
): ItemDefinition {
  return {
    name: '中等及中等以上学校教师资格认定',
    basicCode: '000107003000',
    implCode: newImplCode(),
    powerType: '07',
    departmentId,
    parentId: null,
    level: 'municipal',
    handlingType: 'promised',
    legalTimeLimit: { value: 60, unit: 'workday' },
    promisedTimeLimit: { value: 20, unit: 'workday' },
    basis: '《中华人民共和国教师法》第十三条',
    conditions: '具备《教师法》规定的学历条件，普通话水平达到二级乙等以上。',
    process: '网上申报 → 受理 → 审查 → 决定 → 发证',
    location: '重庆市渝北区政务服务中心',
    hours: '工作日 9:00–12:00，13:00–17:00',
    consultation: '023-12345678',
    supervision: '023-12345000',
    fee: { charged: false, standard: '', basis: '' },
    serviceObjects: ['person'],
    visits: 1,
    online: true,
    onlineDepth: 4,
    notice: '请如实填写申请信息。',
    materials: [material()],
    form: null,
    ...overrides,
  } as ItemDefinition;
}

export async function addDepartment(
  app: HallApp,
  auth: Auth,
  station: string,
  body: { code: string; name: string; sortOrder?: number; enabled?: boolean },
): Promise<{ id: string; name: string; code: string }> {
  const res = await app.inject({
    method: 'POST',
    url: `/stations/${station}/admin/departments`,
    headers: auth,
    payload: body,
  });
  if (res.statusCode !== 201)
    throw new Error(`department ${body.name}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface Head {
  id: string;
  status: string;
  revision: number;
  publishedVersion: number | null;
  draftVersion: number | null;
}

export async function addItem(
  app: HallApp,
  auth: Auth,
  station: string,
  def: ItemDefinition,
): Promise<Head> {
  const res = await app.inject({
    method: 'POST',
    url: `/stations/${station}/admin/items`,
    headers: auth,
    payload: def,
  });
  if (res.statusCode !== 201) throw new Error(`item ${def.name}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function publish(
  app: HallApp,
  auth: Auth,
  station: string,
  id: string,
): Promise<Head> {
  const res = await app.inject({
    method: 'POST',
    url: `/stations/${station}/admin/items/${id}/publish`,
    headers: auth,
  });
  if (res.statusCode !== 200) throw new Error(`publish ${id}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Create and publish an item; returns its head. */
export async function addPublished(
  app: HallApp,
  auth: Auth,
  station: string,
  def: ItemDefinition,
): Promise<Head> {
  const head = await addItem(app, auth, station, def);
  return publish(app, auth, station, head.id);
}
