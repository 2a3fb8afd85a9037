import { LetterReceivedSchema } from '@hall/proto/hall/letters/v1/letters_events_pb';
import { startNatsServer } from '@hall/platform/testing';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { department, letterBody, submit } from '../fixtures';
import { buildTestLetters, expectProblem, ownerSql, streamEvents, waitFor } from '../helper';

t.test(
  'letters are accepted while NATS is down; their events follow once it is back',
  async (t) => {
    const nats = await startNatsServer();
    t.teardown(() => nats.dispose());
    const hall = await buildTestLetters(t, { natsUrl: nats.url });
    const dept = await department(hall);
    const owner = ownerSql(t, hall.databaseUrl);
    await waitFor('an empty outbox', async () => {
      const [row] = await owner`select count(*)::int as n from outbox`;
      return row!.n === 0;
    });

    await nats.stop();
    await waitFor('the service to notice', async () => {
      const ready = await hall.app.inject({ url: '/readyz' });
      return ready.statusCode === 503;
    });
    const consultation = await submit(hall, 'yuzhong', letterBody('consultation', dept.id));
    t.equal(
      consultation.statusCode,
      201,
      `a consultation to a known department: ${consultation.body.slice(0, 200)}`,
    );
    const complaint = await submit(hall, 'yuzhong', letterBody('complaint'));
    t.equal(complaint.statusCode, 201, 'a complaint');
    expectProblem(
      t,
      await submit(hall, 'yuzhong', letterBody('suggestion', uuidv7())),
      503,
      'upstream_unavailable',
    );
    const waiting = await owner`select type from outbox order by id`;
    t.same(
      waiting.map((r) => r.type),
      [LetterReceivedSchema.typeName, LetterReceivedSchema.typeName],
      'the events wait in the outbox',
    );

    await nats.restart();
    const received = await waitFor(
      'LetterReceived in the stream',
      async () => {
        const list = await streamEvents(hall.bus, LetterReceivedSchema).catch(() => []);
        return list.length === 2 ? list : null;
      },
      30_000,
    );
    t.same(
      received.map((e) => e.message.code),
      [consultation.json().code, complaint.json().code],
      'published once each, in order',
    );
    await waitFor('the outbox to drain', async () => {
      const [n] = await owner`select count(*)::int as n from outbox`;
      return n!.n === 0;
    });
  },
);
