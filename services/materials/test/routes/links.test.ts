import { createHash } from 'node:crypto';
import t from 'tap';
import { jpeg, pdf } from '../fixtures';
import { buildTestMaterials, expectProblem, link, uploaded } from '../helper';

interface LinkBody {
  url: string;
  expiresAt: string;
}

t.test('a signed link downloads the content with safe headers, until it expires', async (t) => {
  let clock = Date.now();
  const { app, tokens, config } = await buildTestMaterials(t, {}, { now: () => new Date(clock) });
  const person = await tokens.person();
  const content = jpeg();
  const file = await uploaded(t, app, person, { filename: '张三 身份证(正面).jpg', content });

  const res = await link(app, person, file.id);
  t.equal(res.statusCode, 201);
  const body = res.json<LinkBody>();
  t.match(
    body.url,
    new RegExp(`^/files/${file.id}/content\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}$`),
  );
  t.equal(
    Date.parse(body.expiresAt),
    Math.floor(clock / 1000) * 1000 + config.MATERIALS_LINK_TTL_SECONDS * 1000,
  );

  const download = await app.inject({ method: 'GET', url: body.url });
  t.equal(download.statusCode, 200);
  t.same(download.rawPayload, content, 'the exact bytes');
  t.equal(createHash('sha256').update(download.rawPayload).digest('hex'), file.sha256);
  t.equal(download.headers['content-type'], 'image/jpeg');
  t.equal(download.headers['content-length'], String(content.length));
  t.equal(download.headers['x-content-type-options'], 'nosniff');
  t.equal(download.headers['cache-control'], 'private, no-store');
  t.equal(
    download.headers['content-disposition'],
    `attachment; filename="__ ___(__).jpg"; filename*=UTF-8''%E5%BC%A0%E4%B8%89%20%E8%BA%AB%E4%BB%BD%E8%AF%81%28%E6%AD%A3%E9%9D%A2%29.jpg`,
  );
  const inline = await app.inject({ method: 'GET', url: `${body.url}&disposition=inline` });
  t.match(inline.headers['content-disposition'], /^inline; /);

  clock += config.MATERIALS_LINK_TTL_SECONDS * 1000 + 1000;
  expectProblem(t, await app.inject({ method: 'GET', url: body.url }), 403, 'link_invalid');
});

t.test('tampered, borrowed and malformed links are refused', async (t) => {
  const { app, tokens } = await buildTestMaterials(t);
  const person = await tokens.person();
  const a = await uploaded(t, app, person, { filename: 'a.pdf', content: pdf() });
  const b = await uploaded(t, app, person, { filename: 'b.pdf', content: pdf(10) });
  const { url } = (await link(app, person, a.id)).json<LinkBody>();
  const query = new URL(url, 'http://x').searchParams;
  const expires = query.get('expires')!;
  const signature = query.get('signature')!;
  const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  for (const [what, target] of [
    ['another signature', `/files/${a.id}/content?expires=${expires}&signature=${flipped}`],
    [
      'a later expiry',
      `/files/${a.id}/content?expires=${Number(expires) + 3600}&signature=${signature}`,
    ],
    [
      'the link of another file',
      `/files/${b.id}/content?expires=${expires}&signature=${signature}`,
    ],
    ['no signature', `/files/${a.id}/content?expires=${expires}`],
    ['nothing', `/files/${a.id}/content`],
    ['a short signature', `/files/${a.id}/content?expires=${expires}&signature=abc`],
  ] as const) {
    const res = await app.inject({ method: 'GET', url: target });
    expectProblem(t, res, 403, 'link_invalid');
    t.notOk(res.rawPayload.includes(Buffer.from('%PDF')), `${what}: no content`);
  }
});

t.test('someone else’s file is 404 for links and file info, like an unknown one', async (t) => {
  const { app, tokens } = await buildTestMaterials(t);
  const owner = await tokens.person();
  const file = await uploaded(t, app, owner, { filename: '户口簿.pdf', content: pdf() });
  const strangers = [
    await tokens.person(),
    await tokens.unit(),
    await tokens.staff('yuzhong', ['clerk']),
    await tokens.operator(),
  ];
  for (const stranger of strangers) {
    expectProblem(t, await link(app, stranger, file.id), 404, 'not_found');
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: `/files/${file.id}`, headers: stranger.headers }),
      404,
      'not_found',
    );
  }
  const unknown = '0190a0b0-0000-7000-8000-000000000001';
  const unknownRes = await link(app, owner, unknown);
  t.same(
    { ...expectProblem(t, unknownRes, 404, 'not_found'), instance: undefined },
    { ...(await link(app, strangers[0]!, file.id)).json(), instance: undefined },
    'an unknown id and a stranger’s file answer alike',
  );
  expectProblem(
    t,
    await app.inject({ method: 'POST', url: `/files/${file.id}/links` }),
    401,
    'unauthenticated',
  );

  const info = await app.inject({
    method: 'GET',
    url: `/files/${file.id}`,
    headers: owner.headers,
  });
  t.match(info.json(), { id: file.id, name: '户口簿.pdf', sha256: file.sha256 });
});
