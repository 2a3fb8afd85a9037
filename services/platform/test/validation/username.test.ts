import t from 'tap';
import {
  checkUsername,
  isValidUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from '../../src/validation/index';
import type { Check } from '../../src/validation/index';

function code(result: Check): string {
  return result.ok ? 'ok' : result.code;
}

t.test('valid usernames', async (t) => {
  t.equal(USERNAME_MIN_LENGTH, 4);
  t.equal(USERNAME_MAX_LENGTH, 20);
  for (const u of ['abcd', 'zhang_san01', 'A123', 'Z___', 'a'.repeat(20), 'CqHall2024']) {
    t.equal(code(checkUsername(u)), 'ok', u);
  }
  t.ok(isValidUsername('zhangsan'));
  t.same(checkUsername('zhangsan'), { ok: true });
});

t.test('failures', async (t) => {
  const cases: [string, string][] = [
    ['', 'username.required'],
    ['abc', 'username.length'],
    ['a'.repeat(21), 'username.length'],
    ['张三', 'username.length'],
    ['zhang san', 'username.charset'],
    ['zhang-san', 'username.charset'],
    ['zhang.san', 'username.charset'],
    ['张三abcd', 'username.charset'],
    [' abcd', 'username.charset'],
    ['abcd ', 'username.charset'],
    ['ａｂｃｄ', 'username.charset'], // full-width letters
    ['abçd', 'username.charset'],
    ['1abc', 'username.start'],
    ['_abc', 'username.start'],
    ['13812345678', 'username.start'], // could be mistaken for a mobile number
    ['1ab', 'username.length'], // length before start
    ['1ab-', 'username.charset'], // charset before start
  ];
  for (const [u, expected] of cases)
    t.equal(code(checkUsername(u)), expected, `${u} → ${expected}`);
  t.equal(code(checkUsername(undefined as unknown as string)), 'username.required');
  t.same(checkUsername('1abc'), {
    ok: false,
    code: 'username.start',
    message: '用户名须以英文字母开头',
  });
  t.same(checkUsername('abc'), {
    ok: false,
    code: 'username.length',
    message: '用户名长度应为4至20位',
  });
});
