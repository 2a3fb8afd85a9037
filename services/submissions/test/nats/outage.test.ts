import {
  ApplicationSubmittedSchema,
  FilesAttachedSchema,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { startNatsServer } from '@hall/platform/testing';
import t from 'tap';
import { completeDraft, seedItem, submit } from '../fixtures';
import { buildTestHall, ownerSql, streamEvents, waitFor } from '../helper';

t.test('submitting works while NATS is down; the events follow once it is back', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.dispose());
  const hall = await buildTestHall(t, { natsUrl: nats.url });
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);
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
  const res = await submit(hall, person, draft.id, draft.revision);
  t.equal(res.statusCode, 200, `submitted without NATS: ${res.body.slice(0, 200)}`);
  const { serial } = res.json<{ serial: string }>();
  const [row] = await owner`select state, serial from applications where id = ${draft.id}`;
  t.same({ ...row }, { state: 'submitted', serial }, 'committed');
  const waiting = await owner`select type from outbox order by id`;
  t.same(
    waiting.map((r) => r.type).sort(),
    [ApplicationSubmittedSchema.typeName, FilesAttachedSchema.typeName].sort(),
    'the events wait in the outbox',
  );

  await nats.restart();
  const submitted = await waitFor(
    'ApplicationSubmitted in the stream',
    async () => {
      const list = await streamEvents(hall.bus, ApplicationSubmittedSchema).catch(() => []);
      return list.length > 0 ? list : null;
    },
    30_000,
  );
  t.equal(submitted.length, 1, 'published once');
  t.equal(submitted[0]!.message.application?.serial, serial);
  await waitFor('the outbox to drain', async () => {
    const [n] = await owner`select count(*)::int as n from outbox`;
    return n!.n === 0;
  });
  t.equal((await streamEvents(hall.bus, FilesAttachedSchema)).length, 1, 'FilesAttached too');
});
