/** The notice editor's form as it travels between posts (shared by the server and the page). */
import type { KeptFile } from '$lib/publicity';

export interface NoticeFormValues {
  title: string;
  /** The body's HTML as typed. */
  body: string;
  /** 附件 chosen so far (saved with the notice). */
  attachments: KeptFile[];
  /** Images uploaded for the body (shown, and inserted where the body names them). */
  images: KeptFile[];
  /** The revision the edits are based on ('' for a new notice). */
  revision: string;
}

export const noticeFieldLabels: Record<string, string> = {
  title: '标题',
  body: '正文',
  attachmentFile: '附件',
  imageFile: '正文图片',
};

export const NOTICE_FIELDS = Object.keys(noticeFieldLabels);

/** The most attachments a notice may have (the service's limit). */
export const MAX_ATTACHMENTS = 20;

/** What a submission of the editor answers: the form again, with what happened. */
export interface NoticeFormResult {
  values: NoticeFormValues;
  /** A refusal (with `fields`), '' when nothing went wrong. */
  message: string;
  fields: Record<string, string>;
  /** What was done without saving (an upload, a removal), for a status line. */
  done: string;
  /** On a stale save: the latest revision, to save over it on purpose. */
  conflict: number | null;
}
