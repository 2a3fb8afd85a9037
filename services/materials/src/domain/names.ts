import { HallError } from '@hall/platform';
import type { FileType } from './file-types';

/** Longest display name, extension included. */
export const MAX_NAME_LENGTH = 120;

/** A name without path or control characters, trimmed ('' when nothing is left). */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/**
 * The display name of a file of `type`: `name` cleaned, ending with the type's extension (added
 * when missing: "身份证正面" → "身份证正面.jpg"; `.jpeg` stays for a JPG). Throws a field error on
 * `field` when nothing is left or it is too long.
 */
export function displayName(name: string, type: FileType, field = 'name'): string {
  const cleaned = cleanName(name);
  if (!cleaned)
    throw HallError.validation([{ field, code: 'name.empty', message: '文件名称不能为空' }]);
  const lower = cleaned.toLowerCase();
  const suffixes = type === 'jpg' ? ['.jpg', '.jpeg'] : [`.${type}`];
  const named = suffixes.some((s) => lower.endsWith(s) && lower.length > s.length)
    ? cleaned
    : `${cleaned}.${type}`;
  if ([...named].length > MAX_NAME_LENGTH)
    throw HallError.validation([
      { field, code: 'name.too_long', message: `文件名称不能超过${MAX_NAME_LENGTH}个字符` },
    ]);
  return named;
}

/** The name of an uploaded part, shortened from the front (keeping the extension) when too long. */
export function uploadedName(filename: string): string {
  const chars = [...cleanName(filename)];
  return chars.length > MAX_NAME_LENGTH ? chars.slice(-MAX_NAME_LENGTH).join('') : chars.join('');
}

/** RFC 6266 / 5987 Content-Disposition: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A size as people read it: 5 MB, 512 KB, 100 字节. */
export function sizeText(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB)
    return `${Number.isInteger(bytes / MB) ? bytes / MB : (bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
