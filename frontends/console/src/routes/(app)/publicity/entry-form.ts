/** The 办件公示 editor's form as it travels between posts (shared by the server and the page). */
import type { KeptFile } from '$lib/publicity';

export interface EntryFormValues {
  title: string;
  itemName: string;
  departmentId: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  /** The 公示详情文件 uploaded so far. */
  file: KeptFile | null;
  /** The revision the edits are based on ('' for a new entry). */
  revision: string;
}

export const entryFieldLabels: Record<string, string> = {
  title: '标题',
  itemName: '事项名称',
  departmentId: '部门',
  summary: '公示内容摘要',
  periodStart: '公示开始日期',
  periodEnd: '公示结束日期',
  detailsFile: '公示详情文件',
};

export const ENTRY_FIELDS = Object.keys(entryFieldLabels);

export interface EntryFormResult {
  values: EntryFormValues;
  message: string;
  fields: Record<string, string>;
  /** On a stale save: the latest revision, to save over it on purpose. */
  conflict: number | null;
}
