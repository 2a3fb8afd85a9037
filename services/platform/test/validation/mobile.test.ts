import t from 'tap';
import { checkMobile, isValidMobile, normalizeMobile } from '../../src/validation/index';
import type { Check } from '../../src/validation/index';

function code(result: Check): string {
  return result.ok ? 'ok' : result.code;
}

t.test('valid numbers: 1, then 3–9, then 9 digits', async (t) => {
  for (const second of '3456789') {
    const m = `1${second}812345678`;
    t.equal(code(checkMobile(m)), 'ok', m);
  }
  t.ok(isValidMobile('13812345678'));
  t.same(checkMobile('19900000000'), { ok: true });
});

t.test('invalid numbers', async (t) => {
  const cases = [
    '10812345678', // second digit 0
    '11812345678',
    '12812345678',
    '23812345678', // does not start with 1
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '1381234567a',
    '138.1234.5678',
    '02363881234', // Chongqing landline
    '+8602363881234',
    '+8612812345678', // country code stripped only in front of a valid-looking number
  ];
  for (const m of cases) t.equal(code(checkMobile(m)), 'mobile.format', m);
  t.same(checkMobile('12345'), {
    ok: false,
    code: 'mobile.format',
    message: '请输入正确的11位手机号码',
  });
});

t.test('required', async (t) => {
  t.equal(code(checkMobile('')), 'mobile.required');
  t.equal(code(checkMobile('  ')), 'mobile.required');
  t.equal(code(checkMobile(undefined as unknown as string)), 'mobile.required');
});

t.test('normalisation', async (t) => {
  const cases = [
    ' 13812345678 ',
    '138 1234 5678',
    '138-1234-5678',
    '+86 138 1234 5678',
    '+8613812345678',
    '008613812345678',
    '8613812345678',
    '１３８１２３４５６７８', // full-width digits
    '＋８６\u3000１３８１２３４５６７８',
  ];
  for (const m of cases) {
    t.equal(normalizeMobile(m), '13812345678', JSON.stringify(m));
    t.equal(code(checkMobile(m)), 'ok', JSON.stringify(m));
  }
  t.equal(
    normalizeMobile('86138123456'),
    '86138123456',
    'no stripping if 11 digits would not remain',
  );
  t.equal(normalizeMobile(null as unknown as string), '');
});
