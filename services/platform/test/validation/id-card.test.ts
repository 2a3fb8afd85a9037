import t from 'tap';
import {
  birthDateFromIdCard,
  checkIdCardNumber,
  genderFromIdCard,
  ID_CARD_MESSAGES,
  isValidIdCardNumber,
  normalizeIdCardNumber,
} from '../../src/validation/index';
import type { Check } from '../../src/validation/index';

// Independent GB 11643 check-character computation, used only to build valid test numbers.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function withCheck(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`bad test input ${first17}`);
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? NaN), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** 'ok' or the failure code, for compact assertions. */
function code(result: Check): string {
  return result.ok ? 'ok' : result.code;
}

const TODAY = new Date('2024-06-15T04:00:00Z'); // 2024-06-15 12:00 in Chongqing
const at = { today: TODAY };

t.test('known-valid public sample numbers', async (t) => {
  t.equal(code(checkIdCardNumber('11010519491231002X')), 'ok', 'GB 11643 sample (X check)');
  t.equal(code(checkIdCardNumber('11010519491231002x')), 'ok', 'lowercase x is accepted');
  t.same(checkIdCardNumber('11010519491231002X'), { ok: true });
  // 440524188001010014 is the other GB 11643 sample: its checksum is right but it was born in
  // 1880, before the 1900-01-01 lower bound of this project's rule.
  t.equal(withCheck('44052418800101001'), '440524188001010014', 'its check digit is correct');
  t.equal(code(checkIdCardNumber('440524188001010014')), 'id_card.birth_date');
});

t.test('generated valid numbers', async (t) => {
  const id = withCheck('50010319900101123');
  t.equal(code(checkIdCardNumber(id, at)), 'ok');
  t.ok(isValidIdCardNumber(id, at));
  // The masking example from DOMAIN.md is not a valid number: its real check digit is 2.
  t.equal(id, '500103199001011232');
  t.equal(code(checkIdCardNumber('500103199001011234', at)), 'id_card.checksum');

  // Find numbers whose check character is X and 0 and make sure both round-trip.
  const checks = new Set<string>();
  for (let seq = 0; seq < 200 && checks.size < 11; seq++) {
    const n = withCheck(`50010319900101${String(seq).padStart(3, '0')}`);
    checks.add(n.charAt(17));
    t.equal(code(checkIdCardNumber(n, at)), 'ok', n);
  }
  t.equal(checks.size, 11, 'every possible check character was exercised');
});

t.test('required and length', async (t) => {
  t.equal(code(checkIdCardNumber('')), 'id_card.required');
  t.equal(code(checkIdCardNumber('   ')), 'id_card.required');
  t.equal(code(checkIdCardNumber(undefined as unknown as string)), 'id_card.required');
  t.equal(code(checkIdCardNumber(12345 as unknown as string)), 'id_card.required');
  t.equal(code(checkIdCardNumber('50010319900101123')), 'id_card.length', '17 chars');
  t.equal(code(checkIdCardNumber('5001031990010112321')), 'id_card.length', '19 chars');
  t.equal(code(checkIdCardNumber('500103900101123')), 'id_card.length', 'legacy 15-digit');
});

t.test('format', async (t) => {
  t.equal(code(checkIdCardNumber('5001031990010112XX')), 'id_card.format', 'X not last');
  t.equal(code(checkIdCardNumber('X00103199001011232')), 'id_card.format');
  t.equal(code(checkIdCardNumber('50010319900101123Y')), 'id_card.format', 'Y as check');
  t.equal(code(checkIdCardNumber('500103-19900101-12')), 'id_card.format', 'hyphens');
  t.equal(code(checkIdCardNumber('5001031990０101123２')), 'ok', 'full-width digits normalised');
});

t.test('area code (province level)', async (t) => {
  // prettier-ignore
  const valid = [
    '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
    '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
    '65', '71', '81', '82', '83',
  ];
  for (let p = 0; p < 100; p++) {
    const province = String(p).padStart(2, '0');
    const id = withCheck(`${province}0103199001011230`.slice(0, 17));
    const expected = valid.includes(province) ? 'ok' : 'id_card.area';
    t.equal(code(checkIdCardNumber(id, at)), expected, `${province} → ${expected}`);
  }
});

t.test('birth date', async (t) => {
  const born = (yyyymmdd: string) => withCheck(`500103${yyyymmdd}123`);
  const cases: [string, string][] = [
    ['20000229', 'ok'], // leap year (divisible by 400)
    ['20040229', 'ok'], // leap year
    ['19960229', 'ok'],
    ['19000229', 'id_card.birth_date'], // 1900 is not a leap year
    ['20230229', 'id_card.birth_date'], // not a leap year
    ['20000230', 'id_card.birth_date'],
    ['19900431', 'id_card.birth_date'], // April has 30 days
    ['19900430', 'ok'],
    ['19901231', 'ok'],
    ['19900001', 'id_card.birth_date'], // month 00
    ['19901301', 'id_card.birth_date'], // month 13
    ['19900100', 'id_card.birth_date'], // day 00
    ['19900132', 'id_card.birth_date'], // day 32
    ['19000101', 'ok'], // lower bound
    ['18991231', 'id_card.birth_date'], // before 1900
    ['00000000', 'id_card.birth_date'],
    ['20240615', 'ok'], // born "today"
    ['20240616', 'id_card.birth_date'], // tomorrow
    ['20250101', 'id_card.birth_date'], // future
  ];
  for (const [date, expected] of cases) {
    t.equal(code(checkIdCardNumber(born(date), at)), expected, `${date} → ${expected}`);
  }
});

