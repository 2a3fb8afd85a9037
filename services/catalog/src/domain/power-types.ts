/** The 11 national power types (事项类型) and their names, in the order the 权力清单 shows them. */
export const powerTypes = [
  { code: '01', name: '行政许可' },
  { code: '02', name: '行政处罚' },
  { code: '03', name: '行政强制' },
  { code: '04', name: '行政征收' },
  { code: '05', name: '行政给付' },
  { code: '06', name: '行政检查' },
  { code: '07', name: '行政确认' },
  { code: '08', name: '行政奖励' },
  { code: '09', name: '行政裁决' },
  { code: '10', name: '其他行政权力' },
  { code: '20', name: '公共服务' },
] as const;

export type PowerTypeCode = (typeof powerTypes)[number]['code'];

export const powerTypeCodes = powerTypes.map((p) => p.code) as PowerTypeCode[];

const names = new Map<string, string>(powerTypes.map((p) => [p.code, p.name]));

export function powerTypeName(code: string): string {
  return names.get(code) ?? code;
}
