import t from 'tap';
import {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordStrength,
} from '../../src/validation/index';
import type { Check } from '../../src/validation/index';

function code(result: Check): string {
  return result.ok ? 'ok' : result.code;
}

t.test('limits', async (t) => {
  t.equal(PASSWORD_MIN_LENGTH, 8);
  t.equal(PASSWORD_MAX_LENGTH, 64);
});

t.test('passing passwords: any three of the four classes', async (t) => {
  const cases = [
    'Abcdefg1', // upper lower digit, exactly 8
    'abcdef1!', // lower digit symbol
    'ABCDEF1!', // upper digit symbol
    'Abcdefg!', // upper lower symbol
    'Abcdef1!', // all four
    'abcd 1234', // space counts as a symbol
    'Aa1' + 'x'.repeat(61), // exactly 64
  ];
  for (const pw of cases) t.equal(code(checkPassword(pw)), 'ok', pw);
  t.same(checkPassword('Abcdefg1'), { ok: true });
});

t.test('required / too_short / too_long', async (t) => {
  t.equal(code(checkPassword('')), 'password.required');
  t.equal(code(checkPassword(undefined as unknown as string)), 'password.required');
  t.equal(code(checkPassword('Ab1!xyz')), 'password.too_short', '7 chars');
  t.equal(code(checkPassword('a')), 'password.too_short');
  t.equal(code(checkPassword('Aa1' + 'x'.repeat(62))), 'password.too_long', '65 chars');
  t.same(checkPassword('Ab1!'), {
    ok: false,
    code: 'password.too_short',
    message: '密码长度不能少于8位',
  });
  t.same(checkPassword('Aa1!'.repeat(17)), {
    ok: false,
    code: 'password.too_long',
    message: '密码长度不能超过64位',
  });
});

t.test('charset: printable ASCII only', async (t) => {
  const cases = [
    'Abcdefg1你',
    'Ａbcdefg1', // full-width A typed with an IME
    'Abcdefg1\t',
    'Abcdefg1\n',
    'Abcdefg1\u00a0', // no-break space
    'Abcdefg1é',
    'Abcdefg1😀',
  ];
  for (const pw of cases) t.equal(code(checkPassword(pw)), 'password.charset', JSON.stringify(pw));
  t.equal(code(checkPassword('你好你好1')), 'password.too_short', 'length is checked first');
  t.equal(code(checkPassword('😀😀😀😀Ab1')), 'password.too_short', 'counted in code points');
  t.equal(code(checkPassword('A!1 "#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')), 'ok', 'all ASCII symbols');
});

t.test('classes: fewer than three', async (t) => {
  const cases = [
    'abcdefgh',
    'ABCDEFGH',
    '12345678',
    '!!!!!!!!',
    'abcdefg1',
    'ABCD1234',
    '!!!!aaaa',
    'AAAA!!!!',
    'abcdefgh     ',
  ];
  for (const pw of cases) t.equal(code(checkPassword(pw)), 'password.classes', pw);
  t.same(checkPassword('abcdefgh'), {
    ok: false,
    code: 'password.classes',
    message: '密码须包含大写字母、小写字母、数字、符号中的至少三种',
  });
});

t.test('must not contain the username', async (t) => {
  const opts = { username: 'zhangsan' };
  t.equal(code(checkPassword('ZhangSan@2024', opts)), 'password.contains_username');
  t.equal(code(checkPassword('x1!ZHANGSANx', opts)), 'password.contains_username');
  t.equal(code(checkPassword('Zhang@San2024', opts)), 'ok', 'split username is fine');
  t.equal(
    code(checkPassword('ZhangSan@2024', { username: ' ZhangSan ' })),
    'password.contains_username',
  );
  t.equal(code(checkPassword('ZhangSan@2024', { username: '' })), 'ok', 'empty username ignored');
  t.equal(
    code(checkPassword('ZhangSan@2024', { username: '   ' })),
    'ok',
    'blank username ignored',
  );
  t.equal(code(checkPassword('ZhangSan@2024', { username: undefined })), 'ok');
  t.equal(code(checkPassword('ZhangSan@2024', {})), 'ok');
  t.equal(code(checkPassword('zhangsan', opts)), 'password.classes', 'classes reported first');
  t.same(checkPassword('ZhangSan@2024', opts), {
    ok: false,
    code: 'password.contains_username',
    message: '密码不能包含用户名',
  });
});

t.test('passwordStrength', async (t) => {
  t.equal(passwordStrength(''), 'weak');
  t.equal(passwordStrength('abcdefgh'), 'weak', 'fails classes');
  t.equal(passwordStrength('Ab1!'), 'weak', 'too short');
  t.equal(passwordStrength('Abcdefgh1!xy你'), 'weak', 'fails charset');
  t.equal(passwordStrength('Abcdefg1'), 'medium', 'passes, 8 chars');
  t.equal(passwordStrength('Abcdefgh1!x'), 'medium', '4 classes but 11 chars');
  t.equal(passwordStrength('Abcdefghijk1'), 'medium', '12 chars but 3 classes');
  t.equal(passwordStrength('Abcdefgh1!xy'), 'strong', '12 chars, 4 classes');
  t.equal(
    passwordStrength('Zhangsan@2024x', { username: 'zhangsan' }),
    'weak',
    'contains username',
  );
  t.equal(passwordStrength('Zhangsan@2024x', { username: 'lisi' }), 'strong');
  t.equal(passwordStrength(null as unknown as string), 'weak');
});
