import t from 'tap';
import {
  completeDraft,
  json,
  newDraft,
  patch,
  PERSON_BASIC,
  publishNewVersion,
  seedItem,
  submit,
  VALID_ANSWERS,
} from '../fixtures';
import { buildTestHall, expectProblem, expectValidation, ownerSql } from '../helper';
import { material } from '@hall/catalog/test/fixtures';
import { v4 as uuidv4 } from 'uuid';

t.test('a save with bad input changes nothing and says what is wrong', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const stranger = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);
  const owner = ownerSql(t, hall.databaseUrl);
  const snapshot = async () =>
    JSON.stringify(await owner`select * from applications where id = ${draft.id}`);
  const before = await snapshot();

  const shape = await patch(hall, person, draft.id, draft.revision, {
    basic: { legalRepresentative: '李四' },
    answers: { nickname: '小张' },
    materials: [
      { materialId: uuidv4(), provision: 'upload', fileIds: [] },
      { materialId: item.m.window, provision: 'upload', fileIds: [] },
      { materialId: item.m.required, provision: 'none' },
      { materialId: item.m.optional, provision: 'upload', fileIds: [] },
    ],
  });
  const errors = expectValidation(t, shape);
  t.same(
    errors.map((e) => [e.field, e.code]),
    [
      ['basic/legalRepresentative', 'basic.not_applicable'],
      ['answers/nickname', 'answer.unknown_field'],
      ['materials/0/materialId', 'material.unknown'],
      ['materials/1/provision', 'material.provision'],
      ['materials/2/provision', 'material.provision'],
      ['materials/3/fileIds', 'material.no_files'],
    ],
    'every problem at once',
  );

  const notOwned = hall.materials.add(stranger, '别人的身份证.pdf');
  const callsBefore = hall.materials.calls;
  const theirs = await patch(hall, person, draft.id, draft.revision, {
    basic: { name: '张三丰' },
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [notOwned] }],
  });
  expectProblem(t, theirs, 404, 'material_not_found');
  t.equal(hall.materials.calls, callsBefore + 1, 'asked the materials service');

  const unknownFile = await patch(hall, person, draft.id, draft.revision, {
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [uuidv4()] }],
  });
  expectProblem(t, unknownFile, 404, 'material_not_found');

  const badSchema = await patch(hall, person, draft.id, draft.revision, {
    basic: { name: 'x'.repeat(101), extra: 1 },
  });
  expectValidation(t, badSchema);

  const noIfMatch = await hall.app.inject({
    method: 'PATCH',
    url: `/applications/${draft.id}`,
    headers: person.auth,
    payload: { basic: { name: '李四' } },
  });
  expectProblem(t, noIfMatch, 428, 'precondition_required');
  const stale = await patch(hall, person, draft.id, draft.revision - 1, {
    basic: { name: '李四' },
  });
  expectProblem(t, stale, 409, 'edit_conflict');

  t.equal(await snapshot(), before, 'the draft is exactly as it was');
});

