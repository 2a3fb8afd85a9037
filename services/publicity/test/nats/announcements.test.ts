import { act, seedItem, submitted } from '@hall/submissions/test/fixtures';
import { buildTestHall } from '@hall/submissions/test/helper';
import t from 'tap';
import { buildTestPublicity, expectProblem, waitFor } from '../helper';

interface Item {
  serial: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicant: string;
  applicantType: string;
  state: string;
  stateLabel: string;
  outcome: string | null;
  outcomeLabel: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
}
interface Page {
  items: Item[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

t.test(
  '办件公告 from real submissions: visible within seconds, filtered, masked, counted',
  async (t) => {
    // The submissions service and a real catalog in process; publicity on their namespace.
    const hall = await buildTestHall(t);
    const publicity = await buildTestPublicity(t, { namespace: hall.config.BUS_NAMESPACE });
    const { app } = publicity;
    const list = async (query = '') => {
      const res = await app.inject({ url: `/stations/yuzhong/announcements${query}` });
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
      return { page: res.json<Page>(), body: res.body };
    };

    const teacher = await seedItem(hall, 'yuzhong');
    const planning = await seedItem(hall, 'yuzhong', { name: '建设工程规划许可证核发' });
    const person = await hall.tokens.person();
    const unit = await hall.tokens.unit();
    hall.clock.set('2026-03-09T10:00:00+08:00');
    const a = await submitted(hall, person, 'yuzhong', teacher);
    const b = await submitted(hall, unit, 'yuzhong', planning);

    const first = await waitFor(
      'both applications listed',
      async () => {
        const { page } = await list();
        return page.items.length === 2 ? page : null;
      },
      10_000,
    );
    const bySerial = new Map(first.items.map((i) => [i.serial, i]));
    t.match(bySerial.get(a.serial), {
      itemName: '中等及中等以上学校教师资格认定',
      departmentId: teacher.departmentId,
      applicant: '张*',
      applicantType: 'person',
      state: 'submitted',
      stateLabel: '待预审',
      submittedAt: '2026-03-09T02:00:00.000Z',
      acceptedAt: null,
    });
    t.match(bySerial.get(b.serial), {
      itemName: '建设工程规划许可证核发',
      applicant: '重庆某某有限公司',
      applicantType: 'unit',
    });

    // Staff decisions in submissions: A accepted on the 10th and completed on time, B accepted on
    // the 12th and completed not approved.
    const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
    const approver = await hall.tokens.staff('yuzhong', ['approver']);
    const decide = async (
      id: string,
      action: string,
      body: Record<string, unknown> = {},
      who = clerk,
    ) => {
      const res = await act(hall, who.auth, 'yuzhong', id, action, body);
      if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
    };
    hall.clock.set('2026-03-10T09:30:00+08:00');
    await decide(a.id, 'prereview');
    await decide(a.id, 'accept');
    hall.clock.set('2026-03-11T15:00:00+08:00');
    await decide(a.id, 'complete', { outcome: 'approved' }, approver);
    hall.clock.set('2026-03-12T09:00:00+08:00');
    await decide(b.id, 'prereview');
    await decide(b.id, 'accept');
    await decide(b.id, 'complete', { outcome: 'not_approved' }, approver);
    const evaluated = await hall.app.inject({
      method: 'POST',
      url: `/applications/${a.id}/evaluation`,
      headers: person.auth,
      payload: {
        level: 4,
        indicators: { overall: 4, efficiency: 4, guideAccuracy: 4, convenience: 4, usability: 4 },
        anonymous: false,
      },
    });
    t.equal(evaluated.statusCode, 201, evaluated.body);

    const done = await waitFor(
      'both completed, with their outcome',
      async () => {
        const { page } = await list();
        return page.items.every((i) => i.state === 'completed' && i.outcome) ? page : null;
      },
      10_000,
    );
    t.match(
      done.items.find((i) => i.serial === a.serial),
      {
        stateLabel: '办结',
        outcome: 'approved',
        outcomeLabel: '准予许可',
        acceptedAt: '2026-03-10T01:30:00.000Z',
        completedAt: '2026-03-11T07:00:00.000Z',
      },
    );
    t.match(
      done.items.find((i) => i.serial === b.serial),
      {
        outcome: 'not_approved',
        outcomeLabel: '不予许可',
      },
    );

    // Filters: 受理部门, 受理日期 (inclusive, Asia/Shanghai), keyword, serial.
    const serials = async (query: string) => (await list(query)).page.items.map((i) => i.serial);
    t.same(await serials(`?department=${planning.departmentId}`), [b.serial]);
    t.same(await serials('?from=2026-03-10&to=2026-03-10'), [a.serial], '受理日期 the 10th');
    t.same(await serials('?from=2026-03-11'), [b.serial]);
    t.same(await serials('?to=2026-03-09'), [], 'nothing accepted before the 10th');
    t.same(await serials(`?q=${encodeURIComponent('教师资格')}`), [a.serial]);
    t.same(await serials(`?q=${encodeURIComponent('规划许可')}`), [b.serial]);
    t.same(await serials(`?q=${a.serial}`), [a.serial], 'the full serial');
    t.same(await serials(`?q=${a.serial.slice(0, 14)}`), [b.serial, a.serial], 'a serial prefix');
    t.same(
      await serials(
        `?department=${teacher.departmentId}&from=2026-03-01&to=2026-03-31&q=${encodeURIComponent('教师')}`,
      ),
      [a.serial],
    );
    expectProblem(
      t,
      await app.inject({ url: '/stations/yuzhong/announcements?from=2026-03-12&to=2026-03-10' }),
      400,
      'validation_failed',
      [{ field: 'to', code: 'range.order' }],
    );
    expectProblem(
      t,
      await app.inject({ url: '/stations/yuzhong/announcements?department=x' }),
      400,
      'validation_failed',
    );
    expectProblem(
      t,
      await app.inject({ url: '/stations/yuzhong/announcements?page=501&pageSize=20' }),
      400,
      'validation_failed',
      [{ field: 'page', code: 'page.too_deep' }],
    );

    // Paging: newest submission first, one per page.
    const p1 = (await list('?pageSize=1&page=1')).page;
    const p2 = (await list('?pageSize=1&page=2')).page;
    t.same([p1.total, p1.totalCapped, p1.items.length, p2.items.length], [2, false, 1, 1]);
    t.same([p1.items[0]!.serial, p2.items[0]!.serial], [b.serial, a.serial]);

    // No full name anywhere public, ever.
    const { body } = await list();
    for (const secret of ['张三', '示例科技', '500103199001011232', '13812345678'])
      t.notOk(body.includes(secret), `no ${secret} in the public list`);

    const departments = await app.inject({ url: '/stations/yuzhong/announcements/departments' });
    t.same(
      departments
        .json<{ items: { id: string }[] }>()
        .items.map((d) => d.id)
        .sort(),
      [teacher.departmentId, planning.departmentId].sort(),
    );

    // Another station sees none of it; unknown and disabled stations answer 404.
    t.equal((await app.inject({ url: '/stations/jiangbei/announcements' })).json<Page>().total, 0);
    expectProblem(
      t,
      await app.inject({ url: '/stations/wansheng/announcements' }),
      404,
      'not_found',
    );
    expectProblem(
      t,
      await app.inject({ url: '/stations/nowhere/announcements' }),
      404,
      'not_found',
    );

    // Statistics, on the 12th: two received on the 9th, one completed on the 11th (on time), one
    // on the 12th, one evaluation of 4 (满意).
    publicity.clock.set('2026-03-12T20:00:00+08:00');
    type Stats = {
      satisfaction: { total: { evaluations: number } };
      daily: { day: string; received: number; completed: number }[];
    };
    const stats = await waitFor('the evaluation counted', async () => {
      const s = (await app.inject({ url: '/stations/yuzhong/statistics' })).json<Stats>();
      return s.satisfaction.total.evaluations === 1 ? s : null;
    });
    t.match(stats, {
      station: 'yuzhong',
      today: '2026-03-12',
      received: { today: 0, month: 2, total: 2 },
      completed: { today: 1, month: 2, total: 2 },
      onTime: { month: { completed: 2, onTime: 2, rate: 1 } },
      satisfaction: { month: { evaluations: 1, meanLevel: 4, satisfiedShare: 1 } },
    });
    const daily = stats.daily;
    t.equal(daily.length, 30);
    t.equal(daily.at(-1)!.day, '2026-03-12');
    t.match(
      daily.find((d) => d.day === '2026-03-09'),
      { received: 2, completed: 0 },
    );
    t.match(
      daily.find((d) => d.day === '2026-03-11'),
      { received: 0, completed: 1 },
    );
  },
);

t.test('catch-up: events published while publicity is down appear when it is back', async (t) => {
  const hall = await buildTestHall(t);
  const publicity = await buildTestPublicity(t, { namespace: hall.config.BUS_NAMESPACE });
  const item = await seedItem(hall, 'yuzhong');
  const person = await hall.tokens.person();
  const count = async () =>
    (await publicity.app.inject({ url: '/stations/yuzhong/announcements' })).json<Page>().total;

  await submitted(hall, person, 'yuzhong', item);
  await waitFor('the first application', async () => (await count()) === 1);

  await publicity.stop();
  const missed = [];
  for (let i = 0; i < 3; i++) missed.push(await submitted(hall, person, 'yuzhong', item));
  // The events are in the stream, waiting for the durable consumer.
  await publicity.restart();
  await waitFor('the three missed applications', async () => (await count()) === 4, 10_000);
  const listed = (
    await publicity.app.inject({ url: '/stations/yuzhong/announcements' })
  ).json<Page>();
  for (const m of missed)
    t.ok(
      listed.items.some((i) => i.serial === m.serial),
      m.serial,
    );
});
