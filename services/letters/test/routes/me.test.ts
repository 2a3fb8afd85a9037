import t from 'tap';
import { act, department, letterBody, submitted } from '../fixtures';
import { buildTestLetters, expectProblem } from '../helper';

t.test(
  '我的咨询: the account’s letters across stations, newest first, and their details',
  async (t) => {
    const hall = await buildTestLetters(t);
    const person = await hall.tokens.person();
    const stranger = await hall.tokens.person();
    const unit = await hall.tokens.unit();
    const dept = await department(hall);

    hall.clock.set('2026-12-07T02:00:00Z');
    const first = await submitted(hall, 'yuzhong', letterBody('consultation', dept.id), {
      auth: person.auth,
    });
    hall.clock.set('2026-12-08T02:00:00Z');
    const second = await submitted(hall, 'jiangbei', letterBody('complaint'), {
      auth: person.auth,
    });
    hall.clock.set('2026-12-09T02:00:00Z');
    const third = await submitted(hall, 'yuzhong', letterBody('complaint'), { auth: person.auth });
    await submitted(hall, 'yuzhong', letterBody('complaint'));
    await submitted(hall, 'yuzhong', letterBody('complaint'), { auth: unit.auth });
    const desk = await hall.tokens.staff('yuzhong', ['letters']);
    await act(hall, desk.auth, 'yuzhong', first.id, 'reply', { text: '请到窗口办理。' });

    const list = await hall.app.inject({ url: '/me/letters', headers: person.auth });
    t.equal(list.statusCode, 200, list.body);
    const page = list.json();
    t.equal(page.total, 3);
    t.same(
      page.items.map((l: { id: string }) => l.id),
      [third.id, second.id, first.id],
      'newest first, every station',
    );
    t.same(page.items[2], {
      id: first.id,
      station: 'yuzhong',
      code: first.code,
      kind: 'consultation',
      kindLabel: '咨询',
      subject: '道路运输许可咨询',
      departmentName: '交通运输委',
      state: 'replied',
      stateLabel: '已答复',
      receivedAt: first.receivedAt,
      dueAt: first.dueAt,
      repliedAt: page.items[2].repliedAt,
    });
    t.ok(page.items[2].repliedAt);

    const filtered = await hall.app.inject({
      url: '/me/letters?station=yuzhong&page=2&pageSize=1',
      headers: person.auth,
    });
    t.match(filtered.json(), { total: 2, page: 2, pageSize: 1, items: [{ id: first.id }] });

    const unitList = await hall.app.inject({ url: '/me/letters', headers: unit.auth });
    t.equal(unitList.json().total, 1, 'a unit sees its own');

    const detail = await hall.app.inject({ url: `/me/letters/${first.id}`, headers: person.auth });
    t.match(detail.json(), {
      id: first.id,
      reply: { text: '请到窗口办理。' },
      mobileMasked: '138****5678',
    });

    expectProblem(
      t,
      await hall.app.inject({ url: `/me/letters/${first.id}`, headers: stranger.auth }),
      404,
      'letter_not_found',
    );
    t.same(
      (await hall.app.inject({ url: '/me/letters', headers: stranger.auth })).json().items,
      [],
    );
    expectProblem(t, await hall.app.inject({ url: '/me/letters' }), 401, 'unauthenticated');
    expectProblem(
      t,
      await hall.app.inject({ url: '/me/letters', headers: desk.auth }),
      403,
      'forbidden',
    );
  },
);