t.test('"today" is the calendar date in China Standard Time', async (t) => {
  const id = withCheck('50010320240701123');
  // 2024-06-30T16:00Z is 2024-07-01 00:00 in Chongqing.
  t.equal(code(checkIdCardNumber(id, { today: new Date('2024-06-30T16:00:00Z') })), 'ok');
  t.equal(
    code(checkIdCardNumber(id, { today: new Date('2024-06-30T15:59:59Z') })),
    'id_card.birth_date',
  );
  // Default "today" is the current time: a 2999 birth date is in the future.
  t.equal(code(checkIdCardNumber(withCheck('50010329990101123'))), 'id_card.birth_date');
  t.equal(code(checkIdCardNumber(withCheck('50010319900101123'))), 'ok');
  // An invalid Date falls back to the current time instead of accepting everything.
  const bad = { today: new Date(Number.NaN) };
  t.equal(code(checkIdCardNumber(withCheck('50010329990101123'), bad)), 'id_card.birth_date');
  t.equal(code(checkIdCardNumber(withCheck('50010319900101123'), bad)), 'ok');
});

t.test('wrong check character', async (t) => {
  const id = withCheck('50010319900101123');
  for (const c of '0123456789X') {
    const candidate = id.slice(0, 17) + c;
    const expected = candidate === id ? 'ok' : 'id_card.checksum';
    t.equal(code(checkIdCardNumber(candidate, at)), expected, `${candidate} → ${expected}`);
  }
  t.equal(code(checkIdCardNumber('110105194912310021')), 'id_card.checksum', 'X replaced by 1');
  // A single transposed digit is detected.
  t.equal(code(checkIdCardNumber('11010519491213002X')), 'id_card.checksum');
});

t.test('failure order: the most specific rule is reported first', async (t) => {
  t.equal(code(checkIdCardNumber('990103199001011234')), 'id_card.area', 'area before checksum');
  t.equal(code(checkIdCardNumber('500103199013011234')), 'id_card.birth_date');
  t.equal(code(checkIdCardNumber('990103199013011234')), 'id_card.area', 'area before date');
  t.equal(code(checkIdCardNumber('99010319901301123A')), 'id_card.format');
});

t.test('messages are the Chinese catalogue entries', async (t) => {
  const result = checkIdCardNumber('110105194912310021');
  t.same(result, {
    ok: false,
    code: 'id_card.checksum',
    message: '身份证号码校验位不正确，请核对后重新输入',
  });
  if (!result.ok) t.equal(result.message, ID_CARD_MESSAGES[result.code]);
  t.equal(Object.isFrozen(result), true);
});

t.test('normalizeIdCardNumber', async (t) => {
  t.equal(normalizeIdCardNumber('11010519491231002x'), '11010519491231002X');
  t.equal(normalizeIdCardNumber(' 110105 19491231 002x\n'), '11010519491231002X');
  t.equal(normalizeIdCardNumber('１１０１０５１９４９１２３１００２ｘ'), '11010519491231002X');
  t.equal(normalizeIdCardNumber('\u3000110105194912310021\u3000'), '110105194912310021');
  t.equal(normalizeIdCardNumber(null as unknown as string), '');
  t.equal(code(checkIdCardNumber(' 110105 19491231 002x ')), 'ok');
});

t.test('birthDateFromIdCard and genderFromIdCard', async (t) => {
  t.equal(birthDateFromIdCard('11010519491231002X'), '1949-12-31');
  t.equal(birthDateFromIdCard('11010519491231002x'), '1949-12-31');
  t.equal(genderFromIdCard('11010519491231002X'), 'female', '17th digit 2 is even');
  const male = withCheck('50010320000229123');
  t.equal(birthDateFromIdCard(male, at), '2000-02-29');
  t.equal(genderFromIdCard(male, at), 'male', '17th digit 3 is odd');
  t.equal(genderFromIdCard(withCheck('50010320000229120'), at), 'female', '0 is even');

  // Nothing is derived from invalid numbers.
  t.equal(birthDateFromIdCard('110105194912310021'), undefined);
  t.equal(genderFromIdCard('110105194912310021'), undefined);
  t.equal(birthDateFromIdCard('440524188001010014'), undefined);
  t.equal(birthDateFromIdCard(''), undefined);
  // The options are passed through.
  const future = withCheck('50010320240701123');
  t.equal(birthDateFromIdCard(future, at), undefined);
  t.equal(birthDateFromIdCard(future, { today: new Date('2024-07-01T00:00:00Z') }), '2024-07-01');
  t.equal(genderFromIdCard(future, { today: new Date('2024-07-01T00:00:00Z') }), 'male');
});