t.test('submit lists every problem at once and changes nothing', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await newDraft(hall, person, 'yuzhong', item.itemId);
  const wrongType = hall.materials.add(person, '身份证.docx');
  const tooBig = hall.materials.add(person, '身份证.jpg', 6 * 1024 * 1024);
  const saved = await patch(hall, person, draft.id, draft.revision, {
    basic: { ...PERSON_BASIC, idNumber: '500103199001011233', mobile: '12345678901' },
    answers: { years: 99, guardianId: '123' },
    materials: [
      { materialId: item.m.required, provision: 'upload', fileIds: [wrongType, tooBig] },
      { materialId: item.m.deferrable, provision: 'deferred' },
    ],
  });
  t.equal(saved.statusCode, 200, 'a draft may hold wrong values');
  const owner = ownerSql(t, hall.databaseUrl);
  const snapshot = async () =>
    JSON.stringify(await owner`select * from applications where id = ${draft.id}`);
  const before = await snapshot();

  const res = await submit(hall, person, draft.id, json(saved).revision);
  const errors = expectValidation(t, res);
  t.same(
    errors.map((e) => [e.field, e.code]),
    [
      ['basic/idNumber', 'id_card.checksum'],
      ['basic/mobile', 'mobile.format'],
      ['answers/school', 'answer.required'],
      ['answers/years', 'answer.maximum'],
      ['answers/guardianId', 'id_card.length'],
      [`materials/${item.m.required}`, 'material.file_type'],
      [`materials/${item.m.required}`, 'material.file_size'],
    ],
  );
  t.match(errors.find((e) => e.code === 'material.file_type')?.message, '身份证.docx');

  // Nothing at all without the 必要 material.
  const bare = await newDraft(hall, person, 'yuzhong', item.itemId);
  const bareSaved = await patch(hall, person, bare.id, bare.revision, {
    basic: PERSON_BASIC,
    answers: VALID_ANSWERS,
  });
  const missing = expectValidation(
    t,
    await submit(hall, person, bare.id, json(bareSaved).revision),
  );
  t.same(
    missing.map((e) => [e.field, e.code]),
    [[`materials/${item.m.required}`, 'material.required']],
    'only the missing 必要 material: 容缺后补, 窗口提交 and 非必要 may stay empty',
  );

  t.equal(await snapshot(), before, 'the application is unchanged');
  const [counters] = await owner`select count(*)::int as n from serial_counters`;
  t.equal(counters!.n, 0, 'no serial was handed out');
  const [events] =
    await owner`select count(*)::int as n from outbox where type like 'hall.submissions.%'`;
  t.equal(events!.n, 0, 'no event');
});

t.test('another applicant’s or another station’s application answers 404', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const other = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);

  for (const [method, url] of [
    ['GET', `/applications/${draft.id}`],
    ['PATCH', `/applications/${draft.id}`],
    ['DELETE', `/applications/${draft.id}`],
    ['POST', `/applications/${draft.id}/submit`],
    ['POST', `/applications/${draft.id}/reapply`],
    ['GET', `/applications/${draft.id}/receipt`],
  ] as const) {
    const res = await hall.app.inject({
      method,
      url,
      headers: { ...other.auth, 'if-match': `"${draft.revision}"` },
      ...(method === 'PATCH' ? { payload: { basic: { name: '李四' } } } : {}),
    });
    expectProblem(t, res, 404, 'not_found');
  }
  const list = await hall.app.inject({ url: '/applications', headers: other.auth });
  t.equal(list.json().total, 0, 'not in their list');

  const receipt = await submit(hall, person, draft.id, draft.revision);
  t.equal(receipt.statusCode, 200);
  const jiangbei = await hall.tokens.staff('jiangbei', ['station_admin']);
  expectProblem(
    t,
    await hall.app.inject({
      url: `/admin/stations/jiangbei/applications/${draft.id}`,
      headers: jiangbei.auth,
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await hall.app.inject({
      url: `/admin/stations/yuzhong/applications/${draft.id}`,
      headers: jiangbei.auth,
    }),
    404,
    'not_found',
  );
  expectProblem(
    t,
    await hall.app.inject({ url: `/applications/${draft.id}/receipt`, headers: jiangbei.auth }),
    404,
    'not_found',
  );
  const listed = await hall.app.inject({
    url: '/admin/stations/jiangbei/applications',
    headers: jiangbei.auth,
  });
  t.equal(listed.json().total, 0, 'not in another station’s worklist');
  const citizenAsStaff = await hall.app.inject({
    url: '/admin/stations/yuzhong/applications',
    headers: person.auth,
  });
  expectProblem(t, citizenAsStaff, 403, 'forbidden');
});

