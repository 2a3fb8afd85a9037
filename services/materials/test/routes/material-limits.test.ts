import { testNamespace } from '@hall/platform/testing';
import t from 'tap';
// The real catalog, on the same private namespace: its get_item RPC is what the limits come from.
import { addDepartment, addPublished, definition, material } from '../../../catalog/test/fixtures';
import { buildTestCatalog } from '../../../catalog/test/helper';
import { jpeg, pdf, pdfOfSize, png } from '../fixtures';
import { buildTestMaterials, expectProblem, ownerSql, upload } from '../helper';

const MIB = 1024 * 1024;

t.test('an item material’s file types and size limit apply to uploads for it', async (t) => {
  const namespace = testNamespace();
  const catalog = await buildTestCatalog(t, { BUS_NAMESPACE: namespace });
  const { app, tokens, databaseUrl } = await buildTestMaterials(t, { BUS_NAMESPACE: namespace });
  const sql = ownerSql(t, databaseUrl);
  const editor = await catalog.tokens.staff('yuzhong', ['editor']);
  const department = await addDepartment(catalog.app, editor, 'yuzhong', {
    code: 'JW',
    name: '渝中区教委',
  });
  const application = material({ name: '申请表', fileTypes: ['pdf'], maxSizeMb: 1 });
  const photo = material({ name: '近期免冠照片', fileTypes: ['jpeg', 'png', 'doc'], maxSizeMb: 5 });
  const original = material({
    name: '学历证书原件',
    media: ['paper'],
    collection: 'window',
    fileTypes: [],
    copies: 1,
  });
  const def = definition(department.id, { materials: [application, photo, original] });
  const item = await addPublished(catalog.app, editor, 'yuzhong', def);

  // Version 2 allows 2 MB for the application form; version 1 still allows 1 MB.
  await catalog.app.inject({
    method: 'PUT',
    url: `/stations/yuzhong/admin/items/${item.id}/draft`,
    headers: { ...editor, 'if-match': String(item.revision) },
    payload: { ...def, materials: [{ ...application, maxSizeMb: 2 }, photo, original] },
  });
  const published = await catalog.app.inject({
    method: 'POST',
    url: `/stations/yuzhong/admin/items/${item.id}/publish`,
    headers: editor,
  });
  t.equal(published.statusCode, 200, 'version 2 published');

  const person = await tokens.person();
  const forMaterial = (materialId: string, version = 1) => ({
    station: 'yuzhong',
    item: item.id,
    version,
    material: materialId,
  });

  t.equal(
    (
      await upload(app, person, {
        filename: '申请表.pdf',
        content: pdfOfSize(MIB / 2),
        query: forMaterial(application.id),
      })
    ).statusCode,
    201,
    'within the material’s limits',
  );
  const big = pdfOfSize(1.5 * MIB);
  const tooBig = expectProblem(
    t,
    await upload(app, person, {
      filename: '申请表.pdf',
      content: big,
      query: forMaterial(application.id),
    }),
    413,
    'file_too_large',
  );
  t.match(tooBig.errors?.[0]?.message, /申请表\.pdf.*“申请表”每个文件不能超过 1 MB/);
  t.equal(
    (
      await upload(app, person, {
        filename: '申请表.pdf',
        content: big,
        query: forMaterial(application.id, 2),
      })
    ).statusCode,
    201,
    'version 2 allows it',
  );
  t.equal(
    (
      await upload(app, person, {
        filename: '申请表.pdf',
        content: big,
        query: forMaterial(application.id, 0),
      })
    ).statusCode,
    201,
    'so does the current version',
  );
  t.equal(
    (await upload(app, person, { filename: '申请表.pdf', content: big })).statusCode,
    201,
    'and the service-wide limit alone',
  );

  const wrongType = expectProblem(
    t,
    await upload(app, person, {
      filename: '申请表.jpg',
      content: jpeg(),
      query: forMaterial(application.id),
    }),
    415,
    'file_type_not_allowed',
  );
  t.match(wrongType.errors?.[0]?.message, /“申请表”仅接受 PDF 文件/);
  t.equal(
    (
      await upload(app, person, {
        filename: '照片.jpeg',
        content: jpeg(),
        query: forMaterial(photo.id),
      })
    ).statusCode,
    201,
    'jpeg listed: .jpeg accepted',
  );
  t.equal(
    (
      await upload(app, person, {
        filename: '照片.png',
        content: png(),
        query: forMaterial(photo.id),
      })
    ).statusCode,
    201,
  );
  const notListed = expectProblem(
    t,
    await upload(app, person, {
      filename: '照片.pdf',
      content: pdf(),
      query: forMaterial(photo.id),
    }),
    415,
    'file_type_not_allowed',
  );
  t.match(
    notListed.errors?.[0]?.message,
    /仅接受 JPG、PNG 文件/,
    'types the hall does not accept (doc) are left out',
  );

  const window = expectProblem(
    t,
    await upload(app, person, {
      filename: '原件.pdf',
      content: pdf(),
      query: forMaterial(original.id),
    }),
    400,
    'validation_failed',
  );
  t.match(window.errors, [{ field: 'material', code: 'material.not_upload' }]);
  const unknown = expectProblem(
    t,
    await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      query: forMaterial('no-such-material'),
    }),
    400,
    'validation_failed',
  );
  t.match(unknown.errors, [{ field: 'material', code: 'material.unknown' }]);
  expectProblem(
    t,
    await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      query: forMaterial(application.id, 9),
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      query: { ...forMaterial(application.id), station: 'jiangbei' },
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      query: { ...forMaterial(application.id), item: '0190a0b0-0000-7000-8000-000000000001' },
    }),
    404,
    'not_found',
  );
  const incomplete = expectProblem(
    t,
    await upload(app, person, {
      filename: 'a.pdf',
      content: pdf(),
      query: { station: 'yuzhong', item: item.id },
    }),
    400,
    'validation_failed',
  );
  t.same(
    incomplete.errors?.map((e) => e.field),
    ['version', 'material'],
  );

  const n = (await sql<{ n: number }[]>`select count(*)::int as n from files`)[0]!.n;
  t.equal(n, 6, 'only the accepted uploads have rows');
});

t.test('without the catalog, an upload for a material answers 503 and keeps nothing', async (t) => {
  const { app, tokens, databaseUrl } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const person = await tokens.person();
  const res = await upload(app, person, {
    filename: 'a.pdf',
    content: pdf(),
    query: {
      station: 'yuzhong',
      item: '0190a0b0-0000-7000-8000-000000000001',
      version: 1,
      material: 'x',
    },
  });
  expectProblem(t, res, 503, 'upstream_unavailable');
  t.equal((await sql`select 1 from files`).length, 0);
});
