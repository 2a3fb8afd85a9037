import type { ActionInput, FileInfo } from '@hall/web/server';
import { sizeText } from '$lib/applications';
import { worklist } from '$lib/server/applications';
import { callContext } from '$lib/server/services';
import { decide, loadForAction, text } from '../action.server';
import { completeHref, resultFileIds, takeUploadError } from './result-files.server';
import type { Actions, PageServerLoad } from './$types';

/** 缴费信息 rows offered on the form (empty rows are ignored). */
const FEE_ROWS = 3;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,9}(?:\.\d{1,2})?$/;

/**
 * 办结: the outcome (准予 / 不予许可), the opinion, result files uploaded first (their ids ride in
 * the page's `files` query until the decision attaches them), 证照信息 and 缴费信息.
 */
export const load: PageServerLoad = async (event) => {
  const { head } = await loadForAction(event, 'complete');
  const ids = resultFileIds(event.url);
  const ctx = callContext(event);
  // A file that is gone, or not this staff member's, is dropped from the list.
  const files = (
    await Promise.all(
      ids.map((id) =>
        worklist()
          .file(id, ctx)
          .catch(() => null),
      ),
    )
  ).filter((f): f is FileInfo => f !== null);
  const kept = files.map((f) => f.id);
  return {
    head,
    feeRows: FEE_ROWS,
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      size: sizeText(f.size),
      removeHref: completeHref(
        head.id,
        kept.filter((id) => id !== f.id),
      ),
    })),
    fileIds: kept,
    uploadAction: `/applications/${head.id}/complete/upload${kept.length ? `?${new URLSearchParams({ files: kept.join(',') })}` : ''}`,
    uploadError: takeUploadError(event),
  };
};

interface CompleteValues {
  outcome: string;
  opinion: string;
  licenceName: string;
  licenceNumber: string;
  licenceIssuer: string;
  licenceValidFrom: string;
  licenceValidTo: string;
  fees: Array<{ name: string; amount: string }>;
  feesPaid: string;
}

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values: CompleteValues = {
      outcome: text(data, 'outcome'),
      opinion: text(data, 'opinion'),
      licenceName: text(data, 'licenceName'),
      licenceNumber: text(data, 'licenceNumber'),
      licenceIssuer: text(data, 'licenceIssuer'),
      licenceValidFrom: text(data, 'licenceValidFrom'),
      licenceValidTo: text(data, 'licenceValidTo'),
      fees: Array.from({ length: FEE_ROWS }, (_, i) => ({
        name: text(data, `feeName${i}`),
        amount: text(data, `feeAmount${i}`).normalize('NFKC').replace(/[\s,]/g, ''),
      })),
      feesPaid: text(data, 'feesPaid'),
    };
    const errors: Record<string, string> = {};
    const input: ActionInput = {};
    if (values.outcome === 'approved' || values.outcome === 'not_approved')
      input.outcome = values.outcome;
    else errors.outcome = '请选择办理结果';
    if (values.opinion) input.opinion = values.opinion;
    const resultFileIds = data.getAll('resultFileIds').filter((v) => typeof v === 'string');
    if (resultFileIds.length) input.resultFileIds = resultFileIds;

    // 证照信息: all or nothing; 有效期至 may stay empty (长期有效).
    const licence = {
      licenceName: ['name', '请填写证照名称'],
      licenceNumber: ['number', '请填写证照编号'],
      licenceIssuer: ['issuer', '请填写发证机关'],
      licenceValidFrom: ['validFrom', '请填写有效期起始日期'],
    } as const;
    const licenceKeys = Object.keys(licence) as Array<keyof typeof licence>;
    if (licenceKeys.some((k) => values[k]) || values.licenceValidTo) {
      for (const k of licenceKeys) if (!values[k]) errors[k] = licence[k][1];
      for (const k of ['licenceValidFrom', 'licenceValidTo'] as const)
        if (values[k] && !DAY.test(values[k])) errors[k] = '请填写正确的日期，例如 2026-12-01';
      input.licence = {
        name: values.licenceName,
        number: values.licenceNumber,
        issuer: values.licenceIssuer,
        validFrom: values.licenceValidFrom,
        validTo: values.licenceValidTo || null,
      };
    }

    // 缴费信息: the rows filled in; which row each sent item came from, for the service's answer.
    const rows: number[] = [];
    const items: Array<{ name: string; amount: number }> = [];
    values.fees.forEach((fee, i) => {
      if (!fee.name && !fee.amount) return;
      if (!fee.name) errors[`feeName${i}`] = '请填写收费项目';
      if (!AMOUNT.test(fee.amount)) errors[`feeAmount${i}`] = '请填写金额（元），最多两位小数';
      rows.push(i);
      items.push({ name: fee.name, amount: Number(fee.amount) });
    });
    if (items.length) {
      if (values.feesPaid !== 'yes' && values.feesPaid !== 'no')
        errors.feesPaid = '请选择是否已缴费';
      input.fees = { items, paid: values.feesPaid === 'yes' };
    }

    const fieldOf = (path: string): string => {
      const licenceField = /^licence\/(\w+)$/.exec(path);
      if (licenceField) {
        const key = licenceField[1]!;
        return `licence${key[0]!.toUpperCase()}${key.slice(1)}`;
      }
      const fee = /^fees\/items\/(\d+)\/(name|amount)$/.exec(path);
      if (fee) return `${fee[2] === 'name' ? 'feeName' : 'feeAmount'}${rows[Number(fee[1])] ?? 0}`;
      if (path === 'fees/paid') return 'feesPaid';
      if (path.startsWith('resultFileIds')) return 'resultFiles';
      return path;
    };
    return decide(event, 'complete', data, {
      values,
      input,
      errors,
      formFields: [
        'outcome',
        'opinion',
        'resultFiles',
        ...licenceKeys,
        'licenceValidTo',
        ...Array.from({ length: FEE_ROWS }, (_, i) => [`feeName${i}`, `feeAmount${i}`]).flat(),
        'feesPaid',
      ],
      fieldOf,
    });
  },
};