t.test('only items applicable online, for the right kind of account', async (t) => {
  const hall = await buildTestHall(t);
  const offline = await seedItem(hall, 'yuzhong', { online: false, onlineDepth: null });
  const personOnly = await seedItem(hall, 'yuzhong', { serviceObjects: ['person'] });
  const legalOnly = await seedItem(hall, 'yuzhong', { serviceObjects: ['legal'] });
  const person = await hall.tokens.person();
  const unit = await hall.tokens.unit();
  const create = (who: typeof person, station: string, itemId: string) =>
    hall.app.inject({
      method: 'POST',
      url: `/stations/${station}/applications`,
      headers: who.auth,
      payload: { itemId },
    });
  expectProblem(t, await create(person, 'yuzhong', offline.itemId), 422, 'item_not_online');
  expectProblem(
    t,
    await create(unit, 'yuzhong', personOnly.itemId),
    422,
    'applicant_kind_mismatch',
  );
  expectProblem(
    t,
    await create(person, 'yuzhong', legalOnly.itemId),
    422,
    'applicant_kind_mismatch',
  );
  expectProblem(t, await create(person, 'yuzhong', uuidv4()), 404, 'item_not_found');
  expectProblem(t, await create(person, 'jiangbei', personOnly.itemId), 404, 'item_not_found');
  expectProblem(t, await create(person, 'wansheng', personOnly.itemId), 404, 'not_found');
  const staff = await hall.tokens.staff('yuzhong', ['clerk']);
  expectProblem(
    t,
    await create({ ...person, auth: staff.auth }, 'yuzhong', personOnly.itemId),
    403,
    'forbidden',
  );
  t.equal(
    (await create(unit, 'yuzhong', legalOnly.itemId)).statusCode,
    201,
    'a unit on a 法人 item',
  );
  const owner = ownerSql(t, hall.databaseUrl);
  const [rows] = await owner`select count(*)::int as n from applications`;
  t.equal(rows!.n, 1, 'only the fitting one was created');
});

t.test('a draft keeps its item version to the end', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);

  // Version 2 demands another 必要 material and another form field.
  const extra = uuidv4();
  await publishNewVersion(hall, 'yuzhong', item, {
    ...item.def,
    materials: [...item.def.materials, material({ id: extra, name: '普通话证书' })],
    form: {
      ...(item.def.form as object),
      required: ['school', 'years', 'mandarin'],
      properties: {
        ...(item.def.form as { properties: object }).properties,
        mandarin: { type: 'string', title: '普通话等级', 'x-widget': 'text' },
      },
      'x-order': ['school', 'years', 'guardianId', 'mandarin'],
    } as never,
  });
  const current = await hall.catalog.app.inject({ url: `/stations/yuzhong/items/${item.itemId}` });
  t.equal(current.json().version, 2, 'version 2 is published');

  const detail = json<{ item: { version: number; materials: unknown[] }; revision: number }>(
    await hall.app.inject({ url: `/applications/${draft.id}`, headers: person.auth }),
  );
  t.equal(detail.item.version, 1, 'the draft still shows version 1');
  t.equal(detail.item.materials.length, 4);
  const res = await submit(hall, person, draft.id, detail.revision);
  t.equal(res.statusCode, 200, 'submit checks against version 1');
  const later = await newDraft(hall, person, 'yuzhong', item.itemId);
  t.equal(
    (later as unknown as { item: { version: number } }).item.version,
    2,
    'a new draft takes version 2',
  );
});

t.test('drafts can be deleted, nothing else', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);
  const del = (id: string, revision: number) =>
    hall.app.inject({
      method: 'DELETE',
      url: `/applications/${id}`,
      headers: { ...person.auth, 'if-match': `"${revision}"` },
    });
  expectProblem(t, await del(draft.id, draft.revision + 5), 409, 'edit_conflict');
  t.equal((await del(draft.id, draft.revision)).statusCode, 204);
  expectProblem(
    t,
    await hall.app.inject({ url: `/applications/${draft.id}`, headers: person.auth }),
    404,
    'not_found',
  );
  const other = await completeDraft(hall, person, 'yuzhong', item);
  const done = await submit(hall, person, other.id, other.revision);
  t.equal(done.statusCode, 200);
  expectProblem(t, await del(other.id, other.revision + 1), 409, 'state_conflict');
  const saved = await patch(hall, person, other.id, other.revision + 1, {
    basic: { name: '李四' },
  });
  expectProblem(t, saved, 409, 'state_conflict');
});
