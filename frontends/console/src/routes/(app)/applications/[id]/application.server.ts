/**
 * One application as the 办件 pages show it: its head (serial, item, state, time limits), the
 * decisions the staff member may take, and the parts of the detail in words — labels from the
 * item version's business form, materials with how each is provided, times in 北京时间.
 */
import { answerText, fieldsInOrder, type BusinessForm } from '@hall/platform/forms';
import type { StaffApplication } from '@hall/web/server';
import {
  actionSpecs,
  basicLabels,
  collectionLabels,
  indicatorLabels,
  necessityLabels,
  previewable,
  sizeText,
} from '$lib/applications';
import { dueStatus } from '$lib/server/applications';
import { shanghaiDateTime } from '$lib/time';

const when = (iso: string | null): string | null => (iso ? shanghaiDateTime(iso) : null);

/** What every 办件 page shows at its top. */
export function applicationHead(app: StaffApplication, now = new Date()) {
  return {
    id: app.id,
    serial: app.serial ?? '',
    itemName: app.item.name,
    departmentName: app.item.departmentName,
    state: app.state,
    stateLabel: app.stateLabel,
    revision: app.revision,
    applicantName: app.basic.name ?? '—',
    overdue: app.overdue,
    currentDue: when(app.currentDueAt),
    dueStatus: dueStatus(app.currentDueAt, app.overdue, now),
  };
}
export type ApplicationHead = ReturnType<typeof applicationHead>;

/** 基本信息's and 表单信息's field paths (`basic/<key>`, `answers/<key>`) → their labels. */
export function fieldLabels(app: StaffApplication): Map<string, string> {
  const labels = new Map<string, string>();
  const kind = app.applicantKind;
  for (const b of basicLabels) {
    const label = b[kind];
    if (label && b.key !== 'idTypeLabel') labels.set(`basic/${b.key}`, label);
  }
  if (app.item.form)
    for (const { key, field } of fieldsInOrder(app.item.form as BusinessForm))
      labels.set(`answers/${key}`, field.title);
  return labels;
}

/** The words a transition's details carry: a reason (不予受理, 驳回) or a 补齐补正 note. */
function detailText(details: Record<string, unknown> | null | undefined): string | null {
  if (typeof details?.reason === 'string') return details.reason;
  const note = (details?.supplement as { note?: unknown } | undefined)?.note;
  return typeof note === 'string' ? note : null;
}

function fileView(applicationId: string, file: StaffApplication['result']['files'][number]) {
  const base = `/applications/${applicationId}/files/${file.id}`;
  return {
    id: file.id,
    name: file.name,
    size: sizeText(file.size),
    previewHref: previewable(file.mediaType) ? base : null,
    downloadHref: `${base}/content`,
  };
}

/** The whole detail for the detail page. */
export function applicationDetail(app: StaffApplication, user: ConsoleUser, now = new Date()) {
  const kind = app.applicantKind;
  const labels = fieldLabels(app);
  const form = app.item.form as BusinessForm | null;
  const materialNames = new Map(app.item.materials.map((m) => [m.id, m.name]));
  const fees = app.result.fees;
  return {
    head: applicationHead(app, now),
    stationName: app.stationName,
    applicantKind: kind === 'unit' ? '单位' : '个人',
    itemVersion: app.item.version,
    times: [
      ['提交时间', when(app.submittedAt)],
      ['预审、受理时限', app.prereviewDueAt ? `${when(app.prereviewDueAt)} 前` : null],
      ['受理时间', when(app.acceptedAt)],
      ['办结时限', app.dueAt ? `${when(app.dueAt)} 前` : null],
      ['办结时间', when(app.completedAt)],
    ].filter((row): row is [string, string] => row[1] !== null),
    promisedTimeLimit: app.item.promisedTimeLimit ?? app.item.legalTimeLimit,
    actions: actionSpecs
      .filter((spec) => app.availableActions.includes(spec.action))
      .map((spec) => ({
        label: spec.label,
        href: `/applications/${app.id}/${spec.slug}`,
        destructive: spec.destructive,
      })),
    basic: basicLabels
      .filter((b) => b[kind])
      .map((b) => ({
        label: b[kind],
        value: (app.basic as unknown as Record<string, string | null>)[b.key] || '—',
      })),
    formTitle: form ? String(form.title ?? '业务表单') : null,
    answers: form
      ? fieldsInOrder(form).map(({ key, field }) => ({
          label: field.title,
          value: answerText(field, app.answers[key]) || '—',
        }))
      : [],
    materials: app.materials.map((m) => ({
      id: m.materialId,
      name: m.name,
      necessity: necessityLabels[m.necessity] ?? m.necessity,
      collection: collectionLabels[m.collection] ?? m.collection,
      provision: m.provisionLabel ?? '未提供',
      // 窗口提交 and 容缺后补 materials are brought to the window: the clerk collects them there.
      owedAtWindow: m.provision === 'window' || m.provision === 'deferred',
      files: m.files.map((f) => fileView(app.id, f)),
    })),
    supplement: app.supplement
      ? {
          materials: app.supplement.materials.map((id) => materialNames.get(id) ?? id),
          fields: app.supplement.fields.map((path) => labels.get(path) ?? path),
          note: app.supplement.note,
          requestedAt: shanghaiDateTime(app.supplement.requestedAt),
          resubmittedAt: when(
            (app.supplement as { resubmittedAt?: string | null }).resubmittedAt ?? null,
          ),
        }
      : null,
    result:
      app.state === 'completed'
        ? {
            outcome: app.outcomeLabel ?? '—',
            approved: app.outcome === 'approved',
            files: app.result.files.map((f) => fileView(app.id, f)),
            licence: app.result.licence,
            fees: fees
              ? {
                  items: fees.items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
                  total: fees.total.toFixed(2),
                  paid: fees.paid,
                }
              : null,
          }
        : null,
    evaluation: app.evaluation
      ? {
          level: app.evaluation.levelLabel,
          bad: app.evaluation.level <= 2,
          indicators: indicatorLabels.map((i) => ({
            label: i.label,
            value: (app.evaluation!.indicators as unknown as Record<string, number>)[i.key] ?? 0,
          })),
          comment: app.evaluation.comment,
          anonymous: app.evaluation.anonymous,
          at: shanghaiDateTime(app.evaluation.at),
        }
      : null,
    timeline: app.timeline.map((entry) => ({
      at: entry.at,
      actionLabel: entry.actionLabel,
      stateLabel: entry.stateLabel,
      // 不予受理 and 驳回 carry their reason, 补齐补正 its note; an opinion follows on its own line.
      opinion: [detailText(entry.details), entry.opinion].filter(Boolean).join('\n'),
      actor:
        entry.actor?.kind === 'staff'
          ? `${entry.actor.roleLabel ?? '工作人员'}${entry.actor.id === user.id ? '（本人）' : ''}`
          : '申请人',
    })),
  };
}
