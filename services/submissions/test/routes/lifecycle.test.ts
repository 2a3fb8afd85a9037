import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  ApplicantType,
  ApplicationCompletedSchema,
  ApplicationState,
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
  FilesAttachedSchema,
  Outcome,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { toBinary } from '@bufbuild/protobuf';
import t from 'tap';
import { PASSWORD_ALPHABET } from '../../src/domain/submit';
import {
  act,
  json,
  newDraft,
  patch,
  PERSON_BASIC,
  seedItem,
  submit,
  VALID_ANSWERS,
  type AppView,
} from '../fixtures';
import { buildTestHall, ownerSql, streamEvents, waitFor } from '../helper';
import { pdfText } from '../pdf-text';

interface Detail extends AppView {
  step: string;
  basic: Record<string, string | null>;
  answers: Record<string, unknown>;
  materials: Array<{
    materialId: string;
    provision: string | null;
    files: Array<{ id: string; name: string }>;
  }>;
  item: { form: object | null; materials: unknown[]; version: number };
  timeline: Array<{
    action: string;
    stateLabel: string;
    actor: { kind: string; roleLabel: string | null; id?: string };
    opinion: string | null;
  }>;
  actions: string[];
  dueAt: string | null;
  prereviewDueAt: string | null;
  result: {
    files: Array<{ id: string }>;
    licence: { number: string } | null;
    fees: { total: number; paid: boolean } | null;
  };
  outcome: string | null;
  availableActions?: string[];
}

