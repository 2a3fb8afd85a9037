import { seedItemsFor } from '@hall/catalog/src/db/seed/data';
import t from 'tap';
import type { Answer } from '../../src/domain/answers';
import { startEvalHall } from '../../eval/hall';

// The robot over the seeded catalog of cq and yuzhong, as the portal asks it (HTTP). Expected
// texts come from the seed data itself: what the catalog published is what the robot says.

const seed = new Map(seedItemsFor('cq').map((i) => [i.definition.name, i]));
const cq = (name: string) => {
  const item = seed.get(name);
  if (!item) throw new Error(`no seeded cq item ${name}`);
  return item.definition;
};

const hall = await startEvalHall({ stations: ['cq', 'yuzhong'] });
t.teardown(() => hall.close());

async function ask(station: string, question: string): Promise<Answer> {
  const { status, body } = await hall.ask(station, question);
  if (status !== 200) throw new Error(`${question}: ${status} ${JSON.stringify(body)}`);
  return body as Answer;
}

t.test('list: a department’s items, named as people name it', async (t) => {
  const transport = [...seed.values()].filter(
    (i) => i.departmentCode === '11500000MB0000150D' && i.parentImplCode === null,
  );
  for (const question of ['交通运输事项有哪些', '市交委都能办哪些业务？', '交通委管哪些事']) {
    const answer = await ask('cq', question);
    t.equal(answer.intent, 'list', question);
    t.equal(answer.items.length, 5, 'at most 5 items');
    t.ok(
      answer.items.every((i) => i.departmentName === '市交通运输委'),
      'all of 市交通运输委',
    );
    t.equal(
      answer.answer,
      `“市交通运输委”共有${transport.length}项事项，以下是其中5项，点击事项名称可查看办事指南。`,
    );
    t.match(answer.links, [
      { label: '市交通运输委的全部事项', href: /^\/cq\/departments\/[0-9a-f-]{36}$/ },
    ]);
  }
  for (const [question, department] of [
    ['发改委有哪些事项', '市发展改革委'],
    ['经信委能办什么', '市经济信息委'],
    ['人社局可以办理哪些事项', '市人力社保局'],
    ['住建委有哪些事项', '市住房城乡建委'],
    ['卫健委有哪些事项', '市卫生健康委'],
  ] as const) {
    const answer = await ask('cq', question);
    t.equal(answer.intent, 'list', question);
    t.ok(
      answer.items.length > 0 && answer.items.every((i) => i.departmentName === department),
      department,
    );
  }
});

t.test('materials: the list as lines, with necessity and how it is collected', async (t) => {
  const answer = await ask('cq', '教师资格认定需要什么材料');
  const teacher = cq('中等及中等以上学校教师资格认定');
  t.equal(answer.intent, 'materials');
  t.equal(answer.items[0]?.name, teacher.name);
  const lines = answer.items[0]!.detail.split('\n');
  t.equal(lines.length, teacher.materials.length, 'one line a material');
  teacher.materials.forEach((m, i) => {
    t.ok(lines[i]!.startsWith(`${i + 1}. ${m.name}（`), m.name);
    t.match(
      lines[i],
      { required: /必要，/, deferrable: /容缺后补，/, optional: /非必要，/ }[m.necessity],
    );
    t.match(lines[i], m.collection === 'upload' ? /本地上传）$/ : /窗口提交）$/);
  });
  const required = teacher.materials.filter((m) => m.necessity === 'required').length;
  t.equal(
    answer.answer,
    `办理“${teacher.name}”需要准备${teacher.materials.length}项材料，其中必要材料${required}项，清单如下；点击事项名称可查看办事指南。`,
  );
  t.match(answer.items[0], {
    href: `/cq/items/${answer.items[0]!.id}`,
    departmentName: '市教委',
    powerType: '01',
    powerTypeLabel: '行政许可',
    online: true,
  });
  t.match(answer.links, [{ label: '在线申报', href: `/cq/items/${answer.items[0]!.id}/apply` }]);
});

t.test('location and hours: the guide’s texts', async (t) => {
  const food = cq('食品生产许可');
  const where = await ask('cq', '食品生产许可证在哪里办');
  t.equal(where.intent, 'location');
  t.equal(where.items[0]?.detail, food.location);
  t.equal(where.answer, `“食品生产许可”的办理地点：${food.location}。`);

  const water = cq('取水许可');
  const when = await ask('cq', '取水许可几点上班');
  t.equal(when.intent, 'hours');
  t.equal(when.items[0]?.detail, water.hours);
  t.ok(when.answer.includes(water.hours), when.answer);
});

t.test('time limit: promised and legal, with units; 即办件 say so', async (t) => {
  const planning = cq('建设工程规划许可证核发');
  const answer = await ask('cq', '建设工程规划许可证多久能办好');
  t.equal(answer.intent, 'time_limit');
  t.equal(answer.items[0]?.name, planning.name);
  t.equal(
    answer.answer,
    `“${planning.name}”的承诺办结时限为${planning.promisedTimeLimit!.value}个工作日，法定办结时限为${planning.legalTimeLimit!.value}个工作日。`,
  );
  const award = cq('重庆市科学技术奖评审');
  t.match(
    (await ask('cq', '科学技术奖评审要多长时间')).answer,
    `承诺办结时限为${award.promisedTimeLimit!.value}天`,
    'natural days',
  );
  const fund = await ask('cq', '住房公积金提取要几天');
  t.equal(fund.items[0]?.name, '住房公积金提取');
  t.match(fund.answer, /为即办件/);
});

