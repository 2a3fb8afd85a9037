/**
 * The item editor's form ↔ catalog's ItemDefinition. Numbers typed wrongly are sent as typed so
 * catalog refuses them next to their field, together with everything else it finds: one round
 * trip shows every mistake. The materials list and the business form are edited on their own
 * pages and carried over unchanged.
 */
import { formText } from '@hall/web/server';
import { fail } from '@sveltejs/kit';
import {
  wholeNumber,
  type AdminItem,
  type CatalogAdminClient,
  type ItemDefinition,
  type TimeLimit,
} from '$lib/server/catalog';
import type { CallContext } from '@hall/web/server';
import { emptyItemForm, type ItemFormValues } from './item-form';

/** The definition as the editor's form values. */
export function itemFormValues(def: ItemDefinition, parentCode: string): ItemFormValues {
  return {
    name: def.name,
    basicCode: def.basicCode,
    implCode: def.implCode,
    powerType: def.powerType,
    departmentId: def.departmentId,
    parentCode,
    level: def.level,
    sortOrder: def.sortOrder === undefined ? '' : String(def.sortOrder),
    handlingType: def.handlingType,
    legalTimeLimitValue: def.legalTimeLimit ? String(def.legalTimeLimit.value) : '',
    legalTimeLimitUnit: def.legalTimeLimit?.unit ?? 'workday',
    promisedTimeLimitValue: def.promisedTimeLimit ? String(def.promisedTimeLimit.value) : '',
    promisedTimeLimitUnit: def.promisedTimeLimit?.unit ?? 'workday',
    basis: def.basis,
    conditions: def.conditions,
    process: def.process,
    location: def.location,
    hours: def.hours,
    consultation: def.consultation,
    supervision: def.supervision,
    visits: String(def.visits),
    feeCharged: def.fee.charged ? 'true' : 'false',
    feeStandard: def.fee.standard,
    feeBasis: def.fee.basis,
    serviceObjects: [...def.serviceObjects],
    online: def.online ? 'true' : 'false',
    onlineDepth: def.onlineDepth === null ? '' : String(def.onlineDepth),
    notice: def.notice,
  };
}

/** The submitted form, as typed. */
export function readItemForm(data: FormData): ItemFormValues {
  const values = emptyItemForm();
  for (const key of Object.keys(values) as Array<keyof ItemFormValues>) {
    if (key === 'serviceObjects') continue;
    values[key] = formText(data, key);
  }
  values.serviceObjects = data
    .getAll('serviceObjects')
    .filter((v): v is string => typeof v === 'string');
  return values;
}

function timeLimit(value: string, unit: string): TimeLimit | null {
  const n = wholeNumber(value);
  if (n === null) return null;
  return { value: n as number, unit: unit as TimeLimit['unit'] };
}

const bool = (text: string) => (text === 'true' ? true : text === 'false' ? false : text);

/**
 * The definition to send: the form's elements, the parent found by its code (`parentId`), the
 * materials and business form of `base` (the version being edited) unchanged.
 */
export function definitionFromForm(
  values: ItemFormValues,
  parentId: string | null,
  base: Pick<ItemDefinition, 'materials' | 'form'>,
): ItemDefinition {
  const sortOrder = wholeNumber(values.sortOrder);
  const depth = wholeNumber(values.onlineDepth);
  // Wrongly typed numbers and flags go as typed (cast): catalog's answer names their fields.
  return {
    name: values.name.trim(),
    basicCode: values.basicCode.trim(),
    implCode: values.implCode.trim(),
    powerType: values.powerType as ItemDefinition['powerType'],
    departmentId: values.departmentId,
    parentId,
    level: values.level as ItemDefinition['level'],
    handlingType: values.handlingType as ItemDefinition['handlingType'],
    legalTimeLimit: timeLimit(values.legalTimeLimitValue, values.legalTimeLimitUnit),
    promisedTimeLimit: timeLimit(values.promisedTimeLimitValue, values.promisedTimeLimitUnit),
    basis: values.basis,
    conditions: values.conditions,
    process: values.process,
    location: values.location,
    hours: values.hours,
    consultation: values.consultation,
    supervision: values.supervision,
    fee: {
      charged: bool(values.feeCharged) as boolean,
      standard: values.feeStandard,
      basis: values.feeBasis,
    },
    serviceObjects: values.serviceObjects as ItemDefinition['serviceObjects'],
    visits: (wholeNumber(values.visits) ?? '') as number,
    online: bool(values.online) as boolean,
    onlineDepth: (depth === null ? null : depth) as number | null,
    notice: values.notice,
    materials: base.materials,
    form: base.form,
    ...(sortOrder === null ? {} : { sortOrder: sortOrder as number }),
  };
}

