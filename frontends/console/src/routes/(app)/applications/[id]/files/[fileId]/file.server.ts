/** A file of an application (one of its materials' or its result files), as staff open it. */
import type { FileInfo, StaffApplication } from '@hall/web/server';
import { error } from '@sveltejs/kit';

/**
 * The file `fileId` when the application holds it; 404 otherwise, so the console serves only
 * files of applications the staff member may open (materials checks the station again).
 */
export function fileOf(app: StaffApplication, fileId: string): FileInfo {
  const file = [...app.materials.flatMap((m) => m.files), ...app.result.files].find(
    (f) => f.id === fileId,
  );
  if (!file) error(404, '该办件没有此文件');
  return file;
}
