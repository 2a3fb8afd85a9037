/**
 * The shape of seed items and the builders the data modules write them with. An item spec
 * names the national elements that differ from item to item; the builders add what follows
 * from the station (办理地点, 咨询方式, 监督投诉方式 with the right district's hall and phone
 * numbers), the codes and the stable material ids.
 */
import { createHash } from 'node:crypto';
import type { ItemDefinition, Material, TimeLimit } from '../../../domain/definition';
import type { BusinessForm } from '../../../domain/forms';
import type { PowerTypeCode } from '../../../domain/power-types';
import { departmentsFor, type DepartmentKey, type SeedDepartment } from './departments';
import { seedStation, type SeedStation } from './stations';

/** An item definition before it is bound to database ids. */
export type SeedDefinition = Omit<ItemDefinition, 'departmentId' | 'parentId'>;

export interface SeedItem {
  /** The code of the department (实施主体) within the station. */
  departmentCode: string;
  /** 实施编码 of the parent; parents come before their sub-items in every list. */
  parentImplCode: string | null;
  definition: SeedDefinition;
}

/** A material before it gets its stable id. */
export type SeedMaterial = Omit<Material, 'id' | 'blankFormId' | 'sampleId'>;

type ServiceObject = ItemDefinition['serviceObjects'][number];

/** What an item template says; everything else follows from the station. */
export interface ItemSpec {
  dept: DepartmentKey;
  /** Number of the item within its department (1–49 municipal, 51–99 district): its code. */
  no: number;
  name: string;
  powerType: PowerTypeCode;
  objects: ServiceObject[];
  /** Default 承诺件. */
  handling?: 'immediate' | 'promised';
  /** 法定办结时限 in 工作日 (or `{ value, unit }`); null when the law sets none. */
  legal: number | TimeLimit | null;
  /** 承诺办结时限 in 工作日; null for 即办件. */
  promised: number | TimeLimit | null;
  basis: string;
  conditions: string;
  /** Default: the usual steps of the power type. */
  process?: string;
  /** Default true, depth 4 (全程网办) unless given. */
  online?: boolean;
  depth?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** 到办事现场次数; default 0 for 全程网办, 1 otherwise. */
  visits?: number;
  fee?: { standard: string; basis: string };
  materials: SeedMaterial[];
  form?: BusinessForm | null;
  /** Extra lines of 阅读须知 before the common ones. */
  notice?: string;
  /** Where it is handled when not at the station's hall (e.g. a police service hall). */
  location?: string;
  /** 办理时间 when it differs from the hall's. */
  hours?: string;
  /** Sub-items (子事项): what they change of the parent; numbered 1.. in order. */
  subItems?: Array<Partial<Omit<ItemSpec, 'subItems' | 'dept' | 'no'>> & { name: string }>;
}

/** Where and how a station's items are handled. */
export interface StationLocale {
  station: SeedStation;
  level: 'municipal' | 'district';
  /** The government service hall, e.g. 渝中区政务服务中心. */
  hallName: string;
  hallAddress: string;
  /** First two digits of the station's 8-digit phone numbers. */
  phonePrefix: string;
  /** Who takes complaints about the hall's work. */
  supervisor: string;
}

export const HALL_HOURS =
  '工作日 上午9:00-12:00，下午13:30-17:00（法定节假日除外）；网上申报全天24小时受理';

/** 2 digits + 6 digits derived from the station and department: stable, distinct, plausible. */
export function phoneNumber(locale: StationLocale, seed: number): string {
  const salt = [...locale.station.key].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 9973, 7);
  const six = 100000 + ((seed * 7919 + salt * 104729) % 900000);
  return `023-${locale.phonePrefix}${six}`;
}

