import { buildTestMaterials, link, uploaded } from '@hall/materials/test/helper';
import { pdf } from '@hall/materials/test/fixtures';
import t from 'tap';
import {
  act,
  json,
  newDraft,
  patch,
  PERSON_BASIC,
  seedItem,
  submit,
  VALID_ANSWERS,
} from '../fixtures';
import { buildTestHall, expectProblem, waitFor } from '../helper';

t.test('with the real materials service: ownership on save, access once submitted', async (t) => {
  const hall = await buildTestHall(t, { realMaterials: true });
  const materials = await buildTestMaterials(t, { BUS_NAMESPACE: hall.bus.namespace });
  const item = await seedItem(hall);

  const uploader = await materials.tokens.person();
  const person = await hall.tokens.person(uploader.id);
  const stranger = await materials.tokens.person();
  const mine = await uploaded(t, materials.app, uploader, {
    filename: '身份证.pdf',
    content: pdf(),
  });
  const theirs = await uploaded(t, materials.app, stranger, {
    filename: '他人.pdf',
    content: pdf(),
  });

  const draft = await newDraft(hall, person, 'yuzhong', item.itemId);
  const refused = await patch(hall, person, draft.id, draft.revision, {
    materials: [
      { materialId: item.m.required, provision: 'upload', fileIds: [mine.id, theirs.id] },
    ],
  });
  expectProblem(t, refused, 404, 'material_not_found');

  const saved = await patch(hall, person, draft.id, draft.revision, {
    basic: PERSON_BASIC,
    answers: VALID_ANSWERS,
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [mine.id] }],
  });
  t.equal(saved.statusCode, 200, saved.body);
  const file = json<{
    materials: Array<{ materialId: string; files: Array<Record<string, unknown>> }>;
  }>(saved).materials.find((m) => m.materialId === item.m.required)!.files[0];
  t.match(
    file,
    {
      id: mine.id,
      name: '身份证.pdf',
      extension: 'pdf',
      mediaType: 'application/pdf',
      size: mine.size,
      sha256: mine.sha256,
    },
    'the snapshot is what materials stored',
  );

  const clerk = await materials.tokens.staff('yuzhong', ['clerk']);
  const elsewhere = await materials.tokens.staff('jiangbei', ['clerk']);
  expectProblem(t, await link(materials.app, clerk, mine.id), 404, 'not_found');

  const receipt = await submit(hall, person, draft.id, json(saved).revision);
  t.equal(receipt.statusCode, 200, receipt.body);
  await waitFor(
    'the station’s staff may open the file',
    async () => (await link(materials.app, clerk, mine.id)).statusCode === 201,
  );
  expectProblem(t, await link(materials.app, elsewhere, mine.id), 404, 'not_found');

  // A result file uploaded by the approver reaches the applicant on completion.
  const approverCaller = await materials.tokens.staff('yuzhong', ['approver']);
  const approver = await hall.tokens.staff('yuzhong', ['approver'], { id: approverCaller.id });
  const admin = await hall.tokens.staff('yuzhong', ['station_admin']);
  const result = await uploaded(t, materials.app, approverCaller, {
    filename: '决定书.pdf',
    content: pdf(),
  });
  await act(hall, admin.auth, 'yuzhong', draft.id, 'prereview');
  await act(hall, admin.auth, 'yuzhong', draft.id, 'accept');
  const completed = await act(hall, approver.auth, 'yuzhong', draft.id, 'complete', {
    outcome: 'approved',
    resultFileIds: [result.id],
  });
  t.equal(completed.statusCode, 200, completed.body);
  await waitFor(
    'the applicant may open the result',
    async () => (await link(materials.app, uploader, result.id)).statusCode === 201,
  );
  t.pass('granted through FilesAttached');
});
