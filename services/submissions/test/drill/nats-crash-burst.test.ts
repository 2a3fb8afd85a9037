/**
 * Fault drill (issue 5): NATS crashes in the middle of a burst of submissions and comes back
 * while the burst goes on. Every submission must commit exactly once (retries included), and
 * every event must reach the stream exactly once: none lost in the outbox, none published twice
 * by a relay that lost its connection between publishing and recording the acknowledgement.
 */
import {
  ApplicationStateChangedSchema,
  ApplicationSubmittedSchema,
  FilesAttachedSchema,
} from '@hall/proto/hall/submissions/v1/submissions_events_pb';
import { AuditRecordedSchema } from '@hall/proto/hall/audit/v1/audit_events_pb';
import { startNatsServer } from '@hall/platform/testing';
import t from 'tap';
import { act, completeDraft, seedItem, submit, type AppView } from '../fixtures';
import { buildTestHall, ownerSql, streamEvents, waitFor, type Citizen } from '../helper';

const CITIZENS = 12;
const DRAFTS_EACH = 4; // 48 applications
const WAVE = 8; // submissions in flight at once

t.test('NATS crashes and restarts during a burst of submissions', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.dispose());
  const hall = await buildTestHall(t, { natsUrl: nats.url });
  const item = await seedItem(hall);
  const clerk = await hall.tokens.staff('yuzhong', ['clerk']);
  const owner = ownerSql(t, hall.databaseUrl);

  // Drafts need the catalog and materials over NATS: they are made before the drill.
  const drafts: Array<{ who: Citizen; draft: AppView }> = [];
  for (let c = 0; c < CITIZENS; c++) {
    const who = await hall.tokens.person();
    for (let d = 0; d < DRAFTS_EACH; d++)
      drafts.push({ who, draft: await completeDraft(hall, who, 'yuzhong', item) });
  }
  const total = drafts.length;

  const receipts = new Map<string, string>(); // application id → serial
  const failures: string[] = [];
  const submitOne = async ({ who, draft }: (typeof drafts)[number]): Promise<void> => {
    const res = await submit(hall, who, draft.id, draft.revision);
    if (res.statusCode !== 200) {
      failures.push(`${draft.id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return;
    }
    const { serial } = res.json<{ serial: string }>();
    const earlier = receipts.get(draft.id);
    if (earlier && earlier !== serial) failures.push(`${draft.id}: a second serial ${serial}`);
    receipts.set(draft.id, serial);
  };

  const third = Math.floor(total / 3);
  let prereviewed = 0;
  for (let start = 0; start < total; start += WAVE) {
    if (start === 2 * third) {
      // Before NATS is back: staff decide on some applications, a citizen retries submits.
      const decided = drafts.slice(0, 6);
      for (const { draft } of decided) {
        const res = await act(hall, clerk.auth, 'yuzhong', draft.id, 'prereview');
        t.equal(res.statusCode, 200, `prereview while NATS is down (${res.body.slice(0, 120)})`);
        prereviewed++;
      }
      await Promise.all(drafts.slice(third, third + 4).map(submitOne)); // double clicks
      await nats.restart();
    }
    // A wave in flight together, two of its submits also retried at once (double clicks); NATS
    // crashes (SIGKILL, not a clean shutdown) while the first wave of the second third is in
    // flight and the relay is publishing the first third's events.
    const wave = drafts.slice(start, start + WAVE);
    const inFlight = Promise.all([...wave, ...wave.slice(0, 2)].map(submitOne));
    if (start === third) await nats.stop({ kill: true });
    await inFlight;
  }

  t.same(failures, [], 'every submit answered with its receipt, NATS or not');
  t.equal(receipts.size, total, 'a receipt for every application');
  t.equal(new Set(receipts.values()).size, total, 'every serial distinct');

  const rows = await owner`select id, serial, state from applications order by serial`;
  t.equal(rows.length, total, 'exactly one application per draft: no duplicates from retries');
  t.same(
    rows.map((r) => Number(String(r.serial).slice(-6))),
    Array.from({ length: total }, (_, i) => i + 1),
    'serials of the day run 1…N without gaps',
  );
  for (const row of rows) t.equal(receipts.get(row.id as string), row.serial, `receipt = row`);

  await waitFor(
    'the outbox to drain after the restart',
    async () => {
      const [row] = await owner`select count(*)::int as n from outbox`;
      return row!.n === 0;
    },
    60_000,
  );

  const submitted = await streamEvents(hall.bus, ApplicationSubmittedSchema);
  const ids = submitted.map((e) => e.message.application?.applicationId ?? '');
  t.equal(submitted.length, total, 'one ApplicationSubmitted per application in the stream');
  t.equal(new Set(ids).size, total, '… none of them twice');
  t.same(
    new Set(submitted.map((e) => e.message.application?.serial)),
    new Set(receipts.values()),
    '… with the serials the citizens were given',
  );
  const attached = await streamEvents(hall.bus, FilesAttachedSchema);
  t.equal(attached.length, total, 'one FilesAttached per application');
  t.equal(new Set(attached.map((e) => e.message.applicationId)).size, total, '… none twice');
  const changed = await streamEvents(hall.bus, ApplicationStateChangedSchema);
  t.equal(
    changed.filter((e) => e.message.action === 'prereview').length,
    prereviewed,
    'every decision taken while NATS was down reached the stream once',
  );
  const audits = (await streamEvents(hall.bus, AuditRecordedSchema)).filter(
    (e) => e.message.event === 'submissions.application.prereviewed',
  );
  t.equal(audits.length, prereviewed, 'and so did their audit records');
});
