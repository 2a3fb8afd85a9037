import type { Executor } from '@hall/platform';
import { and, eq, gte, sql } from 'drizzle-orm';
import { dailyStatistics } from '../db/schema';
import { addDays, monthStart, shanghaiDay } from './dates';

/** Days in the daily series (today included). */
export const SERIES_DAYS = 30;

export interface DayFigures {
  day: string;
  received: number;
  completed: number;
  completedOnTime: number;
  evaluations: number;
  satisfied: number;
}

export interface OnTime {
  completed: number;
  onTime: number;
  /** onTime ÷ completed, 0–1; null without completions. */
  rate: number | null;
}

export interface Satisfaction {
  evaluations: number;
  /** Mean level 1–5; null without evaluations. */
  meanLevel: number | null;
  /** Share of 满意 and 非常满意 (4–5), 0–1; null without evaluations. */
  satisfiedShare: number | null;
}

export interface StationStatistics {
  station: string;
  /** Today in Asia/Shanghai: what "today" and "this month" mean below. */
  today: string;
  received: { today: number; month: number; total: number };
  completed: { today: number; month: number; total: number };
  onTime: { month: OnTime; total: OnTime };
  satisfaction: { month: Satisfaction; total: Satisfaction };
  /** The last SERIES_DAYS days, oldest first, every day present. */
  daily: DayFigures[];
}

interface Sums {
  received: number;
  completed: number;
  completedOnTime: number;
  evaluations: number;
  levelSum: number;
  satisfied: number;
}

const emptySums = (): Sums => ({
  received: 0,
  completed: 0,
  completedOnTime: 0,
  evaluations: 0,
  levelSum: 0,
  satisfied: 0,
});

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const rounded = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function onTime(s: Sums): OnTime {
  return {
    completed: s.completed,
    onTime: s.completedOnTime,
    rate: rounded(ratio(s.completedOnTime, s.completed), 4),
  };
}

function satisfaction(s: Sums): Satisfaction {
  return {
    evaluations: s.evaluations,
    meanLevel: rounded(ratio(s.levelSum, s.evaluations), 2),
    satisfiedShare: rounded(ratio(s.satisfied, s.evaluations), 4),
  };
}

/** A station's public statistics (read model of submissions' events). */
export async function stationStatistics(
  tx: Executor,
  station: string,
  now: Date,
): Promise<StationStatistics> {
  const today = shanghaiDay(now);
  const month = monthStart(today);
  const seriesStart = addDays(today, -(SERIES_DAYS - 1));
  const since = month < seriesStart ? month : seriesStart;
  const [total = emptySums()] = await tx
    .select({
      received: sql<number>`coalesce(sum(${dailyStatistics.received}), 0)::int`,
      completed: sql<number>`coalesce(sum(${dailyStatistics.completed}), 0)::int`,
      completedOnTime: sql<number>`coalesce(sum(${dailyStatistics.completedOnTime}), 0)::int`,
      evaluations: sql<number>`coalesce(sum(${dailyStatistics.evaluations}), 0)::int`,
      levelSum: sql<number>`coalesce(sum(${dailyStatistics.evaluationLevelSum}), 0)::int`,
      satisfied: sql<number>`coalesce(sum(${dailyStatistics.satisfied}), 0)::int`,
    })
    .from(dailyStatistics)
    .where(eq(dailyStatistics.station, station));
  const recent = await tx
    .select()
    .from(dailyStatistics)
    .where(and(eq(dailyStatistics.station, station), gte(dailyStatistics.day, since)));
  const byDay = new Map(recent.map((r) => [r.day, r]));
  const monthSums = emptySums();
  for (const r of recent)
    if (r.day >= month && r.day <= today) {
      monthSums.received += r.received;
      monthSums.completed += r.completed;
      monthSums.completedOnTime += r.completedOnTime;
      monthSums.evaluations += r.evaluations;
      monthSums.levelSum += r.evaluationLevelSum;
      monthSums.satisfied += r.satisfied;
    }
  const todays = byDay.get(today);
  const daily: DayFigures[] = [];
  for (let i = 0; i < SERIES_DAYS; i++) {
    const day = addDays(seriesStart, i);
    const r = byDay.get(day);
    daily.push({
      day,
      received: r?.received ?? 0,
      completed: r?.completed ?? 0,
      completedOnTime: r?.completedOnTime ?? 0,
      evaluations: r?.evaluations ?? 0,
      satisfied: r?.satisfied ?? 0,
    });
  }
  return {
    station,
    today,
    received: { today: todays?.received ?? 0, month: monthSums.received, total: total.received },
    completed: {
      today: todays?.completed ?? 0,
      month: monthSums.completed,
      total: total.completed,
    },
    onTime: { month: onTime(monthSums), total: onTime(total) },
    satisfaction: { month: satisfaction(monthSums), total: satisfaction(total) },
    daily,
  };
}
