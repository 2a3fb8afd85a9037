/**
 * The audit log as the console shows it: filters read from the query string (a GET form, so it
 * works without JavaScript and the URL can be bookmarked) and entries in Chinese, times in
 * Asia/Shanghai, people and stations by name where the console knows them.
 */
import { staffRoleLabels, type StaffRole } from '@hall/platform/auth';
import { shanghaiDateTime, shanghaiDayBound } from '$lib/time';
import type { AuditEntry, AuditQuery } from '@hall/web';

export const auditEvents: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'login.succeeded', label: '登录成功' },
  { value: 'login.failed', label: '登录失败' },
  { value: 'login.locked', label: '账号锁定' },
  { value: 'logout', label: '退出登录' },
  { value: 'session.reuse_detected', label: '登录凭证被重复使用' },
  { value: 'password.changed', label: '修改密码' },
  { value: 'password.reset', label: '重置密码' },
  { value: 'password.reset_failed', label: '重置密码失败' },
  { value: 'security_questions.changed', label: '设置密保问题' },
  { value: 'profile.updated', label: '修改个人资料' },
  { value: 'account.registered', label: '用户注册' },
  { value: 'staff.created', label: '新增工作人员' },
  { value: 'staff.updated', label: '修改工作人员信息' },
  { value: 'staff.roles_changed', label: '调整工作人员角色' },
  { value: 'staff.disabled', label: '停用工作人员' },
  { value: 'staff.enabled', label: '启用工作人员' },
  { value: 'station.created', label: '新增站点' },
  { value: 'station.updated', label: '修改站点' },
  { value: 'catalog.department.created', label: '新增部门' },
  { value: 'catalog.department.updated', label: '修改部门' },
  { value: 'catalog.item.created', label: '新增事项' },
  { value: 'catalog.draft.saved', label: '保存事项草稿' },
  { value: 'catalog.draft.discarded', label: '放弃事项草稿' },
  { value: 'catalog.item.published', label: '发布事项' },
  { value: 'catalog.item.withdrawn', label: '下架事项' },
  { value: 'catalog.attachment.uploaded', label: '上传空白表格或示例样表' },
  { value: 'catalog.import', label: '导入权力清单' },
  { value: 'submissions.application.viewed', label: '查看办件' },
  { value: 'submissions.application.prereviewed', label: '办件预审通过' },
  { value: 'submissions.application.supplement_requested', label: '要求补齐补正' },
  { value: 'submissions.application.accepted', label: '受理办件' },
  { value: 'submissions.application.not_accepted', label: '不予受理办件' },
  { value: 'submissions.application.rejected', label: '驳回办件' },
  { value: 'submissions.application.completed', label: '办结办件' },
  { value: 'submissions.follow_up.responded', label: '回复差评' },
  { value: 'materials.file.uploaded', label: '上传结果材料' },
  { value: 'materials.file.viewed', label: '查看申请材料' },
  { value: 'letters.letter.viewed', label: '查看信件' },
  { value: 'letters.letter.contact_revealed', label: '查看来信人联系方式' },
  { value: 'letters.letter.assigned', label: '转办信件' },
  { value: 'letters.letter.replied', label: '答复信件' },
  { value: 'letters.letter.out_of_scope', label: '信件不予受理' },
  { value: 'letters.letter.follow_up', label: '记录投诉跟进' },
  { value: 'letters.letter.closed', label: '办结投诉' },
  { value: 'letters.faq.published', label: '发布常见问题' },
  { value: 'letters.faq.updated', label: '修改常见问题' },
  { value: 'letters.faq.withdrawn', label: '撤回常见问题' },
  { value: 'publicity.notice.created', label: '新增通知公告' },
  { value: 'publicity.notice.updated', label: '修改通知公告' },
  { value: 'publicity.notice.deleted', label: '删除通知公告' },
  { value: 'publicity.notice.published', label: '发布通知公告' },
  { value: 'publicity.notice.unpublished', label: '撤回通知公告' },
  { value: 'publicity.notice.pinned', label: '置顶通知公告' },
  { value: 'publicity.notice.unpinned', label: '取消置顶通知公告' },
  { value: 'publicity.attachment.uploaded', label: '上传公告附件' },
  { value: 'publicity.entry.created', label: '新增办件公示' },
  { value: 'publicity.entry.updated', label: '修改办件公示' },
  { value: 'publicity.entry.deleted', label: '删除办件公示' },
  { value: 'publicity.entry.published', label: '发布办件公示' },
  { value: 'publicity.entry.unpublished', label: '撤回办件公示' },
  { value: 'publicity.profile.updated', label: '修改站点个性化设置' },
];

