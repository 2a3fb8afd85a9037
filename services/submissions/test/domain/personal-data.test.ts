import { randomBytes } from 'node:crypto';
import t from 'tap';
import { openAnswers, openBasic, sealAnswers, sealBasic } from '../../src/domain/personal';
import { PersonalDataCipher } from '@hall/platform';

const key = randomBytes(32).toString('base64');

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

t.test('business-form answers: ID and phone fields sealed, others kept', async (t) => {
  const cipher = new PersonalDataCipher(key, 'submissions');
  const answers = { name: '张三', id: '110101199003074514', phone: '13812345678', years: 3 };
  const stored = sealAnswers(cipher, form, answers);
  t.notOk(JSON.stringify(stored).includes('110101199003074514'));
  t.notOk(JSON.stringify(stored).includes('13812345678'));
  t.equal(stored.name, '张三');
  t.same(openAnswers(cipher, stored), answers);
  t.same(openAnswers(cipher, stored), answers, 'opened without the form that sealed them');
});

t.test(
  'a change keeps the sealed form of what it left as it was and seals what it changed',
  async (t) => {
    const cipher = new PersonalDataCipher(key, 'submissions');
    const basic = { name: '张三', idNumber: '110101199003074514', mobile: '13812345678' };
    const storedBasic = sealBasic(cipher, basic);
    const nextBasic = sealBasic(
      cipher,
      { ...basic, mobile: '13900001111' },
      { stored: storedBasic, plain: openBasic(cipher, storedBasic) },
    );
    t.equal(
      nextBasic.idNumber,
      storedBasic.idNumber,
      'the unchanged ID number keeps its sealed form',
    );
    t.not(nextBasic.mobile, storedBasic.mobile, 'the changed mobile is sealed anew');
    t.same(openBasic(cipher, nextBasic), { ...basic, mobile: '13900001111' });
    t.not(sealBasic(cipher, basic).idNumber, storedBasic.idNumber, 'without it, sealed anew');

    const answers = { name: '张三', id: '110101199003074514', phone: '13812345678', years: 3 };
    const storedAnswers = sealAnswers(cipher, form, answers);
    const nextAnswers = sealAnswers(
      cipher,
      form,
      { ...answers, phone: '13900001111' },
      { stored: storedAnswers, plain: openAnswers(cipher, storedAnswers) },
    );
    t.same(nextAnswers.id, storedAnswers.id);
    t.notSame(nextAnswers.phone, storedAnswers.phone);
    t.same(openAnswers(cipher, nextAnswers), { ...answers, phone: '13900001111' });
    t.notMatch(JSON.stringify(nextAnswers), '13900001111', 'the changed answer is sealed');
  },
);
