/**
 * The working-day calendar of time limits (工作日): Monday to Friday, except official holidays,
 * plus the weekend days the State Council moves work to (调休上班). Every day here is a date in
 * Asia/Shanghai (UTC+8 all year: China has no daylight saving time).
 *
 * To extend to another year: add its holidays to HOLIDAYS and its adjusted workdays to
 * ADJUSTED_WORKDAYS as published in 国务院办公厅关于<year>年部分节假日安排的通知 (normally in
 * November of the year before), and the year to CALENDAR_YEARS. Outside the covered years only
 * weekends are rest days; the service warns at start when next year is not covered.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Years whose holidays are entered below. */
export const CALENDAR_YEARS: readonly number[] = [2026, 2027];

function days(year: number, spans: Array<[string, string?]>): string[] {
  const out: string[] = [];
  for (const [from, to] of spans) {
    let day = `${year}-${from}`;
    const last = `${year}-${to ?? from}`;
    for (;;) {
      out.push(day);
      if (day === last) break;
      day = addCalendarDays(day, 1);
    }
  }
  return out;
}

/** Official rest days (放假), weekends included where the notice spans them. */
const HOLIDAYS = new Set<string>([
  // 2026, 国务院办公厅关于2026年部分节假日安排的通知.
  ...days(2026, [
    ['01-01', '01-03'], // 元旦
    ['02-15', '02-23'], // 春节
    ['04-04', '04-06'], // 清明节
    ['05-01', '05-05'], // 劳动节
    ['06-19', '06-21'], // 端午节
    ['09-25', '09-27'], // 中秋节
    ['10-01', '10-07'], // 国庆节
  ]),
  // 2027, provisional: the statutory holidays of 全国年节及纪念日放假办法 (2024 revision) only —
  // replace with the State Council's 2027 notice (its 调休 days included) once entered.
  ...days(2027, [
    ['01-01'], // 元旦
    ['02-05', '02-08'], // 春节: 除夕 to 初三
    ['04-05'], // 清明节
    ['05-01', '05-02'], // 劳动节
    ['06-09'], // 端午节
    ['09-15'], // 中秋节
    ['10-01', '10-03'], // 国庆节
  ]),
]);

/** Weekend days that are workdays (调休上班). */
const ADJUSTED_WORKDAYS = new Set<string>([
  // 2026
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
  // 2027: not yet entered (see above).
]);

/** The Asia/Shanghai date of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function utcNoon(day: string): Date {
  if (!DAY_PATTERN.test(day)) throw new Error(`not a day: ${day}`);
  return new Date(`${day}T12:00:00Z`);
}

export function addCalendarDays(day: string, n: number): string {
  return new Date(utcNoon(day).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkday(day: string): boolean {
  if (ADJUSTED_WORKDAYS.has(day)) return true;
  if (HOLIDAYS.has(day)) return false;
  const weekday = utcNoon(day).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`th working day after `day` (the day itself does not count). */
export function addWorkdays(day: string, n: number): string {
  let current = day;
  for (let counted = 0; counted < n;) {
    current = addCalendarDays(current, 1);
    if (isWorkday(current)) counted++;
  }
  return current;
}

/** The last instant of a day in Asia/Shanghai. */
export function endOfDay(day: string): Date {
  return new Date(utcNoon(day).getTime() + 12 * 60 * 60 * 1000 - SHANGHAI_OFFSET_MS - 1);
}

export interface TimeLimit {
  value: number;
  unit: 'workday' | 'day';
}

/**
 * When a time limit starting at `from` runs out: counted from the next day, the end of the
 * `value`th working day (工作日) or calendar day (自然日).
 */
export function dueAfter(from: Date, limit: TimeLimit): Date {
  const start = shanghaiDay(from);
  const last =
    limit.unit === 'workday'
      ? addWorkdays(start, limit.value)
      : addCalendarDays(start, limit.value);
  return endOfDay(last);
}

/** Whether the holidays of `year` are entered. */
export function calendarCovers(year: number): boolean {
  return CALENDAR_YEARS.includes(year);
}
