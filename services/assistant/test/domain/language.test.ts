import t from 'tap';
import {
  DEPARTMENT_SYNONYMS,
  ITEM_SYNONYMS,
  expandedWords,
  readQuestion,
  type Intent,
} from '../../src/domain/language';

t.test('the intent comes from the wording, the most specific first', async (t) => {
  const cases: Array<[string, Intent]> = [
    ['你好', 'greeting'],
    ['您好，在吗？', 'greeting'],
    ['谢谢！', 'greeting'],
    ['我的办件办到哪了', 'progress'],
    ['申请审批到哪一步了', 'progress'],
    ['教师资格认定需要什么材料', 'materials'],
    ['要带哪些东西', 'materials'],
    ['在哪里办理', 'location'],
    ['办理地址是什么', 'location'],
    ['几点上班', 'hours'],
    ['周末能办吗', 'hours'],
    ['多久能办好', 'time_limit'],
    ['几个工作日能批下来', 'time_limit'],
    ['什么时候能拿到证', 'time_limit'],
    ['什么时候可以去办', 'hours'],
    ['收费吗', 'fee'],
    ['要交多少钱', 'fee'],
    ['交通运输事项有哪些', 'list'],
    ['公安局能办什么', 'list'],
    ['这个事项有哪些条件', 'guide'],
    ['户口迁移怎么办', 'guide'],
    ['需要哪些材料，在哪里交', 'materials'],
  ];
  for (const [question, intent] of cases)
    t.equal(readQuestion(question, '重庆市').intent, intent, question);
  t.not(
    readQuestion('你好，户口迁移在哪里办', '重庆市').intent,
    'greeting',
    'a greeting with a question',
  );
});

t.test('the words name the thing asked about, not the asking', async (t) => {
  t.same(readQuestion('教师资格认定需要什么材料', '重庆市').words, ['教师', '资格', '认定']);
  t.same(
    readQuestion('市交委都能办哪些业务？', '重庆市').words,
    ['交', '委'],
    '市 is the station’s',
  );
  t.same(readQuestion('渝中区的户口迁移去哪里办理', '渝中区').words, ['户口', '迁移']);
  t.same(readQuestion('我想开一家饭馆要办什么证', '渝中区').words, ['饭馆', '证']);
  t.ok(readQuestion('有什么要求', '重庆市').wantsConditions, 'conditions rather than the process');
  const paper = readQuestion('网上申报以后还要去窗口交纸质材料吗', '重庆市');
  t.same(paper.words, ['网上', '窗口', '交', '纸', '质'], 'what is asked (材料) is cut out');
  t.same(paper.faqWords, ['网上', '窗口', '交', '纸', '质', '材料'], 'FAQ words keep it');
  const long = readQuestion('甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳', '重庆市');
  t.ok(long.words.length <= 8, 'at most 8 words are looked up');
});

t.test('documents carry the words of every form of their synonyms', async (t) => {
  const transport = expandedWords('市交通运输委', DEPARTMENT_SYNONYMS);
  for (const w of ['交通', '运输', '委', '交'])
    t.ok(transport.includes(w), `市交通运输委 has ${w}`);
  const hr = expandedWords('市人力社保局', DEPARTMENT_SYNONYMS);
  for (const w of ['人', '社', '资源', '保障'])
    t.ok(hr.includes(w), `市人力社保局 has ${w} (人社)`);
  const freight = expandedWords('道路货物运输经营许可', ITEM_SYNONYMS);
  t.ok(freight.includes('货运'), '货运 → 道路货物运输');
  const teacher = expandedWords('高级中学教师资格认定', ITEM_SYNONYMS);
  for (const w of ['高中', '老师', '证'])
    t.ok(teacher.includes(w), `高级中学教师资格认定 has ${w}`);
  t.same(
    expandedWords('婚姻登记', ITEM_SYNONYMS),
    ['婚姻', '登记'],
    'nothing added without a form',
  );
  t.same(
    expandedWords('ＳＣ证', ITEM_SYNONYMS),
    ['sc', '证'],
    'folded (NFKC, lower case); a colloquial form brings nothing: only the official form expands',
  );
  t.notOk(
    expandedWords('出租汽车驾驶员从业资格证核发', ITEM_SYNONYMS).includes('道路'),
    '从业资格证 inside another name does not bring 道路运输从业人员从业资格证',
  );
});