t.test('fee: charged with the standard, or not charged', async (t) => {
  const putonghua = cq('普通话水平测试等级证书核发');
  const charged = await ask('cq', '普通话考试要多少钱');
  t.equal(charged.intent, 'fee');
  t.equal(charged.items[0]?.detail, `收费：${putonghua.fee.standard}`);
  t.match(charged.answer, /需要收费/);
  const free = await ask('cq', '法律援助收费吗');
  t.equal(free.items[0]?.name, '法律援助');
  t.equal(free.items[0]?.detail, '不收费');
  t.equal(free.answer, '“法律援助”不收费。');
});

t.test('guide: the process, or the conditions when asked for them', async (t) => {
  const show = cq('营业性演出许可');
  const how = await ask('cq', '营业性演出许可怎么申请');
  t.equal(how.intent, 'guide');
  t.equal(how.items[0]?.detail, show.process);
  const conditions = await ask('cq', '营业性演出许可有什么条件');
  t.equal(conditions.intent, 'guide');
  t.equal(conditions.items[0]?.detail, show.conditions);
  t.match(conditions.answer, /受理条件如下/);
});

t.test('progress, greeting and unknown', async (t) => {
  const progress = await ask('yuzhong', '我的办件进度怎么查');
  t.equal(progress.intent, 'progress');
  t.same(progress.links, [
    { label: '进度查询', href: '/yuzhong/progress' },
    { label: '我的办件', href: '/yuzhong/space/applications' },
  ]);
  t.match(progress.answer, /【进度查询】/);
  const hello = await ask('cq', '您好！');
  t.equal(hello.intent, 'greeting');
  t.same(hello.items, []);
  for (const question of ['怎么申请公租房', '今天天气怎么样', '护照过期了怎么换']) {
    const unknown = await ask('cq', question);
    t.equal(unknown.intent, 'unknown', question);
    t.same(unknown.items, []);
    t.equal(
      unknown.answer,
      '抱歉，我暂时无法回答这个问题。您可以通过【我要咨询】向相关部门提问，工作人员会尽快答复。',
    );
    t.same(unknown.links, [{ label: '我要咨询', href: '/cq/ask/consultation' }]);
  }
});

t.test('synonyms and abbreviations find the official names', async (t) => {
  for (const [question, name] of [
    ['教师资格证需要什么材料', '中等及中等以上学校教师资格认定'],
    ['高中教师资格证怎么办', '高级中学教师资格认定'],
    ['货运许可要什么材料', '道路货物运输经营许可'],
    ['客运许可在哪里办', '道路旅客运输经营许可'],
    ['开办学校需要什么材料', '民办学校设立'],
    ['环评审批要多久', '建设项目环境影响评价文件审批'],
    ['公积金贷款在哪办', '住房公积金个人住房贷款'],
    ['危化品经营许可收费吗', '危险化学品经营许可'],
  ] as const)
    t.equal((await ask('cq', question)).items[0]?.name, name, question);
});

t.test('ranking: a match in the name comes before one in the department', async (t) => {
  const answer = await ask('cq', '运输的事项怎么办');
  t.ok(answer.items.length > 0);
  t.ok(
    answer.items.every((i) => i.name.includes('运输')),
    `named items only: ${answer.items.map((i) => i.name).join('、')}`,
  );
  t.notOk(
    answer.items.some((i) => i.name === '港口经营许可'),
    'an item of 市交通运输委 without 运输 in its name is not ranked with them',
  );
});

t.test('each station answers from its own catalog', async (t) => {
  const cqOnly = await ask('yuzhong', '港口经营许可在哪里办');
  t.equal(cqOnly.intent, 'unknown', 'a municipal item is not answered at yuzhong');
  const yuzhongOnly = await ask('cq', '幼儿园教师资格认定需要什么材料');
  t.ok(
    yuzhongOnly.items.every((i) => i.href.startsWith('/cq/')),
    'cq answers with cq items only',
  );
  t.notOk(yuzhongOnly.items.some((i) => i.name === '幼儿园教师资格认定'));
  const district = await ask('yuzhong', '幼儿园教师资格认定需要什么材料');
  t.equal(district.items[0]?.name, '幼儿园教师资格认定');
  t.ok(district.items.every((i) => i.href.startsWith('/yuzhong/items/')));
  t.equal(
    (await ask('jiangbei', '幼儿园教师资格认定需要什么材料')).intent,
    'unknown',
    'no catalog: unknown',
  );
});

t.test('answers are plain text', async (t) => {
  for (const question of [
    '道路货运许可要带什么',
    '交通运输事项有哪些',
    '你好',
    '营业性演出许可怎么申请',
  ]) {
    const answer = await ask('cq', question);
    t.notMatch(answer.answer, /<[a-z/!]/i, question);
    for (const item of answer.items) t.notMatch(item.detail, /<[a-z/!]/i);
  }
});
