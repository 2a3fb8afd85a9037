/**
 * 我要看 as the pages show it: the portal's paths of the publicity service's files, the site's
 * title from the station profile, and the statistics' figures. No service call: shared by the
 * server loads and the components.
 */

/** A notice's file on the portal: inline for body images, `?download=1` for attachments. */
export const attachmentHref = (station: string, id: string, download = true): string =>
  `/${station}/publicity/files/${id}${download ? '?download=1' : ''}`;

/** 【下载】 of a 公示 entry's file; `view` opens it in the browser instead. */
export const entryFileHref = (station: string, id: string, view = false): string =>
  `/${station}/publicity/${id}/file${view ? '?view=1' : ''}`;

/**
 * The site's title: a display name that is already a site's name (渝中区网上行政审批大厅) is
 * shown as it is; a station's name (渝中区) gets 网上行政审批大厅 after it.
 */
export function siteTitle(name: string): { name: string; suffix: string } {
  return /大厅$/.test(name) ? { name, suffix: '' } : { name, suffix: '网上行政审批大厅' };
}

/** 0.9567 → 95.7%; null (nothing to rate yet) → —. */
export function percentText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Content types a browser shows itself (the 在线查看 link is offered for these). */
export const viewable = (contentType: string): boolean =>
  contentType === 'application/pdf' || contentType.startsWith('image/');

/** 2026-12-05 → 12-05, for the chart's axis. */
export const shortDay = (day: string): string => day.slice(5);

/** What the frame shows of a station's 站点个性化. */
export interface FrameProfile {
  name: string;
  bannerTitle: string | null;
  bannerSubtitle: string | null;
  contact: {
    address: string | null;
    phone: string | null;
    hours: string | null;
    email: string | null;
  };
}
