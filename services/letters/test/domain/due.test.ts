import t from 'tap';
import { lettersConfig } from '../../src/config';
import { isOverdue, remainingWorkdays, replyDueAt } from '../../src/domain/due';

const config = lettersConfig({
  NATS_URL: 'nats://127.0.0.1:4222',
  LETTERS_DATA_KEY: Buffer.alloc(32).toString('base64'),
  LETTERS_REPLY_WORKDAYS_CONSULTATION: '3',
});

t.test('reply due dates count working days after the day of receipt', async (t) => {
  // Friday 25 September 2026, evening in Chongqing: 中秋 and 国庆 follow, with 调休 days.
  const received = new Date('2026-09-25T12:00:00Z');
  t.equal(
    replyDueAt(config, 'consultation', received).toISOString(),
    // 9-28 Mon, 9-29 Tue, 9-30 Wed: the third working day.
    '2026-09-30T15:59:59.999Z',
  );
  t.equal(
    replyDueAt(config, 'complaint', received).toISOString(),
    // 9-28..30, 10-08, 10-09, 10-10 (Saturday, 调休上班), 10-12..15: the tenth.
    '2026-10-15T15:59:59.999Z',
  );
});

t.test('overdue and the working days left', async (t) => {
  const dueAt = new Date('2026-12-14T15:59:59.999Z'); // Monday 14 December, end of day
  const at = (iso: string) => new Date(iso);
  t.equal(remainingWorkdays({ state: 'received', dueAt }, at('2026-12-07T02:00:00Z')), 5);
  t.equal(
    remainingWorkdays({ state: 'assigned', dueAt }, at('2026-12-12T02:00:00Z')),
    1,
    'Saturday',
  );
  t.equal(
    remainingWorkdays({ state: 'received', dueAt }, at('2026-12-14T15:00:00Z')),
    0,
    'the due day',
  );
  t.equal(remainingWorkdays({ state: 'received', dueAt }, at('2026-12-16T02:00:00Z')), -2);
  t.equal(remainingWorkdays({ state: 'replied', dueAt }, at('2026-12-16T02:00:00Z')), null);
  t.notOk(isOverdue({ state: 'received', dueAt }, at('2026-12-14T15:59:59.999Z')));
  t.ok(isOverdue({ state: 'received', dueAt }, at('2026-12-14T16:00:00Z')));
  t.notOk(isOverdue({ state: 'out_of_scope', dueAt }, at('2026-12-20T16:00:00Z')), 'answered');
});