/** A stable UUID (version-5 layout) from a name, so material ids survive re-seeding. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const limit = (l: number | TimeLimit | null): TimeLimit | null =>
  l === null ? null : typeof l === 'number' ? { value: l, unit: 'workday' } : l;

/** The usual steps, by power type and handling type. */
export function defaultProcess(
  powerType: PowerTypeCode,
  handling: 'immediate' | 'promised',
  place: string,
): string {
  const apply = `1. 申请：申请人通过重庆市网上行政审批大厅【在线申报】，或到${place}提交申请材料；`;
  if (handling === 'immediate') {
    return [
      apply,
      '2. 受理：窗口工作人员当场核对材料，材料齐全、符合法定形式的当场受理；',
      '3. 办结：当场作出决定并出具结果；',
      '4. 领取：申请人当场领取结果，或选择邮寄送达。',
    ].join('\n');
  }
  switch (powerType) {
    case '05':
      return [
        apply,
        '2. 受理：材料齐全的予以受理，不齐全的一次性告知需补正的全部内容；',
        '3. 审核：经办机构通过入户调查、信息核对等方式审核申请人条件；',
        '4. 公示：审核结果在申请人所在村（社区）公示7日；',
        '5. 审批：公示无异议的作出给付决定，不予给付的书面说明理由；',
        '6. 发放：给付资金按月通过社会保障卡（银行账户）发放。',
      ].join('\n');
    case '07':
    case '10':
      return [
        apply,
        '2. 受理：材料齐全、符合法定形式的予以受理；不齐全的一次性告知需补正的全部内容；',
        '3. 审核：承办科室核实申请材料，必要时进行现场核查；',
        '4. 确认：作出确认决定并出具结果文书，不予确认的书面说明理由；',
        '5. 送达：结果通过窗口领取或邮寄送达。',
      ].join('\n');
    case '08':
      return [
        '1. 推荐（举报）：符合条件的单位或个人通过重庆市网上行政审批大厅或到窗口提出申请；',
        '2. 受理：对申请材料进行审查，符合条件的予以受理；',
        '3. 评审：组织审核、评审，确定奖励对象和等次；',
        '4. 公示：拟奖励名单公示不少于5个工作日；',
        '5. 决定：作出奖励决定，颁发证书或发放奖金。',
      ].join('\n');
    case '20':
      return [
        apply,
        '2. 受理：窗口工作人员核对申请材料，符合条件的予以受理；',
        '3. 办理：经办人员按规定办理，需核实的进行信息比对或现场核实；',
        '4. 办结：办理结果通过短信告知，可在【我要查】中查询。',
      ].join('\n');
    default:
      return [
        apply,
        '2. 受理：窗口对申请材料进行审查，材料齐全、符合法定形式的予以受理；材料不齐全或不符合法定形式的，当场或在5个工作日内一次性告知需要补正的全部内容；',
        '3. 审查：承办处室对申请材料进行审查，需要核实申请材料实质内容的，组织现场核查；',
        '4. 决定：在承诺时限内作出准予或不予许可的书面决定；不予许可的说明理由，并告知申请人依法享有申请行政复议或者提起行政诉讼的权利；',
        '5. 送达：准予许可的颁发许可证件（批准文件），申请人可选择窗口领取或免费邮寄送达。',
      ].join('\n');
  }
}

const COMMON_NOTICE = [
  '请仔细阅读本办事指南，按照申请材料清单准备材料。',
  '标注“必要”的材料须在申报时提交；标注“容缺后补”的材料可在网上预受理后到窗口补交；标注“非必要”的材料请根据实际情况提交。',
  '收取方式为“本地上传”的材料请上传清晰完整的扫描件或照片；“窗口提交”的材料请在办理时携带原件到窗口。',
  '申请人应当如实提交有关材料，对申请材料实质内容的真实性负责；提供虚假材料的，依法承担相应法律责任。',
  '提交后请妥善保存申办流水号和查询密码，可在【我要查】中查询办理进度。',
];

