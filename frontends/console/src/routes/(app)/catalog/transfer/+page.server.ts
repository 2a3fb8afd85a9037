import { formText } from '@hall/web/server';
import { ProblemError } from '@hall/web';
import { fail } from '@sveltejs/kit';
import {
  catalogAdmin,
  catalogFormFailure,
  requireCatalogEditor,
  type ImportRejection,
} from '$lib/server/catalog';
import { callContext } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireCatalogEditor(event);
  return {};
};

export const actions: Actions = {
  /**
   * 导入: the workbook goes to catalog as it is; either every row is applied (as drafts, or
   * published with 立即发布) or nothing is, and the report says which rows were refused and why.
   */
  default: async (event) => {
    const { station } = requireCatalogEditor(event);
    const data = await event.request.formData();
    const publish = formText(data, 'publish') === 'true';
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0 || !file.name) {
      return fail(400, {
        publish,
        message: '请选择要导入的 Excel 文件',
        fields: { file: '请选择要导入的 Excel 文件（.xlsx）' } as Record<string, string>,
        report: null,
      });
    }
    try {
      const report = await catalogAdmin().importCatalog(station, file, publish, callContext(event));
      return { publish, fileName: file.name, report };
    } catch (err) {
      // A refused import answers with its report of rejected rows.
      const report = err instanceof ProblemError ? reportOf(err) : null;
      if (report) {
        return fail(400, {
          publish,
          message: `导入未完成：共 ${report.rejected.length} 处问题，未导入任何内容`,
          fields: {} as Record<string, string>,
          report,
        });
      }
      const { status, data: failed } = catalogFormFailure(
        err,
        { publish },
        ['file'],
        '/catalog/transfer',
      );
      return fail(status, {
        publish,
        message: failed.message,
        fields: failed.fields,
        report: null,
      });
    }
  },
};

/** The rejected rows of a refused import (catalog's problem carries them as `rejected`). */
function reportOf(err: ProblemError): { rejected: ImportRejection[] } | null {
  const problem = err.problem as typeof err.problem & { rejected?: unknown };
  if (err.code !== 'import_rejected' || !Array.isArray(problem.rejected)) return null;
  return { rejected: problem.rejected as ImportRejection[] };
}
