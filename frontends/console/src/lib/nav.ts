/**
 * The console's side navigation. Which groups a person sees follows their account: clerks,
 * approvers and station admins 办件 (the applications), letters staff and station admins 信件 (the
 * letters desk and 常见问题), editors and station admins 信息发布 (通知公告, 办件公示) and 权力清单
 * (the catalog), every staff member 统计, station admins also 站点管理, operators 平台运维.
 */
export interface NavItem {
  label: string;
  /** The console path. */
  path: string;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** The roles that publish for their station (publicity checks them again on every call). */
export const publishingRoles: readonly string[] = ['editor', 'station_admin'];

/** 信息发布: 通知公告 and 办件公示, for editors and station admins. */
export const publishingSections: readonly NavItem[] = [
  { label: '通知公告', path: '/notices' },
  { label: '办件公示', path: '/publicity' },
];

export const publishes = (roles: readonly string[]): boolean =>
  roles.some((r) => publishingRoles.includes(r));

/** 统计: the station's 办件统计, for every staff member of the station. */
export const statisticsSections: readonly NavItem[] = [{ label: '办件统计', path: '/statistics' }];

/** The roles that handle letters (the letters service checks them again on every call). */
export const letterRoles: readonly string[] = ['letters', 'station_admin'];

/** 信件: the letters desk (咨询, 投诉, 建议) and the station's 常见问题. */
export const letterSections: readonly NavItem[] = [
  { label: '信件办理', path: '/letters' },
  { label: '常见问题', path: '/faqs' },
];

export const handlesLetters = (roles: readonly string[]): boolean =>
  roles.some((r) => letterRoles.includes(r));

/** The roles that handle applications (submissions checks them again on every call). */
export const applicationRoles: readonly string[] = ['clerk', 'approver', 'station_admin'];

/** 办件: the worklist and the follow-up of 差评, for clerks, approvers and station admins. */
export const applicationSections: readonly NavItem[] = [
  { label: '办件工作台', path: '/applications' },
  { label: '差评跟进', path: '/follow-ups' },
];

export const handlesApplications = (roles: readonly string[]): boolean =>
  roles.some((r) => applicationRoles.includes(r));

/** The roles that edit their station's catalog (catalog checks them again on every call). */
export const catalogRoles: readonly string[] = ['editor', 'station_admin'];

/** 权力清单: the station's departments and items, for editors and station admins. */
export const catalogSections: readonly NavItem[] = [
  { label: '事项管理', path: '/catalog/items' },
  { label: '部门管理', path: '/catalog/departments' },
  { label: '导入导出', path: '/catalog/transfer' },
];

export const editsCatalog = (roles: readonly string[]): boolean =>
  roles.some((r) => catalogRoles.includes(r));

export function navFor(user: { kind: 'staff' | 'operator'; roles: readonly string[] }): NavGroup[] {
  const groups: NavGroup[] = [{ label: '工作台', items: [{ label: '首页', path: '/' }] }];
  if (user.kind === 'staff') {
    if (handlesApplications(user.roles))
      groups.push({ label: '办件', items: [...applicationSections] });
    if (handlesLetters(user.roles)) groups.push({ label: '信件', items: [...letterSections] });
    if (publishes(user.roles)) groups.push({ label: '信息发布', items: [...publishingSections] });
    groups.push({ label: '统计', items: [...statisticsSections] });
    if (editsCatalog(user.roles)) groups.push({ label: '权力清单', items: [...catalogSections] });
    if (user.roles.includes('station_admin')) {
      groups.push({
        label: '站点管理',
        items: [
          { label: '工作人员管理', path: '/staff' },
          { label: '审计日志', path: '/audit' },
          { label: '站点个性化', path: '/profile' },
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
