import t from 'tap';
import {
  addWorkdays,
  calendarCovers,
  dueAfter,
  endOfDay,
  isWorkday,
  shanghaiDay,
} from '../src/calendar';

t.test('working days: weekends, holidays and adjusted workdays of 2026', async (t) => {
  t.equal(isWorkday('2026-09-30'), true, 'a Wednesday');
  t.equal(isWorkday('2026-10-03'), false, '国庆 on a Saturday');
  t.equal(isWorkday('2026-10-05'), false, '国庆 on a Monday');
  t.equal(isWorkday('2026-10-10'), true, 'the Saturday worked for 国庆');
  t.equal(isWorkday('2026-10-11'), false, 'a plain Sunday');
  t.equal(isWorkday('2026-02-14'), true, 'the Saturday worked before 春节');
  t.equal(isWorkday('2026-02-16'), false, '春节');
  t.equal(isWorkday('2026-01-04'), true, 'the Sunday worked after 元旦');
  t.equal(isWorkday('2027-02-08'), false, '春节 2027 (statutory)');
  t.equal(isWorkday('2028-03-01'), true, 'outside the calendar: weekdays work');
  t.ok(calendarCovers(2026) && calendarCovers(2027) && !calendarCovers(2028));
});

t.test('time limits count from the next day and end at midnight in Chongqing', async (t) => {
  t.equal(addWorkdays('2026-09-30', 5), '2026-10-13', 'across 国庆 and its adjusted Saturday');
  t.equal(addWorkdays('2026-02-13', 2), '2026-02-24', 'across 春节: 02-14 (worked), 02-24');
  t.equal(addWorkdays('2026-11-06', 1), '2026-11-09', 'a Friday: next Monday');
  // Accepted at 23:30 on 09-30 in Chongqing (15:30 UTC): still 09-30 there.
  t.equal(shanghaiDay(new Date('2026-09-30T15:30:00Z')), '2026-09-30');
  t.equal(shanghaiDay(new Date('2026-09-30T16:30:00Z')), '2026-10-01');
  t.equal(
    dueAfter(new Date('2026-09-30T15:30:00Z'), { value: 5, unit: 'workday' }).toISOString(),
    '2026-10-13T15:59:59.999Z',
  );
  t.equal(
    dueAfter(new Date('2026-09-30T03:00:00Z'), { value: 10, unit: 'day' }).toISOString(),
    '2026-10-10T15:59:59.999Z',
    '自然日 count holidays',
  );
  t.equal(endOfDay('2026-12-31').toISOString(), '2026-12-31T15:59:59.999Z');
});
