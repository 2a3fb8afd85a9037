/**
 * The hall's main navigation (manual parts 2, 4, 5, 6). A section gets its `path` when its issue
 * lands; until then it is shown as text marked 即将开通, never as a link that goes nowhere.
 */
export interface Section {
  label: string;
  /** Path within the station, e.g. `/personal`; null while not yet open. */
  path: string | null;
  description: string;
  /** Entries of the section shown under it on the home page (e.g. 我要问's 我要咨询). */
  entries?: ReadonlyArray<{ label: string; path: string }>;
}

export const mainSections: readonly Section[] = [
  { label: '个人办事', path: '/personal', description: '按部门或类别查找个人事项，在线申报' },
  { label: '单位办事', path: '/business', description: '按部门或类别查找单位事项，在线申报' },
  {
    label: '权力清单',
    path: '/catalog',
    description: '本站点全部行政权力事项，按部门、按类别查看',
  },
  {
    label: '我要问',
    path: '/ask',
    description: '咨询、投诉、建议，问答机器人',
    entries: [
      { label: '我要咨询', path: '/ask/consultation' },
      { label: '我要投诉', path: '/ask/complaint' },
      { label: '建议意见', path: '/ask/suggestion' },
      { label: '问答机器人', path: '/ask/robot' },
    ],
  },
  {
    label: '我要查',
    path: '/query',
    description: '办件进度查询、信件答复查询',
    entries: [
      { label: '进度查询', path: '/progress' },
      { label: '信件答复', path: '/letters' },
    ],
  },
  { label: '进度查询', path: '/progress', description: '凭申办流水号和申请人查询办件进度' },
  {
    label: '我要看',
    path: '/look',
    description: '办件公告、权力清单、通知公告、办件公示',
    entries: [
      { label: '办件公告', path: '/announcements' },
      { label: '权力清单', path: '/catalog' },
      { label: '通知公告', path: '/notices' },
      { label: '办件公示', path: '/publicity' },
    ],
  },
  { label: '办件公告', path: '/announcements', description: '本站点全部办件的受理和办理情况' },
  { label: '办件公示', path: '/publicity', description: '审批结果等公示信息，可在线查看或下载' },
];

/** 【个人/企业空间】's menu. */
export const spaceMenu: readonly Section[] = [
  { label: '个人信息', path: '/space/profile', description: '资料设置' },
  { label: '修改密码', path: '/space/password', description: '' },
  { label: '密保问题', path: '/space/security-questions', description: '' },
  { label: '我的办件', path: '/space/applications', description: '' },
  { label: '我的咨询', path: '/space/letters', description: '' },
  { label: '资料库', path: '/space/library', description: '' },
];
