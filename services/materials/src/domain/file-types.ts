/** What the hall accepts, keyed by the extension a stored file carries. */
export const fileTypes = {
  pdf: { mediaType: 'application/pdf', label: 'PDF 文件' },
  jpg: { mediaType: 'image/jpeg', label: 'JPG 图片' },
  png: { mediaType: 'image/png', label: 'PNG 图片' },
  ofd: { mediaType: 'application/ofd', label: 'OFD 版式文件' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word 文档（DOCX）',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel 表格（XLSX）',
  },
} as const;

export type FileType = keyof typeof fileTypes;

export const allFileTypes = Object.keys(fileTypes) as FileType[];

/** Extensions people write for the same type. */
const aliases: Record<string, FileType> = { jpeg: 'jpg' };

/** The type an extension names (`JPEG` → `jpg`), or null when the hall does not accept it. */
export function typeOfExtension(extension: string): FileType | null {
  const lower = extension.toLowerCase();
  if (lower in fileTypes) return lower as FileType;
  return aliases[lower] ?? null;
}

/** The extension of a file name, lower-case, without the dot; '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** "PDF、JPG、PNG" for messages. */
export function typeList(types: readonly FileType[]): string {
  return types.map((t) => t.toUpperCase()).join('、');
}