function notice(extra?: string): string {
  const lines = [...(extra ? [extra] : []), ...COMMON_NOTICE];
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

/** Builds the items of one station from specs; sub-items follow their parent. */
export function buildItems(locale: StationLocale, specs: readonly ItemSpec[]): SeedItem[] {
  const departments = departmentsFor(locale.station.key);
  const byKey = (key: DepartmentKey): SeedDepartment | undefined =>
    departments.find((d) => d.keys.includes(key));
  const out: SeedItem[] = [];
  let order = 0;
  for (const spec of specs) {
    const department = byKey(spec.dept);
    // A station without the function (渝中区 has no farm administration) has no such item.
    if (!department) continue;
    const basicCode = (sub: number) =>
      `${spec.powerType}${String(department.no).padStart(3, '0')}${String(spec.no).padStart(3, '0')}${String(sub).padStart(2, '0')}`;
    const place = `${locale.hallName}${department.name}窗口`;
    const phone = phoneNumber(locale, department.no * 100 + spec.no);
    const make = (
      s: Omit<ItemSpec, 'subItems' | 'dept' | 'no'>,
      sub: number,
      parentImplCode: string | null,
    ): SeedItem => {
      const handlingType = s.handling ?? 'promised';
      const online = s.online ?? true;
      const implCode = `${department.code}${basicCode(sub)}`;
      order += 10;
      const definition: SeedDefinition = {
        name: s.name,
        basicCode: basicCode(sub),
        implCode,
        powerType: s.powerType,
        level: locale.level,
        handlingType,
        legalTimeLimit: limit(s.legal),
        promisedTimeLimit: handlingType === 'immediate' ? null : limit(s.promised),
        basis: s.basis,
        conditions: s.conditions,
        process: s.process ?? defaultProcess(s.powerType, handlingType, place),
        location: s.location ?? `${locale.hallName}（${locale.hallAddress}）${department.name}窗口`,
        hours: s.hours ?? HALL_HOURS,
        consultation: `窗口咨询：${place}；电话咨询：${phone}；网上咨询：重庆市网上行政审批大厅【我要问】-【我要咨询】`,
        supervision: `${department.name}监督电话：${phoneNumber(locale, department.no * 100 + 99)}；${locale.supervisor}：${phoneNumber(locale, 9999)}；12345政务服务便民热线：12345；网上投诉：重庆市网上行政审批大厅【我要问】-【我要投诉】`,
        fee: s.fee
          ? { charged: true, ...s.fee }
          : { charged: false, standard: '不收费', basis: '' },
        serviceObjects: s.objects,
        visits: s.visits ?? (online && (s.depth ?? 4) >= 4 ? 0 : 1),
        online,
        onlineDepth: online ? (s.depth ?? 4) : null,
        notice: notice(s.notice),
        materials: s.materials.map((m, i) => ({
          ...m,
          id: stableUuid(`${locale.station.key}/${implCode}/${i}/${m.name}`),
          blankFormId: null,
          sampleId: null,
        })),
        form: s.form ?? null,
        sortOrder: order,
      };
      return { departmentCode: department.code, parentImplCode, definition };
    };
    const { subItems, ...parentSpec } = spec;
    const parent = make(parentSpec, 0, null);
    out.push(parent);
    (subItems ?? []).forEach((sub, i) => {
      out.push(make({ ...parentSpec, ...sub }, i + 1, parent.definition.implCode));
    });
  }
  return out;
}

/** The locale of any station: its hall, phone prefix and supervisor. */
export function defaultLocale(
  stationKey: string,
  overrides: Partial<StationLocale> = {},
): StationLocale {
  const station = seedStation(stationKey);
  const municipal = station.kind === 'municipality';
  const prefix = municipal ? '重庆市' : station.name;
  return {
    station,
    level: municipal ? 'municipal' : 'district',
    hallName: `${prefix}政务服务中心`,
    hallAddress: `${municipal ? '重庆市渝北区' : `重庆市${station.name}`}政务服务中心一楼大厅`,
    phonePrefix: '6' + String((station.divisionCode ?? '500190').slice(4, 5)),
    supervisor: `${prefix}政务服务管理办公室`,
    ...overrides,
  };
}