t.test('an application from draft to 办结 through HTTP', async (t) => {
  const hall = await buildTestHall(t);
  const { app, tokens, materials, clock } = hall;
  const item = await seedItem(hall, 'yuzhong');
  const person = await tokens.person();

  // 在线申报 on Monday 2026-09-28, 10:00 in Chongqing.
  clock.set('2026-09-28T02:00:00Z');
  const draft = await newDraft(hall, person, 'yuzhong', item.itemId);
  const d0 = draft as Detail;
  t.equal(d0.state, 'draft');
  t.equal(d0.step, 'notice');
  t.equal(d0.serial, null, 'no serial before submission');
  t.equal(d0.item.materials.length, 4, 'the version’s materials come with the draft');
  t.ok(d0.item.form, 'and its business form');
  t.same(
    d0.materials.find((m) => m.materialId === item.m.window)?.provision,
    'window',
    '窗口提交 is marked from the start',
  );
  t.same(d0.actions, ['edit', 'delete', 'submit']);

  // 暂存 step by step.
  const s1 = await patch(hall, person, draft.id, draft.revision, {
    step: 'basic',
    basic: PERSON_BASIC,
  });
  t.equal(s1.statusCode, 200, s1.body);
  t.equal(s1.headers.etag, `"${draft.revision + 1}"`, 'the revision moves on');
  const s2 = await patch(hall, person, draft.id, json(s1).revision, {
    step: 'form',
    answers: { school: '西南大学' },
  });
  t.equal(s2.statusCode, 200, 'partial answers are fine in a draft');
  const idCard = materials.add(person, '身份证正反面.pdf', 300_000);
  const s3 = await patch(hall, person, draft.id, json(s2).revision, {
    step: 'materials',
    answers: { years: VALID_ANSWERS.years, guardianId: VALID_ANSWERS.guardianId },
    materials: [{ materialId: item.m.required, provision: 'upload', fileIds: [idCard] }],
  });
  t.equal(s3.statusCode, 200, s3.body);
  const saved = json<Detail>(s3);
  t.same(saved.answers, VALID_ANSWERS, 'answers merged');
  t.equal(saved.basic.idNumber, PERSON_BASIC.idNumber, 'the applicant sees the ID number in full');
  t.match(
    saved.materials.find((m) => m.materialId === item.m.required)?.files,
    [{ id: idCard, name: '身份证正反面.pdf' }],
    'the file snapshot from materials',
  );

  // Personal data is sealed at rest.
  const owner = ownerSql(t, hall.databaseUrl);
  const [stored] = await owner`select basic, answers from applications where id = ${draft.id}`;
  const rowText = JSON.stringify(stored);
  t.notOk(rowText.includes(PERSON_BASIC.idNumber), 'no plain ID number in the row');
  t.notOk(rowText.includes(PERSON_BASIC.mobile), 'no plain mobile in the row');
  t.notOk(rowText.includes(VALID_ANSWERS.guardianId), 'no plain ID number among the answers');
  t.match(stored!.basic.idNumber, /^v1\./, 'sealed');

  // 提交.
  const submitted = await submit(hall, person, draft.id, saved.revision);
  t.equal(submitted.statusCode, 200, submitted.body);
  const receipt = submitted.json<{
    serial: string;
    queryPassword: string;
    progressUrl: string;
    qrCode?: string;
    applicant: { name: string; idNumberMasked: string; mobileMasked: string };
    materials: Array<{ name: string; provisionLabel: string; files: string[] }>;
  }>();
  t.equal(receipt.serial, '50010320260928000001', 'division code + date + the day’s first number');
  t.match(receipt.queryPassword, new RegExp(`^[${PASSWORD_ALPHABET}]{8}$`));
  t.equal(
    receipt.progressUrl,
    `https://hall.example.cn/yuzhong/progress?serial=${receipt.serial}&password=${receipt.queryPassword}`,
  );
  t.equal(receipt.qrCode, undefined, 'the QR code is drawn for the printed receipt, not here');
  t.equal(receipt.applicant.idNumberMasked, '500103********1232', 'masked on paper');
  t.equal(receipt.applicant.mobileMasked, '138****5678');
  t.same(
    receipt.materials.map((m) => [m.name, m.provisionLabel, m.files]),
    [
      ['居民身份证', '已上传', ['身份证正反面.pdf']],
      ['学历证书', '容缺后补', []],
      ['体检表', '窗口提交', []],
      ['其他材料', '未提供', []],
    ],
    'every material with what was provided',
  );

  const printed = await app.inject({
    url: `/applications/${draft.id}/receipt`,
    headers: person.auth,
  });
  t.equal(printed.statusCode, 200, printed.body);
  const { qrCode, ...facts } = printed.json<{ qrCode: string }>();
  t.same(facts, receipt, 'the printed receipt states what the submit answered');
  t.match(qrCode, /^data:image\/svg\+xml;base64,/);
  t.match(Buffer.from(qrCode.split(',')[1]!, 'base64').toString(), /<svg/);

  const pdf = await app.inject({
    url: `/applications/${draft.id}/receipt.pdf`,
    headers: person.auth,
  });
  t.equal(pdf.statusCode, 200);
  t.equal(pdf.headers['content-type'], 'application/pdf');
  t.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const source = pdf.rawPayload.toString('latin1');
  t.match(source, /\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/, 'the CJK font is embedded');
  const text = pdfText(pdf.rawPayload);
  t.match(text, '申报告知单');
  t.match(text, `申办流水号：${receipt.serial}`);
  t.match(text, `查询密码：${receipt.queryPassword}`);
  t.match(text, '中等及中等以上学校教师资格认定');
  t.notOk(text.includes(PERSON_BASIC.idNumber), 'no full ID number on paper');

  const mine = await app.inject({ url: '/applications', headers: person.auth });
  t.match(mine.json(), {
    total: 1,
    items: [{ id: draft.id, state: 'submitted', stateLabel: '待预审', actions: ['print'] }],
  });

  // The station's clerk finds it in the pre-review queue, masked.
  const clerk = await tokens.staff('yuzhong', ['clerk']);
  const queue = await app.inject({
    url: '/admin/stations/yuzhong/applications?queue=prereview',
    headers: clerk.auth,
  });
  t.equal(queue.statusCode, 200, queue.body);
  t.match(queue.json(), {
    total: 1,
    counts: { prereview: 1, accept: 0, all: 1 },
    items: [
      {
        id: draft.id,
        serial: receipt.serial,
        applicantName: '张三',
        idNumberMasked: '500103********1232',
        mobileMasked: '138****5678',
        overdue: false,
        currentDueAt: '2026-09-30T15:59:59.999Z',
      },
    ],
  });
  const staffView = await app.inject({
    url: `/admin/stations/yuzhong/applications/${draft.id}`,
    headers: clerk.auth,
  });
  const sv = json<Detail>(staffView);
  t.equal(sv.basic.idNumber, PERSON_BASIC.idNumber, 'the handling staff see it in full');
  t.same(sv.availableActions, ['prereview', 'request_supplement', 'not_accept', 'reject']);

  t.equal((await act(hall, clerk.auth, 'yuzhong', draft.id, 'prereview', {})).statusCode, 200);
  // 受理 on Wednesday 2026-09-30: 5 工作日 skip the National Day holiday and count the
  // adjusted workday Saturday 10-10: 10-08, 10-09, 10-10, 10-12, 10-13.
  clock.set('2026-09-30T03:00:00Z');
  const accepted = await act(hall, clerk.auth, 'yuzhong', draft.id, 'accept', {
    opinion: '材料齐全，予以受理',
  });
  t.equal(accepted.statusCode, 200, accepted.body);
  t.equal(json<Detail>(accepted).dueAt, '2026-10-13T15:59:59.999Z');

  const approver = await tokens.staff('yuzhong', ['approver']);
  const resultFile = materials.add({ kind: 'staff', id: approver.id }, '教师资格证书.pdf');
  clock.set('2026-10-12T02:00:00Z');
  const completed = await act(hall, approver.auth, 'yuzhong', draft.id, 'complete', {
    outcome: 'approved',
    opinion: '准予认定',
    resultFileIds: [resultFile],
    licence: {
      name: '教师资格证',
      number: '20265001234',
      issuer: '渝中区教委',
      validFrom: '2026-10-12',
    },
    fees: { items: [{ name: '工本费', amount: 10.5 }], paid: true },
  });
  t.equal(completed.statusCode, 200, completed.body);

  const final = json<Detail>(
    await app.inject({ url: `/applications/${draft.id}`, headers: person.auth }),
  );
  t.equal(final.state, 'completed');
  t.equal(final.outcome, 'approved');
  t.same(
    final.result.files.map((f) => f.id),
    [resultFile],
  );
  t.equal(final.result.licence?.number, '20265001234');
  t.same(final.result.fees, { items: [{ name: '工本费', amount: 10.5 }], total: 10.5, paid: true });
  t.same(
    final.timeline.map((s) => [s.action, s.stateLabel, s.actor.kind, s.actor.roleLabel]),
    [
      ['submit', '待预审', 'applicant', null],
      ['prereview', '待受理', 'staff', '受理人员'],
      ['accept', '已受理', 'staff', '受理人员'],
      ['complete', '办结', 'staff', '审批人员'],
    ],
  );
  t.ok(
    final.timeline.every((s) => s.actor.id === undefined),
    'the applicant never sees staff identities',
  );
  t.same(final.actions, ['evaluate', 'print']);

  // Events, decoded from the stream, carry the masked applicant only.
  const ns = hall.bus.namespace;
  const submittedEvents = await waitFor('ApplicationSubmitted', async () => {
    const list = await streamEvents(hall.bus, ApplicationSubmittedSchema);
    return list.length === 1 ? list : null;
  });
  const ev = submittedEvents[0]!;
  t.equal(ev.subject, `${ns}.evt.yuzhong.submissions.application_submitted`);
  t.match(ev.message.application, {
    applicationId: draft.id,
    serial: receipt.serial,
    itemId: item.itemId,
    applicantType: ApplicantType.PERSON,
    applicantMasked: '张*',
  });
  t.equal(ev.message.resubmission, false);
  const changes = await waitFor('three state changes', async () => {
    const list = await streamEvents(hall.bus, ApplicationStateChangedSchema);
    return list.length === 3 ? list : null;
  });
  t.same(
    changes.map((c) => [c.message.action, c.message.from, c.message.to]),
    [
      ['prereview', ApplicationState.SUBMITTED, ApplicationState.PREREVIEWED],
      ['accept', ApplicationState.PREREVIEWED, ApplicationState.ACCEPTED],
      ['complete', ApplicationState.ACCEPTED, ApplicationState.COMPLETED],
    ],
  );
  const [done] = await waitFor('ApplicationCompleted', async () => {
    const list = await streamEvents(hall.bus, ApplicationCompletedSchema);
    return list.length === 1 ? list : null;
  });
  t.equal(done!.message.outcome, Outcome.APPROVED);
  t.equal(done!.message.onTime, true, 'completed before the due date');
  const attached = await waitFor('two FilesAttached', async () => {
    const list = await streamEvents(hall.bus, FilesAttachedSchema);
    return list.length === 2 ? list : null;
  });
  t.same(
    attached.map((a) => [a.message.ownerKind, a.message.fileIds, a.message.applicantId]),
    [
      ['person', [idCard], person.id],
      ['staff', [resultFile], person.id],
    ],
  );
  for (const event of [...submittedEvents, ...changes, done!]) {
    const bytes = Buffer.from(
      toBinary(
        event.type === ApplicationSubmittedSchema.typeName
          ? ApplicationSubmittedSchema
          : event.type === ApplicationCompletedSchema.typeName
            ? ApplicationCompletedSchema
            : ApplicationStateChangedSchema,
        event.message as never,
      ),
    ).toString('utf8');
    for (const secret of [PERSON_BASIC.name, PERSON_BASIC.idNumber, PERSON_BASIC.mobile])
      t.notOk(bytes.includes(secret), `no ${secret} in ${event.type}`);
  }

  // Every staff action, and the detail view, is in the audit trail.
  const audits = await waitFor('audit records', async () => {
    const list = await streamEvents(
      hall.bus,
      AuditRecordedSchema,
      `${ns}.evt.yuzhong.submissions.`,
    );
    const decisions = list.filter((a) => a.message.event !== 'submissions.application.viewed');
    return decisions.length >= 3 ? list : null;
  });
  const viewed = audits.filter((a) => a.message.event === 'submissions.application.viewed');
  t.ok(viewed.length >= 1, 'viewing the detail is recorded');
  t.ok(
    viewed.every((a) => a.message.targetId === draft.id),
    'with the application as target',
  );
  const decisions = audits.filter((a) => a.message.event !== 'submissions.application.viewed');
  t.same(
    decisions.map((a) => a.message.event),
    [
      'submissions.application.prereviewed',
      'submissions.application.accepted',
      'submissions.application.completed',
    ],
  );
  t.same(
    decisions.map((a) => a.message.actorId),
    [clerk.id, clerk.id, approver.id],
  );
  t.ok(
    audits.every((a) => a.subject === `${ns}.evt.yuzhong.submissions.audit_recorded`),
    'on the station’s audit subject',
  );
  t.ok(
    audits.every(
      (a) =>
        !a.message.detailsJson.includes(PERSON_BASIC.idNumber) &&
        !a.message.detailsJson.includes(PERSON_BASIC.name),
    ),
    'no personal data in audit details',
  );
});