const pathToField: Record<string, keyof ItemFormValues> = {
  legalTimeLimit: 'legalTimeLimitValue',
  'legalTimeLimit/value': 'legalTimeLimitValue',
  'legalTimeLimit/unit': 'legalTimeLimitUnit',
  promisedTimeLimit: 'promisedTimeLimitValue',
  'promisedTimeLimit/value': 'promisedTimeLimitValue',
  'promisedTimeLimit/unit': 'promisedTimeLimitUnit',
  fee: 'feeCharged',
  'fee/charged': 'feeCharged',
  'fee/standard': 'feeStandard',
  'fee/basis': 'feeBasis',
  parentId: 'parentCode',
};

/** catalog's path of an element → the editor's field (`serviceObjects/1` → serviceObjects). */
export function itemFieldOf(path: string): string {
  const trimmed = path.replace(/^\//, '');
  if (pathToField[trimmed]) return pathToField[trimmed];
  if (/^serviceObjects\/\d+$/.test(trimmed)) return 'serviceObjects';
  return trimmed;
}

/** Selects left at 请选择 read as such, not as catalog's 格式不正确 for an empty id. */
export const itemMessageFor =
  (values: ItemFormValues) =>
  (field: string): string | null =>
    field === 'departmentId' && !values.departmentId ? '请选择实施主体' : null;

export const ITEM_INTEGER_FIELDS = [
  'sortOrder',
  'visits',
  'legalTimeLimitValue',
  'promisedTimeLimitValue',
  'onlineDepth',
];

export type ParentLookup = { ok: true; parentId: string | null } | { ok: false; message: string };

/** The parent item by its 实施编码 (exact), in this station; blank → no parent. */
export async function findParent(
  api: CatalogAdminClient,
  station: string,
  code: string,
  selfId: string | null,
  ctx: CallContext,
): Promise<ParentLookup> {
  const wanted = code.trim();
  if (!wanted) return { ok: true, parentId: null };
  const page = await api.items(station, { q: wanted, pageSize: 50 }, ctx);
  const parent = page.items.find((i) => i.implCode === wanted);
  if (!parent) return { ok: false, message: '没有该实施编码的事项' };
  if (parent.id === selfId) return { ok: false, message: '事项不能以自己为父事项' };
  if (parent.parentId) return { ok: false, message: '该事项本身是子事项，不能作为父事项' };
  return { ok: true, parentId: parent.id };
}

/** The parent's 实施编码 for the form ('' when top-level or no longer found). */
export async function parentCodeOf(
  api: CatalogAdminClient,
  station: string,
  parentId: string | null,
  ctx: CallContext,
): Promise<string> {
  if (!parentId) return '';
  try {
    const parent: AdminItem = await api.item(station, parentId, ctx);
    return parent.implCode;
  } catch {
    return '';
  }
}

/** The parent code could not be used: refused before anything is sent. */
export const parentFailure = <V extends ItemFormValues>(values: V, message: string) =>
  fail(400, {
    values,
    message: '提交的信息有误，请检查后重试',
    fields: { parentCode: message } as Record<string, string>,
  });
