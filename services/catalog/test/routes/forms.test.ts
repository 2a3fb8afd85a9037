import t from 'tap';
import { TEACHER_FORM } from '../fixtures';
import { buildTestCatalog, expectProblem } from '../helper';

t.test('the designer’s live check of a business form', async (t) => {
  const { app, tokens } = await buildTestCatalog(t);
  const editor = await tokens.staff('cq', ['editor']);
  const check = (payload: unknown, headers: Record<string, string> = editor) =>
    app.inject({
      method: 'POST',
      url: '/stations/cq/admin/forms/check',
      headers,
      payload: payload as object,
    });
  const good = await check(TEACHER_FORM);
  t.equal(good.statusCode, 200);
  t.same(good.json(), { ok: true, errors: [] });
  const bad = await check({
    type: 'object',
    title: '申请表',
    properties: { when: { type: 'string', title: '日期', 'x-widget': 'date', format: 'time' } },
    'x-order': ['when'],
  });
  t.equal(bad.statusCode, 200);
  const body = bad.json();
  t.equal(body.ok, false);
  t.ok(body.errors.length > 0);
  t.same(
    body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [['properties/when/format', 'form.format']],
    'the offending path, slash-separated like every field error',
  );
  t.ok(body.errors.every((e: { message: string }) => /\p{Script=Han}/u.test(e.message)));
  expectProblem(t, await check(TEACHER_FORM, await tokens.citizen()), 403, 'forbidden');
});
