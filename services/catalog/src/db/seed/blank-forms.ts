/**
 * Blank forms (空白表格) and filled-in samples (示例样表) for the seeded application forms: the
 * materials named like 《…申请表》 or 《…申请书》 get a workbook people can download, fill in
 * and hand in, and one showing how it is filled in.
 */
import ExcelJS from 'exceljs';

/** Materials that are forms to fill in: 《道路运输经营申请表》, 《…申请书》, 《…审核表》. */
export function isFormMaterial(name: string): boolean {
  return /^《.+(表|书)》$/.test(name);
}

const FIELDS: ReadonlyArray<[label: string, sample: string]> = [
  ['申请人（单位名称或姓名）', '重庆某某有限公司'],
  ['统一社会信用代码或身份证号码', '91500103MA5U******'],
  ['法定代表人（负责人）', '张某某'],
  ['联系人', '李某某'],
  ['联系电话', '138****5678'],
  ['通讯地址', '重庆市渝中区某某路1号'],
];

/** The file of a blank form or its sample, e.g. 道路运输经营申请表（空白表格）.xlsx. */
export function formFileName(materialName: string, sample: boolean): string {
  return `${materialName.replace(/[《》]/g, '')}（${sample ? '示例样表' : '空白表格'}）.xlsx`;
}

export async function formWorkbook(
  materialName: string,
  itemName: string,
  sample: boolean,
): Promise<Buffer> {
  const title = materialName.replace(/[《》]/g, '');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '重庆网上行政审批大厅';
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.columns = [{ width: 30 }, { width: 60 }];
  sheet.mergeCells('A1:B1');
  sheet.getCell('A1').value = sample ? `${title}（示例）` : title;
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  const rows: Array<[string, string]> = [
    ...FIELDS.map(([label, example]): [string, string] => [label, sample ? example : '']),
    ['申请事项', itemName],
    ['申请内容', sample ? '（按申请事项的受理条件逐项说明）' : ''],
    [
      '申请人承诺',
      '本人（单位）承诺所填写的内容和提交的材料真实、有效，如有虚假，愿承担相应的法律责任。',
    ],
    ['申请人签字（盖章）', sample ? '张某某（签字）  重庆某某有限公司（盖章）' : ''],
    ['申请日期', sample ? '2025年3月18日' : '      年    月    日'],
  ];
  for (const [label, value] of rows) {
    const row = sheet.addRow([label, value]);
    row.height = label === '申请内容' ? 80 : 24;
    row.getCell(1).font = { bold: true };
    row.eachCell((cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