const eventLabel = (event: string) => auditEvents.find((e) => e.value === event)?.label ?? event;

export const outcomeLabels: Record<string, string> = { success: '成功', failure: '失败' };

const actorKinds: Record<string, string> = {
  person: '个人用户',
  unit: '单位用户',
  staff: '工作人员',
  operator: '平台运维',
  anonymous: '未登录用户',
};

const targetKinds: Record<string, string> = {
  staff: '工作人员',
  operator: '平台运维',
  station: '站点',
  person: '个人用户',
  unit: '单位用户',
  account: '用户',
  department: '部门',
  item: '事项',
  attachment: '附件',
  catalog: '权力清单',
  application: '办件',
  file: '文件',
  follow_up: '差评跟进',
  letter: '信件',
  faq: '常见问题',
  notice: '通知公告',
  publicity_entry: '办件公示',
  station_profile: '站点个性化',
};

/** Application states as submissions records them in its audit details. */
const applicationStates: Record<string, string> = {
  draft: '暂存',
  submitted: '待预审',
  prereviewed: '待受理',
  supplement: '补齐补正',
  accepted: '已受理',
  not_accepted: '不予受理',
  rejected: '已驳回',
  completed: '办结',
};

const outcomes: Record<string, string> = { approved: '准予许可', not_approved: '不予许可' };

/**
 * The details submissions and materials record (states, the role acted in, the serial, a file's
 * type and size: never personal data) in words.
 */
