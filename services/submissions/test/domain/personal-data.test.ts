import { randomBytes } from 'node:crypto';
import t from 'tap';
import { openAnswers, sealAnswers } from '../../src/domain/personal';
import { PersonalDataCipher } from '../../src/domain/personal-data';

const key = randomBytes(32).toString('base64');

t.test('seal and open; tampering and the wrong key are detected', async (t) => {
  const cipher = new PersonalDataCipher(key);
  const a = cipher.seal('500103199001011232');
  const b = cipher.seal('500103199001011232');
  t.match(a, /^v1\.[A-Za-z0-9_-]+$/);
  t.not(a, b, 'a fresh IV every time');
  t.equal(cipher.open(a), '500103199001011232');
  const raw = Buffer.from(a.slice(3), 'base64url');
  raw[raw.length - 1]! ^= 1;
  t.throws(() => cipher.open(`v1.${raw.toString('base64url')}`), 'a flipped bit fails');
  t.throws(
    () => new PersonalDataCipher(randomBytes(32).toString('base64')).open(a),
    'another key fails',
  );
  t.throws(() => new PersonalDataCipher(randomBytes(16).toString('base64')), /32 bytes/);
});

t.test('business-form answers: ID and phone fields sealed, others kept', async (t) => {
  const cipher = new PersonalDataCipher(key);
  const form = {
    type: 'object',
    title: '表',
    properties: {
      name: { type: 'string', title: '姓名', 'x-widget': 'text' },
      id: { type: 'string', title: '身份证号', 'x-widget': 'id-number' },
      phone: { type: 'string', title: '电话', 'x-widget': 'phone' },
      years: { type: 'integer', title: '年', 'x-widget': 'number' },
    },
  } as never;
  const answers = { name: '张三', id: '110101199003074514', phone: '13812345678', years: 3 };
  const stored = sealAnswers(cipher, form, answers);
  t.notOk(JSON.stringify(stored).includes('110101199003074514'));
  t.notOk(JSON.stringify(stored).includes('13812345678'));
  t.equal(stored.name, '张三');
  t.same(openAnswers(cipher, stored), answers);
  t.same(openAnswers(cipher, stored), answers, 'opened without the form that sealed them');
});
