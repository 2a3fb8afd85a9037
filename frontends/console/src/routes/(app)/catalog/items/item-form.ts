/**
 * The item editor's form (基本信息, 办理信息, 收费, 服务对象与网办, 阅读须知) as text values: what
 * the page shows and what a refused submission gives back. Shared by the page and its server.
 */

export interface ItemFormValues {
  name: string;
  basicCode: string;
  implCode: string;
  powerType: string;
  departmentId: string;
  /** The parent's 实施编码 (looked up when saving); blank for a top-level item. */
  parentCode: string;
  level: string;
  sortOrder: string;
  handlingType: string;
  legalTimeLimitValue: string;
  legalTimeLimitUnit: string;
  promisedTimeLimitValue: string;
  promisedTimeLimitUnit: string;
  basis: string;
  conditions: string;
  process: string;
  location: string;
  hours: string;
  consultation: string;
  supervision: string;
  visits: string;
  feeCharged: string;
  feeStandard: string;
  feeBasis: string;
  serviceObjects: string[];
  online: string;
  onlineDepth: string;
  notice: string;
}

export const emptyItemForm = (): ItemFormValues => ({
  name: '',
  basicCode: '',
  implCode: '',
  powerType: '01',
  departmentId: '',
  parentCode: '',
  level: 'municipal',
  sortOrder: '',
  handlingType: 'promised',
  legalTimeLimitValue: '',
  legalTimeLimitUnit: 'workday',
  promisedTimeLimitValue: '',
  promisedTimeLimitUnit: 'workday',
  basis: '',
  conditions: '',
  process: '',
  location: '',
  hours: '',
  consultation: '',
  supervision: '',
  visits: '0',
  feeCharged: 'false',
  feeStandard: '',
  feeBasis: '',
  serviceObjects: [],
  online: 'true',
  onlineDepth: '',
  notice: '',
});

/** Field name → label, for the error summary. */
export const itemFieldLabels: Record<keyof ItemFormValues, string> = {
  name: '事项名称',
  basicCode: '基本编码',
  implCode: '实施编码',
  powerType: '事项类型',
  departmentId: '实施主体',
  parentCode: '父事项',
  level: '行使层级',
  sortOrder: '排序号',
  handlingType: '办件类型',
  legalTimeLimitValue: '法定办结时限',
  legalTimeLimitUnit: '法定办结时限单位',
  promisedTimeLimitValue: '承诺办结时限',
  promisedTimeLimitUnit: '承诺办结时限单位',
  basis: '设定依据',
  conditions: '受理条件',
  process: '办理流程',
  location: '办理地点',
  hours: '办理时间',
  consultation: '咨询方式',
  supervision: '监督投诉方式',
  visits: '到办事现场次数',
  feeCharged: '是否收费',
  feeStandard: '收费标准',
  feeBasis: '收费依据',
  serviceObjects: '服务对象',
  online: '可在线申报',
  onlineDepth: '网办深度',
  notice: '阅读须知',
};

export const ITEM_FIELDS = Object.keys(itemFieldLabels) as ReadonlyArray<keyof ItemFormValues>;
