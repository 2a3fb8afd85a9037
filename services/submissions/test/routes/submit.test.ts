import {
  ApplicationSubmittedSchema,
  FilesAttachedSchema,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import t from 'tap';
import { completeDraft, seedItem, submit } from '../fixtures';
import { buildTestHall, ownerSql, streamEvents, waitFor } from '../helper';

t.test('a double click or a retried request makes exactly one submission', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall);
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'yuzhong', item);

  const results = await Promise.all(
    Array.from({ length: 6 }, () => submit(hall, person, draft.id, draft.revision)),
  );
  t.same(
    results.map((r) => r.statusCode),
    [200, 200, 200, 200, 200, 200],
    'every request gets the receipt',
  );
  const receipts = results.map((r) => r.json<{ serial: string; queryPassword: string }>());
  t.equal(new Set(receipts.map((r) => r.serial)).size, 1, 'one serial');
  t.equal(new Set(receipts.map((r) => r.queryPassword)).size, 1, 'one query password');

  // Later, with a stale If-Match, still the same receipt.
  const later = await submit(hall, person, draft.id, 1);
  t.equal(later.statusCode, 200);
  t.equal(later.json().serial, receipts[0]!.serial);

  const owner = ownerSql(t, hall.databaseUrl);
  const [transitions] =
    await owner`select count(*)::int as n from transitions where action = 'submit'`;
  t.equal(transitions!.n, 1, 'one transition');
  const [counter] = await owner`select last from serial_counters`;
  t.equal(counter!.last, 1, 'one number handed out');
  const submittedEvents = await waitFor('the event', async () => {
    const list = await streamEvents(hall.bus, ApplicationSubmittedSchema);
    return list.length > 0 ? list : null;
  });
  await waitFor('the outbox to drain', async () =>
    (await hall.app.inject({ url: '/metrics' })).body.includes(
      'hall_outbox_pending_events{service="submissions"} 0',
    ),
  );
  t.equal(
    (await streamEvents(hall.bus, ApplicationSubmittedSchema)).length,
    1,
    'one ApplicationSubmitted',
  );
  t.equal(submittedEvents[0]!.message.application?.serial, receipts[0]!.serial);
});

t.test('serials: per station and day, a special zone gets its own prefix', async (t) => {
  const hall = await buildTestHall(t);
  const zone = await seedItem(hall, 'liangjiang');
  const district = await seedItem(hall, 'yuzhong');
  const person = await hall.tokens.person();
  hall.clock.set('2026-12-31T15:59:00Z'); // 23:59 in Chongqing
  const serials: string[] = [];
  for (const [station, item] of [
    ['liangjiang', zone],
    ['liangjiang', zone],
    ['yuzhong', district],
  ] as const) {
    const draft = await completeDraft(hall, person, station, item);
    serials.push((await submit(hall, person, draft.id, draft.revision)).json().serial);
  }
  hall.clock.set('2026-12-31T16:00:00Z'); // midnight: 2027-01-01
  const draft = await completeDraft(hall, person, 'liangjiang', zone);
  serials.push((await submit(hall, person, draft.id, draft.revision)).json().serial);
  t.same(serials, [
    '50090120261231000001',
    '50090120261231000002',
    '50010320261231000001',
    '50090120270101000001',
  ]);
});

t.test('a disabled station takes no submissions', async (t) => {
  const hall = await buildTestHall(t);
  const item = await seedItem(hall, 'jiangbei');
  const person = await hall.tokens.person();
  const draft = await completeDraft(hall, person, 'jiangbei', item);
  const owner = ownerSql(t, hall.databaseUrl);
  await owner`update stations set enabled = false where key = 'jiangbei'`;
  const res = await submit(hall, person, draft.id, draft.revision);
  t.equal(res.statusCode, 404);
  const [row] = await owner`select state from applications where id = ${draft.id}`;
  t.equal(row!.state, 'draft', 'still a draft');
  await owner`update stations set enabled = true where key = 'jiangbei'`;
  t.equal((await submit(hall, person, draft.id, draft.revision)).statusCode, 200);
  const files = await waitFor('FilesAttached', async () => {
    const list = await streamEvents(hall.bus, FilesAttachedSchema);
    return list.length > 0 ? list : null;
  });
  t.equal(files[0]!.subject.split('.')[2], 'jiangbei', 'on the station’s subject');
});
