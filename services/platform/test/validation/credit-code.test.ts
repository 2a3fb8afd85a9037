import t from 'tap';
import {
  checkCreditCode,
  CREDIT_CODE_MESSAGES,
  isValidCreditCode,
  normalizeCreditCode,
} from '../../src/validation/index';
import type { Check } from '../../src/validation/index';

// Independent GB 32100 check-character computation, used only to build valid test codes.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function weightedSum(first17: string): number {
  return [...first17].reduce((acc, c, i) => {
    const value = ALPHABET.indexOf(c);
    if (value < 0) throw new Error(`bad test input ${first17}`);
    return acc + value * (WEIGHTS[i] ?? NaN);
  }, 0);
}
function withCheck(first17: string): string {
  if (first17.length !== 17) throw new Error(`bad test input ${first17}`);
  const c = 31 - (weightedSum(first17) % 31);
  return first17 + ALPHABET.charAt(c === 31 ? 0 : c);
}

function code(result: Check): string {
  return result.ok ? 'ok' : result.code;
}

t.test('known-valid codes', async (t) => {
  for (const c of ['91350100M000100Y43', '91110000600037341L']) {
    t.equal(withCheck(c.slice(0, 17)), c, `${c}: check character verified independently`);
    t.equal(code(checkCreditCode(c)), 'ok', c);
    t.ok(isValidCreditCode(c));
  }
  t.same(checkCreditCode('91350100M000100Y43'), { ok: true });
});

t.test('normalisation: case, whitespace, full width', async (t) => {
  t.equal(normalizeCreditCode('91110000600037341l'), '91110000600037341L');
  t.equal(normalizeCreditCode(' 9135 0100 M000 100Y 43\t'), '91350100M000100Y43');
  t.equal(normalizeCreditCode('９１３５０１００Ｍ０００１００Ｙ４３'), '91350100M000100Y43');
  t.equal(normalizeCreditCode(undefined as unknown as string), '');
  t.equal(code(checkCreditCode('91110000600037341l')), 'ok', 'lowercase accepted');
  t.equal(code(checkCreditCode('91350100m000100y43')), 'ok');
  t.equal(code(checkCreditCode(' 9135 0100 M000 100Y 43 ')), 'ok');
  t.equal(code(checkCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')), 'ok');
});

t.test('required and length', async (t) => {
  t.equal(code(checkCreditCode('')), 'credit_code.required');
  t.equal(code(checkCreditCode(' \n ')), 'credit_code.required');
  t.equal(code(checkCreditCode(null as unknown as string)), 'credit_code.required');
  t.equal(code(checkCreditCode('91350100M000100Y4')), 'credit_code.length');
  t.equal(code(checkCreditCode('91350100M000100Y433')), 'credit_code.length');
  t.equal(code(checkCreditCode('M000100Y4')), 'credit_code.length', 'old 9-char 组织机构代码');
});

t.test('charset: I, O, Z, S, V and anything else outside the alphabet', async (t) => {
  for (const bad of ['I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v', '-', '*', '中']) {
    for (const position of [0, 1, 8, 12, 17]) {
      const c = '91350100M000100Y43';
      const candidate = c.slice(0, position) + bad + c.slice(position + 1);
      t.equal(code(checkCreditCode(candidate)), 'credit_code.charset', candidate);
    }
  }
});

t.test('registration authority (1st) and organisation type (2nd)', async (t) => {
  const allowed: Record<string, string> = {
    '1': '1239',
    '2': '19',
    '3': '123459',
    '4': '19',
    '5': '1239',
    '6': '129',
    '7': '129',
    '8': '19',
    '9': '123',
    A: '19',
    N: '1239',
    Y: '1',
  };
  for (const authority of ALPHABET) {
    const types = allowed[authority];
    for (const type of ALPHABET) {
      const c = withCheck(`${authority}${type}500000MA5U0QBN`.padEnd(17, '0').slice(0, 17));
      const expected =
        types === undefined
          ? 'credit_code.registration_authority'
          : types.includes(type)
            ? 'ok'
            : 'credit_code.organization_type';
      t.equal(code(checkCreditCode(c)), expected, `${authority}${type} → ${expected}`);
    }
  }
});

t.test('area code (3rd–8th) must be digits', async (t) => {
  t.equal(code(checkCreditCode(withCheck('91A00000MA5U0QBN6'))), 'credit_code.area');
  t.equal(code(checkCreditCode(withCheck('9150000XMA5U0QBN6'))), 'credit_code.area');
  // Centrally registered organisations use area codes that are not provinces, e.g. 100000.
  t.equal(code(checkCreditCode(withCheck('91100000MA5U0QBN6'))), 'ok');
  t.equal(code(checkCreditCode(withCheck('91000000MA5U0QBN6'))), 'ok');
  t.equal(code(checkCreditCode(withCheck('91500000MA5U0QBNY'))), 'ok', 'body may be letters');
});

t.test('checksum', async (t) => {
  const valid = '91350100M000100Y43';
  for (const c of ALPHABET) {
    const candidate = valid.slice(0, 17) + c;
    const expected = candidate === valid ? 'ok' : 'credit_code.checksum';
    t.equal(code(checkCreditCode(candidate)), expected, `${candidate} → ${expected}`);
  }
  t.equal(code(checkCreditCode('91350100M000010Y43')), 'credit_code.checksum', 'transposition');

  // 31 − (sum mod 31) = 31 must map to check character 0: find a body whose sum is ≡ 0 (mod 31)
  // by varying its 17th character (weight 28 is invertible mod 31, so exactly one fits).
  const body = [...ALPHABET]
    .map((c) => `91500000MA5U0QBN${c}`)
    .find((b) => weightedSum(b) % 31 === 0);
  t.ok(body, 'a body with weighted sum ≡ 0 (mod 31) exists');
  if (body !== undefined) {
    t.equal(code(checkCreditCode(`${body}0`)), 'ok', `${body}0`);
    t.equal(code(checkCreditCode(`${body}1`)), 'credit_code.checksum');
  }
});

t.test('failure order and messages', async (t) => {
  t.equal(code(checkCreditCode('01350100M000100Y4I')), 'credit_code.charset');
  t.equal(code(checkCreditCode('0135010000001000Y4')), 'credit_code.registration_authority');
  t.equal(code(checkCreditCode('9435010000001000Y4')), 'credit_code.organization_type');
  t.equal(code(checkCreditCode('913A010000001000Y4')), 'credit_code.area');
  const result = checkCreditCode('91350100M000100Y44');
  t.same(result, {
    ok: false,
    code: 'credit_code.checksum',
    message: '统一社会信用代码校验位不正确，请核对后重新输入',
  });
  if (!result.ok) t.equal(result.message, CREDIT_CODE_MESSAGES[result.code]);
});
