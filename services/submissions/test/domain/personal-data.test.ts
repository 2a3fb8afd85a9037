import { randomBytes } from 'node:crypto';
import t from 'tap';
import { openAnswers, sealAnswers } from '../../src/domain/personal';
import { PersonalDataCipher } from '@hall/platform';

const key = randomBytes(32).toString('base64');

t.test('business-form answers: ID and phone fields sealed, others kept', async (t) => {
  const cipher = new PersonalDataCipher(key, 'submissions');
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
