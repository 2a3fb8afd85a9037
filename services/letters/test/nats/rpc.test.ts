import { HallError } from '@hall/platform';
import {
  ListPublishedFaqsRequestSchema,
  ListPublishedFaqsResponseSchema,
} from '@hall/proto/hall/letters/v1/letters_rpc_pb';
import t from 'tap';
import { act, department, letterBody, submitted } from '../fixtures';
import { buildTestLetters, type TestLetters } from '../helper';

// hall.rpc.letters.list_published_faqs: what the Q&A robot resynchronises its FAQs from.

function listFaqs(hall: TestLetters, station: string, afterFaqId = '', limit = 0) {
  return hall.bus.request(
    'letters',
    'list_published_faqs',
    ListPublishedFaqsRequestSchema,
    { station, afterFaqId, limit },
    ListPublishedFaqsResponseSchema,
  );
}

t.test('lists the station’s published FAQs in id order, a page at a time', async (t) => {
  const hall = await buildTestLetters(t);
  const dept = await department(hall);
  const desk = await hall.tokens.staff('yuzhong', ['letters']);
  const published: string[] = [];
  for (const n of [1, 2, 3]) {
    const receipt = await submitted(hall, 'yuzhong', letterBody('consultation', dept.id));
    await act(hall, desk.auth, 'yuzhong', receipt.id, 'reply', { text: `答复${n}` });
    const faq = await hall.app.inject({
      method: 'POST',
      url: `/admin/stations/yuzhong/letters/${receipt.id}/faq`,
      headers: desk.auth,
      payload: { question: `常见问题${n}：如何办理？`, answer: `答复${n}` },
    });
    t.equal(faq.statusCode, 201, faq.body);
    published.push(faq.json().id as string);
  }
  const withdrawn = published[1]!;
  const res = await hall.app.inject({
    method: 'DELETE',
    url: `/admin/stations/yuzhong/faqs/${withdrawn}`,
    headers: desk.auth,
  });
  t.equal(res.statusCode, 200, res.body);
  const expected = published.filter((id) => id !== withdrawn).sort();

  const first = await listFaqs(hall, 'yuzhong', '', 1);
  t.same(
    first.faqs.map((f) => f.faqId),
    expected.slice(0, 1),
  );
  t.equal(first.more, true, 'another page follows');
  const rest = await listFaqs(hall, 'yuzhong', first.faqs[0]!.faqId, 10);
  t.same(
    rest.faqs.map((f) => f.faqId),
    expected.slice(1),
    'the withdrawn FAQ is not listed',
  );
  t.equal(rest.more, false);
  t.match(rest.faqs[0], {
    question: '常见问题3：如何办理？',
    answer: '答复3',
    departmentId: dept.id,
    departmentName: dept.name,
  });
  t.ok(rest.faqs[0]?.publishedAt, 'with its publication time');

  t.same((await listFaqs(hall, 'jiangbei')).faqs, [], 'another station has none of them');
  await t.rejects(listFaqs(hall, 'nowhere'), HallError, 'an unknown station is refused');
  await t.rejects(
    listFaqs(hall, 'yuzhong', 'not-an-id'),
    { status: 400, code: 'validation_failed' },
    'a malformed cursor is refused',
  );
});
