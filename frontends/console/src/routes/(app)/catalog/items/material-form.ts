/** The material editor's form as text values (shared by the page and its server). */

export interface MaterialFormValues {
  name: string;
  media: string[];
  necessity: string;
  collection: string;
  fileTypes: string;
  maxSizeMb: string;
  copies: string;
  notes: string;
  /** The attachment kept (already uploaded); blank for none. */
  blankFormId: string;
  blankFormName: string;
  sampleId: string;
  sampleName: string;
}

export const emptyMaterialForm = (): MaterialFormValues => ({
  name: '',
  media: ['electronic'],
  necessity: 'required',
  collection: 'upload',
  fileTypes: 'pdf, jpg, png',
  maxSizeMb: '10',
  copies: '1',
  notes: '',
  blankFormId: '',
  blankFormName: '',
  sampleId: '',
  sampleName: '',
});

export const materialFieldLabels = {
  name: '材料名称',
  media: '材料形式',
  necessity: '必要性',
  collection: '收取方式',
  fileTypes: '允许的文件类型',
  maxSizeMb: '文件大小上限',
  copies: '份数',
  notes: '备注',
  blankForm: '空白表格',
  sample: '示例样表',
} as const satisfies Record<string, string>;

export const MATERIAL_FIELDS = Object.keys(materialFieldLabels);
