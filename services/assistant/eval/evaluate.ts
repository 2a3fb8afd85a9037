/**
 * The robot's evaluation on the fixed question set (questions.json): publish its FAQs, ask every
 * question over HTTP and score the answers. A question is right at top-1 when the intent is the
 * expected one and its target comes first — the item (by name, or 实施编码), the FAQ, or for a
 * list an item of the expected department — and at top-3 when the target is among the first
 * three. Questions without a target (progress, greeting, unknown) are right, at both, exactly
 * when the intent is the expected one.
 */
import { readFileSync } from 'node:fs';
import { items } from '../src/db/schema';
import type { Answer } from '../src/domain/answers';
import type { Intent } from '../src/domain/language';
import type { EvalHall } from './hall';

export interface EvalFaq {
  station: string;
  question: string;
  answer: string;
  departmentName: string;
}

export interface EvalQuestion {
  station: string;
  question: string;
  intent: Intent;
  /** The item that must come first: exact name within the station, or 实施编码. */
  item?: string;
  /** List questions: the department whose items are listed. */
  department?: string;
  /** FAQ questions: the FAQ's question. */
  faq?: string;
}

export interface QuestionSet {
  faqs: EvalFaq[];
  questions: EvalQuestion[];
}

export interface Scored {
  question: EvalQuestion;
  intent: Intent;
  /** What came first, second, third (item names, or FAQ questions for FAQ answers). */
  shown: string[];
  top1: boolean;
  top3: boolean;
}

export interface EvalReport {
  scored: Scored[];
  top1: number;
  top3: number;
  /** Share of questions answered with the expected intent. */
  intent: number;
}

/** The question set (questions.json), or the held-out one (holdout.json). */
export function loadQuestions(
  file: 'questions.json' | 'holdout.json' = 'questions.json',
): QuestionSet {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as QuestionSet;
}

/** 实施编码 of every indexed item, to accept an expected item given by its code. */
async function implCodes(hall: EvalHall): Promise<Map<string, string>> {
  const rows = await hall.assistant.database.withAllStations((tx) =>
    tx.select({ id: items.id, implCode: items.implCode }).from(items),
  );
  return new Map(rows.map((r) => [r.id, r.implCode]));
}

export function score(
  question: EvalQuestion,
  answer: Answer,
  codes: ReadonlyMap<string, string>,
): Scored {
  const intentRight = answer.intent === question.intent;
  let hits: boolean[];
  let shown: string[];
  if (question.faq !== undefined) {
    shown = answer.faqs.map((f) => f.question);
    hits = answer.faqs.map((f) => f.question === question.faq);
  } else if (question.department !== undefined) {
    shown = answer.items.map((i) => `${i.name}（${i.departmentName}）`);
    hits = answer.items.map((i) => i.departmentName === question.department);
  } else if (question.item !== undefined) {
    shown = answer.items.map((i) => i.name);
    hits = answer.items.map((i) => i.name === question.item || codes.get(i.id) === question.item);
  } else {
    shown = answer.items.map((i) => i.name);
    hits = [true];
  }
  return {
    question,
    intent: answer.intent,
    shown: shown.slice(0, 3),
    top1: intentRight && hits[0] === true,
    top3: intentRight && hits.slice(0, 3).some(Boolean),
  };
}

/** Run the whole evaluation on a hall that has the seeded catalog indexed. */
export async function evaluate(hall: EvalHall, set = loadQuestions()): Promise<EvalReport> {
  for (const faq of set.faqs) await hall.publishFaq(faq);
  const codes = await implCodes(hall);
  const scored: Scored[] = [];
  for (const question of set.questions) {
    const { status, body } = await hall.ask(question.station, question.question);
    if (status !== 200)
      throw new Error(`${question.question}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
    scored.push(score(question, body as Answer, codes));
  }
  const share = (pick: (s: Scored) => boolean) =>
    scored.filter(pick).length / Math.max(1, scored.length);
  return {
    scored,
    top1: share((s) => s.top1),
    top3: share((s) => s.top3),
    intent: share((s) => s.intent === s.question.intent),
  };
}

/** The report as the command prints it: the figures, then every miss. */
export function describe(report: EvalReport): string {
  const n = report.scored.length;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `questions: ${n}`,
    `top-1 accuracy: ${pct(report.top1)} (${report.scored.filter((s) => s.top1).length}/${n})`,
    `top-3 accuracy: ${pct(report.top3)} (${report.scored.filter((s) => s.top3).length}/${n})`,
    `intent accuracy: ${pct(report.intent)}`,
  ];
  const misses = report.scored.filter((s) => !s.top1);
  if (misses.length > 0) lines.push('', 'misses at top-1:');
  for (const s of misses) {
    const q = s.question;
    const expected = q.item ?? q.department ?? q.faq ?? '';
    lines.push(
      `- [${q.station}] ${q.question}`,
      `    expected ${q.intent}${expected ? ` → ${expected}` : ''}; got ${s.intent}` +
        `${s.shown.length ? ` → ${s.shown.join(' | ')}` : ''}${s.top3 ? ' (right within top 3)' : ''}`,
    );
  }
  return lines.join('\n');
}
