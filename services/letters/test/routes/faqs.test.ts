import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  FaqPublishedSchema,
  FaqWithdrawnSchema,
} from '@hall/proto/hall/letters/v1/letters_events_pb';
import t from 'tap';
import { act, department, letterBody, submitted } from '../fixtures';
import {
  buildTestLetters,
  expectProblem,
  expectValidation,
  streamEvents,
  waitFor,
  type Auth,
  type TestLetters,
} from '../helper';

const QUESTION = '办理道路运输经营许可需要哪些材料？';
const ANSWER = '需要身份证、车辆行驶证和经营场所证明，到交通运输委窗口办理。';

function publish(hall: TestLetters, auth: Auth, letterId: string, body: Record<string, unknown>) {
  return hall.app.inject({
    method: 'POST',
    url: `/admin/stations/yuzhong/letters/${letterId}/faq`,
    headers: auth,
    payload: body,
  });
}

async function repliedLetter(
  hall: TestLetters,
  desk: Auth,
  departmentId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const receipt = await submitted(
    hall,
    'yuzhong',
    letterBody('consultation', departmentId, overrides),
  );
  const res = await act(hall, desk, 'yuzhong', receipt.id, 'reply', { text: ANSWER });
  if (res.statusCode !== 200) throw new Error(`reply: ${res.body}`);
  return receipt.id;
}

t.test('publishing a FAQ needs the writer’s consent and an answered letter, once', async (t) => {
  const hall = await buildTestLetters(t);
  const dept = await department(hall);
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const faq = { question: QUESTION, answer: ANSWER };

  const private_ = await repliedLetter(hall, desk.auth, dept.id, { publicConsent: false });
  expectProblem(t, await publish(hall, desk.auth, private_, faq), 422, 'faq_not_allowed');
  const waiting = await submitted(hall, 'yuzhong', letterBody('consultation', dept.id));
  expectProblem(t, await publish(hall, desk.auth, waiting.id, faq), 422, 'faq_not_allowed');
  const outside = await submitted(hall, 'yuzhong', letterBody('complaint'));
  await act(hall, desk.auth, 'yuzhong', outside.id, 'out-of-scope', { explanation: '属信访事项' });
  expectProblem(t, await publish(hall, desk.auth, outside.id, faq), 422, 'faq_not_allowed');
  expectValidation(
    t,
    await publish(hall, desk.auth, waiting.id, { question: '问', answer: ANSWER }),
  );

  const letterId = await repliedLetter(hall, desk.auth, dept.id);
  const res = await publish(hall, desk.auth, letterId, {
    question: ` ${QUESTION} `,
    answer: ANSWER,
  });
  t.equal(res.statusCode, 201, res.body);
  const published = res.json();
  t.match(published, {
    station: 'yuzhong',
    letterId,
    question: QUESTION,
    answer: ANSWER,
    departmentId: dept.id,
    departmentName: '交通运输委',
    state: 'published',
    withdrawnAt: null,
  });
  expectProblem(t, await publish(hall, desk.auth, letterId, faq), 409, 'faq_exists');

  const [event] = await waitFor('FaqPublished', async () => {
    const list = await streamEvents(hall.bus, FaqPublishedSchema);
    return list.length === 1 ? list : null;
  });
  t.equal(event!.subject, `${hall.config.BUS_NAMESPACE}.evt.yuzhong.letters.faq_published`);
  t.match(event!.message, {
    faqId: published.id,
    question: QUESTION,
    answer: ANSWER,
    departmentId: dept.id,
    departmentName: '交通运输委',
  });
});

t.test('the public FAQs of a station: list, search, by department, one', async (t) => {
  const hall = await buildTestLetters(t);
  const traffic = await department(hall, 'yuzhong', '交通运输委');
  const education = await department(hall, 'yuzhong', '教委');
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const first = await publish(hall, desk.auth, await repliedLetter(hall, desk.auth, traffic.id), {
    question: QUESTION,
    answer: ANSWER,
  });
  const second = await publish(
    hall,
    desk.auth,
    await repliedLetter(hall, desk.auth, education.id),
    {
      question: '教师资格认定在哪里办理？',
      answer: '在区教委政务服务窗口办理。',
    },
  );

  const list = await hall.app.inject({ url: '/stations/yuzhong/faqs' });
  t.equal(list.statusCode, 200, list.body);
  t.same(list.json(), {
    items: [second.json(), first.json()].map((f) => ({
      id: f.id,
      station: 'yuzhong',
      question: f.question,
      answer: f.answer,
      departmentId: f.departmentId,
      departmentName: f.departmentName,
      publishedAt: f.publishedAt,
    })),
    total: 2,
    page: 1,
    pageSize: 20,
  });
  const ids = async (query: string, station = 'yuzhong') =>
    (await hall.app.inject({ url: `/stations/${station}/faqs${query}` }))
      .json()
      .items.map((f: { id: string }) => f.id);
  t.same(await ids('?q=教师'), [second.json().id], 'by question');
  t.same(await ids('?q=行驶证'), [first.json().id], 'by answer');
  t.same(await ids(`?departmentId=${traffic.id}`), [first.json().id]);
  t.same(await ids('', 'jiangbei'), [], 'another station has its own');
  const one = await hall.app.inject({ url: `/stations/yuzhong/faqs/${first.json().id}` });
  t.equal(one.json().question, QUESTION);
  expectProblem(
    t,
    await hall.app.inject({ url: `/stations/jiangbei/faqs/${first.json().id}` }),
    404,
    'not_found',
  );
  expectProblem(t, await hall.app.inject({ url: '/stations/nowhere/faqs' }), 404, 'not_found');
});

