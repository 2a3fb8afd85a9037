import type { Station, StationKind } from '@hall/web';

/** 【站点切换】 groups, in the order the hall lists them. */
export const stationGroups: ReadonlyArray<{ kind: StationKind; label: string }> = [
  { kind: 'municipality', label: '市级' },
  { kind: 'district', label: '区' },
  { kind: 'county', label: '县' },
  { kind: 'autonomous-county', label: '自治县' },
  { kind: 'special-zone', label: '特区' },
];

/** The frame of a page whose station is unknown (the 404 page) is the municipality's. */
export const municipality: Pick<Station, 'key' | 'name'> = { key: 'cq', name: '重庆市' };

/**
 * `/yuzhong/space/profile` → `/space/profile`: the page's place within its station. An item's
 * guide or a department's page exists in its own station only: elsewhere it is 权力清单; an
 * application's pages are its station's: elsewhere it is 我的办件 (and a file, 资料库); a
 * department's letter form opens the other station's department choice, a letter 我的咨询.
 */
export function sectionPath(pathname: string): string {
  const rest = pathname.replace(/^\/[^/]*/, '');
  if (/^\/(items|departments|attachments)\//.test(rest)) return '/catalog';
  if (/^\/(applications\/|space\/applications\/)/.test(rest)) return '/space/applications';
  if (/^\/(files\/|space\/library\/)/.test(rest)) return '/space/library';
  const letterForm = /^\/ask\/(consultation|suggestion)\//.exec(rest);
  if (letterForm) return `/ask/${letterForm[1]}`;
  if (rest === '/ask/done') return '/ask';
  if (rest.startsWith('/space/letters/')) return '/space/letters';
  // A notice or 公示 entry (or a file of one) is its station's: elsewhere it is the list.
  if (rest.startsWith('/notices/') || rest.startsWith('/publicity/files/')) return '/notices';
  if (rest.startsWith('/publicity/')) return '/publicity';
  return rest === '/' ? '' : rest;
}