function describeCaseDetails(details: Record<string, unknown>): string {
  const out: string[] = [];
  const state = (v: unknown) => applicationStates[String(v)] ?? String(v);
  // In a fixed order: the log stores details as JSON, which keeps no key order.
  const order = ['serial', 'state', 'from', 'to', 'role', 'outcome', 'applicationId'];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(details).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, value] of entries) {
    switch (key) {
      case 'serial':
        if (value) out.push(`申办流水号：${String(value)}`);
        break;
      case 'state':
        out.push(`状态：${state(value)}`);
        break;
      case 'from':
        if (!('to' in details)) out.push(`原状态：${state(value)}`);
        break;
      case 'to':
        out.push(`状态：${'from' in details ? `${state(details.from)} → ` : ''}${state(value)}`);
        break;
      case 'role':
        out.push(`岗位：${staffRoleLabels[value as StaffRole] ?? String(value)}`);
        break;
      case 'outcome':
        out.push(`结果：${outcomes[String(value)] ?? String(value)}`);
        break;
      case 'extension':
        out.push(`类型：${String(value).toUpperCase()}`);
        break;
      case 'size':
        out.push(`大小：${Math.max(1, Math.round(Number(value) / 1024))} KB`);
        break;
      case 'applicationId':
        out.push(`办件编号尾号 ${String(value).slice(-8)}`);
        break;
      case 'letterId':
        out.push(`信件编号尾号 ${String(value).slice(-8)}`);
        break;
      default:
        out.push(`${key}：${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return out.join('；');
}

/** The station profile's fields as the publicity service names them in its audit details. */
const profileFields: Record<string, string> = {
  displayName: '站点名称',
  bannerTitle: '横幅标题',
  bannerSubtitle: '横幅副标题',
  address: '地址',
  phone: '电话',
  hours: '办公时间',
  email: '邮箱',
};

/** The details the publicity service records (titles, file names and sizes) in words. */
function describePublicityDetails(details: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    switch (key) {
      case 'title':
        out.push(`标题：${String(value)}`);
        break;
      case 'fileName':
        out.push(`文件：${String(value)}`);
        break;
      case 'size':
        out.push(`大小：${Math.max(1, Math.round(Number(value) / 1024))} KB`);
        break;
      case 'sha256':
        // A checksum tells a reader nothing; the file name and size above name the file.
        break;
      case 'fields': {
        const names = String(value)
          .split(',')
          .filter(Boolean)
          .map((f) => profileFields[f] ?? f);
        out.push(names.length ? `设置：${names.join('、')}` : '已清空全部设置');
        break;
      }
      default:
        out.push(`${key}：${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return out.join('；');
}

/** Letter and FAQ states as the letters service records them in its audit details. */
const letterStates: Record<string, string> = {
  received: '已受理',
  assigned: '已转办',
  replied: '已答复',
  closed: '已办结',
  out_of_scope: '不予受理',
  published: '已发布',
  withdrawn: '已撤回',
};

/**
 * The details the letters service records (the 受理编码, states, whether a reply was on time:
 * never the writer's name or number) in words.
 */
function describeLetterDetails(details: Record<string, unknown>): string {
  const out: string[] = [];
  const state = (v: unknown) => letterStates[String(v)] ?? String(v);
  const order = ['code', 'from', 'to', 'state', 'onTime', 'departmentId', 'letterId'];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(details).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, value] of entries) {
    switch (key) {
      case 'code':
        out.push(`受理编码：${String(value)}`);
        break;
      case 'from':
        if (!('to' in details)) out.push(`原状态：${state(value)}`);
        break;
      case 'to':
        out.push(`状态：${'from' in details ? `${state(details.from)} → ` : ''}${state(value)}`);
        break;
      case 'state':
        out.push(`状态：${state(value)}`);
        break;
      case 'onTime':
        out.push(value ? '按期答复' : '超期答复');
        break;
      case 'departmentId':
        out.push(`转办部门编号尾号 ${String(value).slice(-8)}`);
        break;
      case 'letterId':
        // The 受理编码 beside it names the letter.
        if (!('code' in details)) out.push(`信件编号尾号 ${String(value).slice(-8)}`);
        break;
      default:
        out.push(`${key}：${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return out.join('；');
}

const reasons: Record<string, string> = {
  wrong_password: '密码错误',
  unknown_user: '用户名不存在',
  disabled: '账号已停用',
  locked: '账号锁定中',
};

const fieldNames: Record<string, string> = {
  name: '姓名/名称',
  departmentId: '部门',
  roles: '角色',
  enabled: '启用状态',
  sortOrder: '排序',
  mobile: '手机号',
  email: '电子邮箱',
  address: '联系地址',
  operatorName: '经办人',
  legalRepName: '法定代表人',
  legalRepIdNumber: '法定代表人身份证号',
};

const changes: Record<string, string> = {
  CREATED: '新增',
  UPDATED: '修改',
  DISABLED: '停用',
  ENABLED: '启用',
};

const roleList = (value: unknown): string =>
  Array.isArray(value)
    ? value.map((r) => staffRoleLabels[r as StaffRole] ?? String(r)).join('、') || '无'
    : String(value);

/** The details an entry records (codes, counts, role names, never personal data) in words. */
export function describeDetails(details: Record<string, unknown>, event = ''): string {
  if (event.startsWith('submissions.') || event.startsWith('materials.'))
    return describeCaseDetails(details);
  if (event.startsWith('letters.')) return describeLetterDetails(details);
  if (event.startsWith('publicity.')) return describePublicityDetails(details);
  const out: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    switch (key) {
      case 'realm':
        out.push(value === 'staff' ? '工作人员登录' : '公众用户登录');
        break;
      case 'reason':
        out.push(reasons[String(value)] ?? String(value));
        break;
      case 'failures':
        out.push(`连续失败${String(value)}次`);
        break;
      case 'locked':
        if (value) out.push('已锁定');
        break;
      case 'roles':
        out.push(`角色：${roleList(value)}`);
        break;
      case 'from':
        if (!('to' in details)) out.push(`原为：${roleList(value)}`);
        break;
      case 'to':
        out.push(
          `角色：${'from' in details ? `${roleList(details.from)} → ` : ''}${roleList(value)}`,
        );
        break;
      case 'fields':
        if (Array.isArray(value))
          out.push(`修改：${value.map((f) => fieldNames[String(f)] ?? String(f)).join('、')}`);
        break;
      case 'change':
        out.push(changes[String(value)] ?? String(value));
        break;
      case 'kind':
        out.push(value === 'unit' ? '单位' : value === 'person' ? '个人' : String(value));
        break;
      default:
        out.push(`${key}：${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return out.join('；');
}

export interface AuditFilterForm {
  event: string;
  outcome: string;
  from: string;
  to: string;
  /** Operators only. */
  station: string;
}

export interface ParsedAuditFilter {
  form: AuditFilterForm;
  query: AuditQuery & { station?: string };
  /** Field → message, for filters that could not be used. */
  errors: Record<string, string>;
  before: string | null;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATION_KEY = /^[a-z][a-z0-9-]{1,31}$/;

export const AUDIT_PAGE_SIZE = 20;

/** The filter form's values from the URL, checked; bad values are reported, not sent. */
export function parseAuditFilter(
  params: URLSearchParams,
  pageSize = AUDIT_PAGE_SIZE,
): ParsedAuditFilter {
  const text = (name: string) => (params.get(name) ?? '').trim();
  const form: AuditFilterForm = {
    event: text('event'),
    outcome: text('outcome'),
    from: text('from'),
    to: text('to'),
    station: text('station'),
  };
  const errors: Record<string, string> = {};
  const query: AuditQuery & { station?: string } = { limit: pageSize };
  if (form.event) {
    if (auditEvents.some((e) => e.value === form.event)) query.event = form.event;
    else errors.event = '请选择列表中的事件类型';
  }
  if (form.outcome) {
    if (form.outcome === 'success' || form.outcome === 'failure') query.outcome = form.outcome;
    else errors.outcome = '请选择列表中的结果';
  }
  if (form.from) {
    const from = shanghaiDayBound(form.from, 'start');
    if (from) query.from = from;
    else errors.from = '请填写正确的日期，例如 2026-12-01';
  }
  if (form.to) {
    const to = shanghaiDayBound(form.to, 'end');
    if (to) query.to = to;
    else errors.to = '请填写正确的日期，例如 2026-12-31';
  }
  if (query.from && query.to && query.from > query.to) {
    errors.to = '结束日期不能早于开始日期';
    delete query.to;
  }
  if (form.station) {
    if (STATION_KEY.test(form.station)) query.station = form.station;
    else errors.station = '请选择列表中的站点';
  }
  const beforeParam = text('before');
  const before = UUID.test(beforeParam) ? beforeParam : null;
  if (before) query.before = before;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(text('page'), 10) || 1));
  return { form, query, errors, before, page: before ? Math.max(page, 2) : 1 };
}

export interface AuditRow {
  id: string;
  at: string;
  atText: string;
  station: string;
  event: string;
  outcome: string;
  outcomeText: string;
  actor: string;
  target: string;
  ip: string;
  details: string;
}

/** Entries for the table: names for the ids the console knows, labels for the codes. */
export function auditRows(
  entries: readonly AuditEntry[],
  names: { people: ReadonlyMap<string, string>; stations: ReadonlyMap<string, string> },
): AuditRow[] {
  const person = (kind: string | null, id: string | null, name: string | null) => {
    const known = (id && names.people.get(id)) ?? name;
    if (known) return known;
    if (kind === 'operator') return '平台运维人员';
    if (kind === 'anonymous' || (!kind && !id)) return kind ? '未登录用户' : '—';
    const kindText = kind ? (actorKinds[kind] ?? targetKinds[kind] ?? kind) : '';
    return [kindText, id ? `（编号尾号 ${id.slice(-8)}）` : ''].join('');
  };
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    atText: shanghaiDateTime(e.at),
    station: e.station ? (names.stations.get(e.station) ?? e.station) : '平台',
    event: eventLabel(e.event),
    outcome: e.outcome,
    outcomeText: outcomeLabels[e.outcome] ?? e.outcome,
    actor: person(e.actorKind, e.actorId, e.actorName),
    target:
      e.targetKind === 'station' && e.targetId
        ? `${names.stations.get(e.targetId) ?? e.targetId}（站点）`
        : person(e.targetKind, e.targetId, null),
    ip: e.ip ?? '—',
    details: describeDetails(e.details, e.event) || '—',
  }));
}