t.test('editing announces the FAQ again; withdrawing takes it off the public list', async (t) => {
  const hall = await buildTestLetters(t);
  const dept = await department(hall);
  const other = await department(hall, 'yuzhong', '教委');
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const letterId = await repliedLetter(hall, desk.auth, dept.id);
  const faq = (
    await publish(hall, desk.auth, letterId, { question: QUESTION, answer: ANSWER })
  ).json();
  const url = `/admin/stations/yuzhong/faqs/${faq.id}`;

  const edited = await hall.app.inject({
    method: 'PATCH',
    url,
    headers: desk.auth,
    payload: { question: QUESTION, answer: '需要身份证和车辆行驶证。' },
  });
  t.equal(edited.statusCode, 200, edited.body);
  t.match(edited.json(), { answer: '需要身份证和车辆行驶证。', state: 'published' });
  const outsider = await hall.tokens.staff('yuzhong', ['letters'], { department: other.id });
  expectProblem(
    t,
    await hall.app.inject({
      method: 'PATCH',
      url,
      headers: outsider.auth,
      payload: { question: QUESTION, answer: ANSWER },
    }),
    404,
    'not_found',
  );

  const withdrawn = await hall.app.inject({ method: 'DELETE', url, headers: desk.auth });
  t.equal(withdrawn.statusCode, 200, withdrawn.body);
  t.match(withdrawn.json(), { state: 'withdrawn' });
  t.ok(withdrawn.json().withdrawnAt);
  const again = await hall.app.inject({ method: 'DELETE', url, headers: desk.auth });
  t.equal(again.statusCode, 200, 'withdrawing twice is harmless');
  t.same((await hall.app.inject({ url: '/stations/yuzhong/faqs' })).json().items, []);
  expectProblem(
    t,
    await hall.app.inject({ url: `/stations/yuzhong/faqs/${faq.id}` }),
    404,
    'not_found',
  );

  const staffList = await hall.app.inject({
    url: '/admin/stations/yuzhong/faqs',
    headers: desk.auth,
  });
  t.match(staffList.json(), { total: 1, items: [{ id: faq.id, state: 'withdrawn', letterId }] });
  t.same(
    (
      await hall.app.inject({
        url: '/admin/stations/yuzhong/faqs?state=published',
        headers: desk.auth,
      })
    ).json().items,
    [],
  );
  t.same(
    (await hall.app.inject({ url: '/admin/stations/yuzhong/faqs', headers: outsider.auth })).json()
      .items,
    [],
    'department staff see their department’s',
  );

  const republished = await publish(hall, desk.auth, letterId, {
    question: QUESTION,
    answer: ANSWER,
  });
  t.equal(republished.statusCode, 201, 'a withdrawn FAQ may be published again');
  t.match(republished.json(), { id: faq.id, state: 'published', withdrawnAt: null });

  const published = await waitFor('three FaqPublished', async () => {
    const list = await streamEvents(hall.bus, FaqPublishedSchema);
    return list.length === 3 ? list : null;
  });
  t.same(
    published.map((e) => e.message.answer),
    [ANSWER, '需要身份证和车辆行驶证。', ANSWER],
    'published, edited, published again',
  );
  const withdrawals = await streamEvents(hall.bus, FaqWithdrawnSchema);
  t.same(
    withdrawals.map((e) => e.message.faqId),
    [faq.id],
    'one FaqWithdrawn',
  );
  const records = await waitFor('the FAQ audit records', async () => {
    const list = (await streamEvents(hall.bus, AuditRecordedSchema)).filter((e) =>
      e.message.event.startsWith('letters.faq.'),
    );
    return list.length === 4 ? list : null;
  });
  t.same(
    records.map((r) => [r.message.event, r.message.actorId, r.message.targetId]),
    [
      ['letters.faq.published', desk.id, faq.id],
      ['letters.faq.updated', desk.id, faq.id],
      ['letters.faq.withdrawn', desk.id, faq.id],
      ['letters.faq.published', desk.id, faq.id],
    ],
  );
});
