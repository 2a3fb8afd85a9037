import { buildTestMaterials, link, uploaded } from '@hall/materials/test/helper';
import { jpeg, pdf } from '@hall/materials/test/fixtures';
import { testNamespace } from '@hall/platform/testing';
import t from 'tap';
import { letterBody, staffView, submit } from '../fixtures';
import { buildTestLetters, expectProblem, ownerSql, waitFor } from '../helper';

t.test(
  'attachments from the real materials service: checked, then downloadable by the desk',
  async (t) => {
    const namespace = testNamespace();
    const materials = await buildTestMaterials(t, { BUS_NAMESPACE: namespace });
    const hall = await buildTestLetters(t, { namespace, realMaterials: true });
    const materialsPerson = await materials.tokens.person();
    const stranger = await materials.tokens.person();
    const photo = await uploaded(t, materials.app, materialsPerson, {
      filename: '现场照片.jpg',
      content: jpeg(),
    });
    const theirs = await uploaded(t, materials.app, stranger, {
      filename: '他人.pdf',
      content: pdf(),
    });
    const writer = await hall.tokens.person(materialsPerson.id);

    expectProblem(
      t,
      await submit(
        hall,
        'yuzhong',
        letterBody('complaint', undefined, { fileIds: [photo.id, theirs.id] }),
        {
          auth: writer.auth,
        },
      ),
      422,
      'file_not_owned',
    );
    const res = await submit(
      hall,
      'yuzhong',
      letterBody('complaint', undefined, { fileIds: [photo.id] }),
      {
        auth: writer.auth,
      },
    );
    t.equal(res.statusCode, 201, res.body);
    const letterId = res.json<{ id: string }>().id;

    const desk = await hall.tokens.staff('yuzhong', ['letters']);
    const view = await staffView(hall, desk.auth, 'yuzhong', letterId);
    t.same(view.attachments, [
      { fileId: photo.id, name: '现场照片.jpg', size: photo.size, mediaType: 'image/jpeg' },
    ]);

    const grants = ownerSql(t, materials.databaseUrl);
    await waitFor('the grant in materials', async () => {
      const rows = await grants`select application_id from file_grants where file_id = ${photo.id}`;
      return rows.length === 1 && rows[0]!.application_id === letterId;
    });
    const materialsDesk = await materials.tokens.staff('yuzhong', ['letters']);
    const linked = await link(materials.app, materialsDesk, photo.id);
    t.equal(linked.statusCode, 201, 'the desk of the station may download the attachment');
    const download = await materials.app.inject({ url: linked.json<{ url: string }>().url });
    t.same(download.rawPayload, jpeg());
    const elsewhere = await materials.tokens.staff('jiangbei', ['letters']);
    expectProblem(t, await link(materials.app, elsewhere, photo.id), 404, 'not_found');
  },
);
