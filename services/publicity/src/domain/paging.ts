import { HallError } from '@hall/platform';

export interface Paging {
  page: number;
  pageSize: number;
}

export interface Paged<T> extends Paging {
  items: T[];
  total: number;
}

/** 409 for an edit made on a revision that is no longer current. */
export function editConflict(): HallError {
  return HallError.conflict('edit_conflict', '内容已被他人修改，请刷新后重试');
}
