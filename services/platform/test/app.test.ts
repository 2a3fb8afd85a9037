import t from 'tap';
import { Type } from 'typebox';
import { testApp } from './helpers';

t.test('JSON bodies are validated as sent; query strings are coerced from text', async (t) => {
  const app = await testApp(t);
  app.post(
    '/notes',
    {
      schema: {
        body: Type.Object({
          note: Type.Union([Type.String({ maxLength: 5 }), Type.Null()]),
          count: Type.Integer(),
        }),
        querystring: Type.Object({ page: Type.Integer({ default: 1 }) }),
      },
    },
    async (request) => ({ body: request.body, page: request.query.page }),
  );
  await app.ready();

  const kept = await app.inject({
    method: 'POST',
    url: '/notes?page=3',
    payload: { note: null, count: 2 },
  });
  t.equal(kept.statusCode, 200);
  t.same(
    kept.json(),
    { body: { note: null, count: 2 }, page: 3 },
    'null stays null; "3" becomes 3',
  );

  const defaulted = await app.inject({
    method: 'POST',
    url: '/notes',
    payload: { note: 'abc', count: 1 },
  });
  t.equal(defaulted.json().page, 1, 'defaults apply');

  const text = await app.inject({
    method: 'POST',
    url: '/notes',
    payload: { note: 'abc', count: '2' },
  });
  t.equal(text.statusCode, 400, 'a number sent as a string in JSON is refused, not coerced');
  t.same(
    text.json().errors.map((e: { field: string }) => e.field),
    ['count'],
  );
});
