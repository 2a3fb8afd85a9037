/**
 * The console's side navigation. Business sections get their `path` when their issue lands;
 * until then they are text marked 即将开通, never a link that goes nowhere. Which groups a
 * person sees follows their account: station staff see the business sections, station admins
 * also 站点管理, operators 平台运维.
 */
export interface NavItem {
  label: string;
  /** The console path; null while the section is not open yet. */
  path: string | null;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const businessSections: readonly NavItem[] = [
  { label: '办件工作台', path: null },
  { label: '信件办理', path: null },
  { label: '事项管理', path: null },
  { label: '信息发布', path: null },
  { label: '统计', path: null },
];

export function navFor(user: { kind: 'staff' | 'operator'; roles: readonly string[] }): NavGroup[] {
  const groups: NavGroup[] = [{ label: '工作台', items: [{ label: '首页', path: '/' }] }];
  if (user.kind === 'staff') {
    groups.push({ label: '业务办理', items: [...businessSections] });
    if (user.roles.includes('station_admin')) {
      groups.push({
        label: '站点管理',
        items: [
          { label: '工作人员管理', path: '/staff' },
          { label: '审计日志', path: '/audit' },
        ],
      });
    }
  } else {
    groups.push({
      label: '平台运维',
      items: [
        { label: '站点管理', path: '/stations' },
        { label: '站点管理员', path: '/admins' },
        { label: '审计日志', path: '/audit' },
      ],
    });
  }
  groups.push({ label: '我的账号', items: [{ label: '修改密码', path: '/password' }] });
  return groups;
}

/** Whether `path` is the current page or a page under it (`/` only for itself). */
export function isCurrent(pathname: string, path: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}
