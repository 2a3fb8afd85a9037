import type { Database, Tx } from '@hall/platform';
import { meaningfulWords, readQuestion, type Intent, type Question } from './language';
import { materialLine, powerTypeLabel, sentence, timeLimitText } from './labels';
import {
  departmentItems,
  matchFaqs,
  namedDepartments,
  orderRanked,
  rankItems,
  type MatchedFaq,
  type RankedItem,
} from './search';
import type { WordRarity } from './rarity';
import { requireStation } from './stations';

/** Items and FAQs an answer shows at most. */
export const MAX_ITEMS = 5;
export const MAX_FAQS = 3;
/**
 * An item answers a question when it covers at least this share of it (by word rarity) and
 * names at least one of its words: less is a guess, and the robot says it does not know. On
 * the evaluation set every right answer covers 0.6 or more, while a question about what the
 * station does not have scores about 0.5 on its generic words alone (港口经营许可 asked at a
 * district without a port: 经营 and 许可 match, 港口 does not).
 */
export const KNOWN_COVERAGE = 0.55;
/**
 * A FAQ whose question agrees this well with the asked one answers it, unless an item covers
 * the question better.
 */
export const FAQ_ANSWERS = 0.5;
/** Items ranked before the final order is settled (sub-items compete with their parents). */
const CANDIDATES = 12;
/** A FAQ agreeing this well is shown beside the answer. */
export const FAQ_RELATED = 0.4;

export interface AnswerItem {
  id: string;
  name: string;
  departmentName: string;
  powerType: string;
  powerTypeLabel: string;
  online: boolean;
  /** The portal's 办事指南 of the item. */
  href: string;
  /** The part of the guide that answers the question (lines separated by \n). */
  detail: string;
}

export interface AnswerFaq {
  id: string;
  question: string;
  answer: string;
  departmentName: string;
}

export interface AnswerLink {
  label: string;
  href: string;
}

export interface Answer {
  question: string;
  intent: Intent;
  /** A plain Chinese sentence (no markup). */
  answer: string;
  items: AnswerItem[];
  faqs: AnswerFaq[];
  links: AnswerLink[];
}

const quoted = (name: string) => `“${name}”`;

function timeLimitSentence(item: RankedItem): string {
  const promised = item.promisedTimeLimit;
  const legal = item.legalTimeLimit;
  if (item.handlingType === 'immediate')
    return `为即办件，材料齐全、符合法定形式的当场办结${legal ? `（法定办结时限${timeLimitText(legal)}）` : ''}`;
  if (promised && legal)
    return `的承诺办结时限为${timeLimitText(promised)}，法定办结时限为${timeLimitText(legal)}`;
  if (promised) return `的承诺办结时限为${timeLimitText(promised)}`;
  if (legal) return `的法定办结时限为${timeLimitText(legal)}`;
  return '未规定办结时限，以受理窗口的告知为准';
}

/** The part of an item's guide answering `intent`. */
function detailFor(item: RankedItem, intent: Intent, question: Question): string {
  switch (intent) {
    case 'materials':
      return item.materials.length === 0
        ? '无需提交申请材料'
        : item.materials.map(materialLine).join('\n');
    case 'location':
      return item.guide.location;
    case 'hours':
      return item.guide.hours;
    case 'time_limit':
      return `${item.name}${timeLimitSentence(item)}`;
    case 'fee':
      return item.guide.feeCharged ? `收费：${item.guide.feeStandard}` : '不收费';
    case 'list':
      // The item's department, power type and online flag travel as fields of their own.
      return '';
    default:
      return question.wantsConditions ? item.guide.conditions : item.guide.process;
  }
}

function answerItem(
  station: string,
  item: RankedItem,
  intent: Intent,
  question: Question,
): AnswerItem {
  return {
    id: item.id,
    name: item.name,
    departmentName: item.departmentName,
    powerType: item.powerType,
    powerTypeLabel: powerTypeLabel(item.powerType),
    online: item.online,
    href: `/${station}/items/${item.id}`,
    detail: detailFor(item, intent, question),
  };
}

/** The answer's sentence about the first item. */
function itemSentence(item: RankedItem, intent: Intent, question: Question): string {
  const name = quoted(item.name);
  switch (intent) {
    case 'materials': {
      const required = item.materials.filter((m) => m.necessity === 'required').length;
      return item.materials.length === 0
        ? `${name}无需提交申请材料。`
        : `办理${name}需要准备${item.materials.length}项材料，其中必要材料${required}项，清单如下；点击事项名称可查看办事指南。`;
    }
    case 'location':
      return `${name}的办理地点：${sentence(item.guide.location)}`;
    case 'hours':
      return `${name}的办理时间：${sentence(item.guide.hours)}`;
    case 'time_limit':
      return `${name}${timeLimitSentence(item)}。`;
    case 'fee':
      return item.guide.feeCharged
        ? `${name}需要收费，收费标准：${sentence(item.guide.feeStandard)}`
        : `${name}不收费。`;
    default:
      return `为您找到${name}${question.wantsConditions ? '，受理条件如下' : '，办理流程如下'}；点击事项名称可查看办事指南${item.online ? '并在线申报' : ''}。`;
  }
}

