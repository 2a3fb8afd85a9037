/** What the 信息发布 pages share between server and browser: files as forms carry them, paths. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

/** A file as a form carries it between posts (its id, name and size). */
export interface KeptFile {
  id: string;
  fileName: string;
  size: number;
}

/** `id|size|name` of a hidden input ↔ a kept file (names only label the page's own list). */
export const encodeFile = (f: KeptFile): string => `${f.id}|${f.size}|${f.fileName}`;

/** Where the portal serves a station's file (notice bodies must name images so). */
export const portalFilePath = (station: string, id: string): string =>
  `/${station}/publicity/files/${id}`;

/** Where the console serves any file of the staff member's station. */
export const consoleFilePath = (id: string, inline = false): string =>
  `/publicity/files/${id}${inline ? '?inline=1' : ''}`;

/** 1.2 MB, 35 KB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The `<img>` of an uploaded image as a notice body must carry it: the portal's path of the
 * file, the file's name (without its extension) as the text alternative.
 */
export const imageTag = (station: string, image: { id: string; fileName: string }): string =>
  `<img src="${portalFilePath(station, image.id)}" alt="${escapeAttribute(image.fileName.replace(/\.[^.]+$/, ''))}">`;
