import { enqueueEvent, type HallApp } from '@hall/platform';
import { LetterKind, LetterReceivedSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { jpeg, pdf } from '../fixtures';
import {
  buildTestMaterials,
  expectProblem,
  link,
  ownerSql,
  uploaded,
  waitFor,
  type Caller,
} from '../helper';

/** Publish a LetterReceived event the way the letters service does: outbox, then relay. */
async function receive(
  app: HallApp,
  namespace: string,
  station: string,
  message: MessageInitShape<typeof LetterReceivedSchema>,
): Promise<void> {
  await app.database.transaction((tx) =>
    enqueueEvent(tx, namespace, {
      station,
      domain: 'letters',
      event: 'letter_received',
      schema: LetterReceivedSchema,
      message,
    }),
  );
  app.materials.afterCommit();
}

const letter = (writer: Caller | null, fileIds: string[], letterId = uuidv7()) => ({
  letterId,
  code: '20261200000000000001',
  kind: LetterKind.COMPLAINT,
  writerKind: writer?.kind ?? '',
  writerId: writer?.id ?? '',
  fileIds,
});

async function processed(sql: ReturnType<typeof ownerSql>, n: number): Promise<void> {
  await waitFor(`${n} letter events processed`, async () => {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from processed_events where consumer = 'materials-letter-grants'`;
    return row!.n === n;
  });
}

t.test(
  'LetterReceived grants the writer’s attachments to the letter: the letters desk of the station may download them',
  async (t) => {
    const { app, tokens, config, databaseUrl } = await buildTestMaterials(t);
    const sql = ownerSql(t, databaseUrl);
    const writer = await tokens.person();
    const photo = await uploaded(t, app, writer, { filename: '现场照片.jpg', content: jpeg() });
    const other = await uploaded(t, app, writer, { filename: '未附.pdf', content: pdf() });
    const desk = await tokens.staff('yuzhong', ['letters']);
    const elsewhere = await tokens.staff('jiangbei', ['letters', 'station_admin']);
    const editor = await tokens.staff('yuzhong', ['editor']);
    const clerk = await tokens.staff('yuzhong', ['clerk', 'approver']);
    const admin = await tokens.staff('yuzhong', ['station_admin']);

    expectProblem(t, await link(app, desk, photo.id), 404, 'not_found');

    const letterId = uuidv7();
    await receive(app, config.BUS_NAMESPACE, 'yuzhong', letter(writer, [photo.id], letterId));
    await processed(sql, 1);
    t.same(
      await sql`select file_id, station, case_kind, application_id, applicant_kind, applicant_id from file_grants`,
      [
        {
          file_id: photo.id,
          station: 'yuzhong',
          case_kind: 'letter',
          application_id: letterId,
          applicant_kind: 'person',
          applicant_id: writer.id,
        },
      ],
      'one grant, the letter as its case',
    );

    const res = await link(app, desk, photo.id);
    t.equal(res.statusCode, 201, 'the letters desk of the station gets a link');
    const download = await app.inject({ method: 'GET', url: res.json<{ url: string }>().url });
    t.same(download.rawPayload, jpeg(), 'and downloads the attachment');
    t.equal((await link(app, writer, photo.id)).statusCode, 201, 'the writer keeps access');
    expectProblem(t, await link(app, elsewhere, photo.id), 404, 'not_found');
    expectProblem(t, await link(app, editor, photo.id), 404, 'not_found');
    // Those handling applications do not read letter attachments.
    expectProblem(t, await link(app, clerk, photo.id), 404, 'not_found');
    t.equal((await link(app, admin, photo.id)).statusCode, 201, 'the station admin does');
    expectProblem(t, await link(app, desk, other.id), 404, 'not_found');
  },
);

t.test('a letter event grants only the writer’s stored files; repeats add nothing', async (t) => {
  const { app, tokens, config, databaseUrl } = await buildTestMaterials(t);
  const sql = ownerSql(t, databaseUrl);
  const writer = await tokens.unit();
  const victim = await tokens.person();
  const own = await uploaded(t, app, writer, { filename: '营业执照.pdf', content: pdf() });
  const victimFile = await uploaded(t, app, victim, { filename: '他人.pdf', content: pdf() });

  const message = letter(writer, [own.id, victimFile.id, 'not-a-uuid']);
  await receive(app, config.BUS_NAMESPACE, 'cq', message);
  await receive(app, config.BUS_NAMESPACE, 'cq', message);
  // An anonymous letter names no writer: whatever ids it carries, nothing is granted.
  await receive(app, config.BUS_NAMESPACE, 'cq', letter(null, [victimFile.id]));
  await processed(sql, 3);
  t.same(
    (await sql<{ file_id: string }[]>`select file_id from file_grants`).map((g) => g.file_id),
    [own.id],
    'the writer’s own file, once',
  );
  const desk = await tokens.staff('cq', ['letters']);
  expectProblem(t, await link(app, desk, victimFile.id), 404, 'not_found');
});
