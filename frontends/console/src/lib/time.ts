/** Times are stored in UTC and shown in Asia/Shanghai (北京时间), whatever the server's zone. */

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-04T12:18:05Z` → `2026-12-04 20:18:05`. */
export function shanghaiDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `2026-12-04T12:18:05Z` → `2026-12-04`. */
export function shanghaiDate(iso: string): string {
  return shanghaiDateTime(iso).slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date typed in a filter (`YYYY-MM-DD`, a day in Shanghai) as the UTC instant its day starts
 * or ends; null when it is not a real date.
 */
export function shanghaiDayBound(date: string, bound: 'start' | 'end'): string | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d) {
    return null;
  }
  // Shanghai is UTC+8 all year (no daylight saving since 1991).
  const start = Date.UTC(y, mo - 1, d) - 8 * 3600_000;
  return new Date(bound === 'start' ? start : start + 24 * 3600_000 - 1).toISOString();
}