const faqOf = (f: MatchedFaq): AnswerFaq => ({
  id: f.id,
  question: f.question,
  answer: f.answer,
  departmentName: f.departmentName,
});

const consultation = (station: string): AnswerLink => ({
  label: '我要咨询',
  href: `/${station}/ask/consultation`,
});

function unknown(station: string, question: string, related: MatchedFaq[]): Answer {
  return {
    question,
    intent: 'unknown',
    answer:
      '抱歉，我暂时无法回答这个问题。您可以通过【我要咨询】向相关部门提问，工作人员会尽快答复。',
    items: [],
    faqs: related.map(faqOf),
    links: [consultation(station)],
  };
}

/** Whether the best-ranked item answers the question at all. */
const answers = (item: RankedItem | undefined): item is RankedItem =>
  !!item && item.coverage >= KNOWN_COVERAGE && item.nameHits >= 1;

/** Answer a question asked at a station, from the index alone (one unit of work). */
export function answerQuestion(
  database: Database,
  rarity: WordRarity,
  station: string,
  question: string,
): Promise<Answer> {
  return database.withStation(station, (tx) => answerIn(tx, rarity, station, question));
}

async function answerIn(
  tx: Tx,
  rarity: WordRarity,
  stationKey: string,
  asked: string,
): Promise<Answer> {
  const station = await requireStation(tx, stationKey);
  const question = readQuestion(asked, station.name);
  const base = { question: asked, items: [], faqs: [], links: [] };
  if (question.intent === 'greeting')
    return {
      ...base,
      intent: 'greeting',
      answer:
        '您好！我是问答机器人，可以为您解答事项的申请材料、办理地点、办理时间、办结时限和是否收费等问题，例如“交通运输事项有哪些”“教师资格认定需要什么材料”。',
    };

  const matched = await matchFaqs(tx, station.key, question.faqWords, (text) =>
    meaningfulWords(text, station.name),
  );
  const related = matched.filter((f) => f.agreement >= FAQ_RELATED).slice(0, MAX_FAQS);
  /** The best FAQ, when it answers the question better than an item covering `coverage` of it. */
  const faqBeyond = (coverage: number) => {
    const best = related[0];
    return best && best.agreement >= FAQ_ANSWERS && best.agreement >= coverage ? best : null;
  };
  const faqAnswer = (faq: MatchedFaq): Answer => ({
    ...base,
    intent: 'faq',
    answer: faq.answer,
    faqs: related.map(faqOf),
    links: [consultation(station.key)],
  });

  if (question.intent === 'list') {
    // A department named in full covers the question: its list is the answer.
    const [department] = await namedDepartments(tx, station.key, question.words);
    if (department) {
      const { items, total } = await departmentItems(tx, station.key, department.id, MAX_ITEMS);
      if (items.length > 0)
        return {
          ...base,
          intent: 'list',
          answer: `${quoted(department.name)}共有${total}项事项${total > items.length ? `，以下是其中${items.length}项` : ''}，点击事项名称可查看办事指南。`,
          items: items.map((i) => answerItem(station.key, i, 'list', question)),
          faqs: related.map(faqOf),
          links: [
            {
              label: `${department.name}的全部事项`,
              href: `/${station.key}/departments/${department.id}`,
            },
          ],
        };
    }
  }

  const ranked = orderRanked(
    await rankItems(
      tx,
      station.key,
      question.words,
      await rarity.of(tx, station.key, question.words),
      { limit: CANDIDATES, floor: KNOWN_COVERAGE },
    ),
    question.words,
  );
  const [top] = ranked;
  const faq = faqBeyond(answers(top) ? top.coverage : 0);
  if (faq) return faqAnswer(faq);

  if (question.intent === 'progress')
    return {
      ...base,
      intent: 'progress',
      answer:
        '办件进度可在【进度查询】中输入申办流水号和申请人（或申请单位）查询；登录后也可在【用户中心】-【我的办件】中查看每件申请的办理进度。',
      faqs: related.map(faqOf),
      links: [
        { label: '进度查询', href: `/${station.key}/progress` },
        { label: '我的办件', href: `/${station.key}/space/applications` },
      ],
    };

  if (!answers(top)) return unknown(station.key, asked, related);
  const shown = ranked.filter(answers).slice(0, MAX_ITEMS);
  if (question.intent === 'list')
    return {
      ...base,
      intent: 'list',
      answer: `为您找到以下与“${question.words.join('')}”相关的事项，点击事项名称可查看办事指南。`,
      items: shown.map((i) => answerItem(station.key, i, 'list', question)),
      faqs: related.map(faqOf),
    };
  return {
    ...base,
    intent: question.intent,
    answer: itemSentence(top, question.intent, question),
    items: shown.map((i) => answerItem(station.key, i, question.intent, question)),
    faqs: related.map(faqOf),
    links: top.online ? [{ label: '在线申报', href: `/${station.key}/items/${top.id}/apply` }] : [],
  };
}
