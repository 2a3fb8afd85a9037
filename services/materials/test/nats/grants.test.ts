import { enqueueEvent, type HallApp } from '@hall/platform';
import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import {
  FilesAttachedSchema,
  type FilesAttached,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { jpeg, pdf } from '../fixtures';
import {
  buildTestMaterials,
  expectProblem,
  link,
  ownerSql,
  streamEvents,
  testBus,
  uploaded,
  waitFor,
  type Caller,
} from '../helper';

/**
 * Publish a FilesAttached event the way submissions does: written to an outbox in a transaction,
 * relayed to JetStream with its event id. The materials database's own outbox and relay serve.
 */
async function attach(
  app: HallApp,
  namespace: string,
  message: MessageInitShape<typeof FilesAttachedSchema> & { station: string },
): Promise<string> {
  const id = await app.database.transaction((tx) =>
    enqueueEvent(tx, namespace, {
      station: message.station,
      domain: 'submissions',
      event: 'files_attached',
      schema: FilesAttachedSchema,
      message,
    }),
  );
  app.materials.afterCommit();
  return id;
}

const event = (
  station: string,
  owner: Caller,
  applicant: Caller,
  fileIds: string[],
  applicationId = uuidv7(),
): MessageInitShape<typeof FilesAttachedSchema> & { station: string } => ({
  applicationId,
  station,
  ownerKind: owner.kind,
  ownerId: owner.id,
  applicantKind: applicant.kind,
  applicantId: applicant.id,
  fileIds,
});

t.test(
  'FilesAttached grants the applicant and the station’s handling staff, nobody else',
  async (t) => {
    const { app, tokens, config, databaseUrl } = await buildTestMaterials(t);
    const sql = ownerSql(t, databaseUrl);
    const applicant = await tokens.person();
    const file = await uploaded(t, app, applicant, { filename: '身份证.jpg', content: jpeg() });
    const notAttached = await uploaded(t, app, applicant, { filename: '其他.pdf', content: pdf() });
    const clerk = await tokens.staff('yuzhong', ['clerk']);
    const approver = await tokens.staff('yuzhong', ['approver']);
    const editor = await tokens.staff('yuzhong', ['editor']);
    const elsewhere = await tokens.staff('jiangbei', ['clerk', 'approver', 'station_admin']);

    expectProblem(t, await link(app, clerk, file.id), 404, 'not_found');

    const applicationId = uuidv7();
    await attach(
      app,
      config.BUS_NAMESPACE,
      event('yuzhong', applicant, applicant, [file.id], applicationId),
    );
    await waitFor(
      'the grant',
      async () => (await sql`select 1 from file_grants where file_id = ${file.id}`).length > 0,
    );
    const grants =
      await sql`select station, case_kind, application_id, applicant_kind, applicant_id from file_grants`;
    t.same(grants, [
      {
        station: 'yuzhong',
        case_kind: 'application',
        application_id: applicationId,
        applicant_kind: 'person',
        applicant_id: applicant.id,
      },
    ]);

    for (const staff of [clerk, approver]) {
      const res = await link(app, staff, file.id);
      t.equal(res.statusCode, 201, `handling staff of the station (${staff.id})`);
      const download = await app.inject({ method: 'GET', url: res.json<{ url: string }>().url });
      t.same(download.rawPayload, jpeg(), 'and download it');
      const info = await app.inject({
        method: 'GET',
        url: `/files/${file.id}`,
        headers: staff.headers,
      });
      t.equal(info.statusCode, 200);
    }
    expectProblem(t, await link(app, editor, file.id), 404, 'not_found');
    expectProblem(t, await link(app, elsewhere, file.id), 404, 'not_found');
    // The letters desk answers letters; an application's materials are not theirs to read.
    const desk = await tokens.staff('yuzhong', ['letters']);
    expectProblem(t, await link(app, desk, file.id), 404, 'not_found');
    expectProblem(
      t,
      await app.inject({ method: 'GET', url: `/files/${file.id}`, headers: elsewhere.headers }),
      404,
      'not_found',
    );
    expectProblem(t, await link(app, clerk, notAttached.id), 404, 'not_found');

    // Each staff view of the applicant's material is audited, with no personal data.
    const bus = await testBus(t, config);
    const viewed = await waitFor('two audit records', async () => {
      const records = (await streamEvents(bus, AuditRecordedSchema)).filter(
        (e) => e.message.event === 'materials.file.viewed',
      );
      return records.length === 2 ? records : null;
    });
    for (const record of viewed) {
      t.equal(record.subject, `${config.BUS_NAMESPACE}.evt.yuzhong.materials.audit_recorded`);
      t.match(record.message, { targetKind: 'file', targetId: file.id, actorKind: 'staff' });
      t.same(JSON.parse(record.message.detailsJson), { applicationId });
    }
    t.same(viewed.map((r) => r.message.actorId).sort(), [clerk.id, approver.id].sort());
  },
);

t.test('staff result files: the applicant may download them once attached', async (t) => {
  const { app, tokens, config, databaseUrl } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const applicant = await tokens.unit();
  const approver = await tokens.staff('jiangbei', ['approver']);
  const result = await uploaded(t, app, approver, {
    filename: '准予许可决定书.pdf',
    content: pdf(),
  });
  expectProblem(t, await link(app, applicant, result.id), 404, 'not_found');

  await attach(app, config.BUS_NAMESPACE, event('jiangbei', approver, applicant, [result.id]));
  await waitFor(
    'the grant',
    async () => (await sql`select 1 from file_grants where file_id = ${result.id}`).length > 0,
  );
  t.equal((await link(app, applicant, result.id)).statusCode, 201, 'the applicant');
  const colleague = await tokens.staff('jiangbei', ['clerk']);
  t.equal((await link(app, colleague, result.id)).statusCode, 201, 'a colleague of the station');
  const library = await app.inject({ method: 'GET', url: '/library', headers: applicant.headers });
  t.same(library.json<{ items: unknown[] }>().items, [], 'not in the applicant’s library');
});

t.test('an event cannot grant someone else’s file; repeats add nothing', async (t) => {
  const { app, tokens, config, databaseUrl } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const victim = await tokens.person();
  const applicant = await tokens.person();
  const victimFile = await uploaded(t, app, victim, { filename: '他人.pdf', content: pdf() });
  const own = await uploaded(t, app, applicant, { filename: '本人.pdf', content: pdf() });

  const applicationId = uuidv7();
  const message = event(
    'yuzhong',
    applicant,
    applicant,
    [own.id, victimFile.id, 'not-a-uuid'],
    applicationId,
  );
  await attach(app, config.BUS_NAMESPACE, message);
  await attach(app, config.BUS_NAMESPACE, message);
  const processed = await waitFor('both events processed', async () => {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from processed_events where consumer = 'materials-grants'`;
    return row!.n === 2 ? row : null;
  });
  t.ok(processed);
  const grants = await sql<{ file_id: string }[]>`select file_id from file_grants`;
  t.same(
    grants.map((g) => g.file_id),
    [own.id],
    'only the owner’s file, once',
  );
  expectProblem(t, await link(app, applicant, victimFile.id), 404, 'not_found');

  // An event whose payload names another station than its subject grants nothing.
  const crossing: FilesAttached = {
    ...(message as FilesAttached),
    applicationId: uuidv7(),
    station: 'jiangbei',
  };
  await app.database.transaction((tx) =>
    enqueueEvent(tx, config.BUS_NAMESPACE, {
      station: 'yuzhong',
      domain: 'submissions',
      event: 'files_attached',
      schema: FilesAttachedSchema,
      message: crossing,
    }),
  );
  app.materials.afterCommit();
  await waitFor('the third event processed', async () => {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from processed_events where consumer = 'materials-grants'`;
    return row!.n === 3;
  });
  t.equal((await sql`select 1 from file_grants`).length, 1, 'still one grant');
});
