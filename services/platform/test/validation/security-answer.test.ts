import t from 'tap';
import { normalizeSecurityAnswer } from '../../src/validation/index';

t.test('equivalent spellings compare equal', async (t) => {
  const groups: string[][] = [
    [
      '北京',
      '北京 ',
      ' 北京',
      '北 京',
      '北\u3000京',
      '\u3000北京\u3000',
      '北\u200b京',
      '\ufeff北京',
    ],
    [
      'beijing',
      'BEIJING',
      'ＢＥＩＪＩＮＧ',
      'ｂｅｉｊｉｎｇ',
      'Bei Jing',
      ' bei\tjing\n',
      'BeiＪing',
    ],
    ['1990', '１９９０', ' 1 9 9 0 '],
    ['é', 'e\u0301', 'É', 'E\u0301'],
    ['张三丰', '张三丰\r\n'],
  ];
  for (const group of groups) {
    const expected = normalizeSecurityAnswer(group[0] ?? '');
    for (const answer of group) {
      t.equal(normalizeSecurityAnswer(answer), expected, JSON.stringify(answer));
    }
  }
  t.equal(normalizeSecurityAnswer('ＢＥＩＪＩＮＧ'), 'beijing');
  t.equal(normalizeSecurityAnswer('北京 '), '北京');
  t.equal(normalizeSecurityAnswer(' Bei Jing '), 'beijing');
});

t.test('different answers stay different', async (t) => {
  t.not(normalizeSecurityAnswer('北京'), normalizeSecurityAnswer('南京'));
  t.not(normalizeSecurityAnswer('beijing'), normalizeSecurityAnswer('beijin'));
  t.not(normalizeSecurityAnswer('1990'), normalizeSecurityAnswer('1991'));
  t.not(normalizeSecurityAnswer('北京'), normalizeSecurityAnswer('北京市'));
});

t.test('empty and odd input', async (t) => {
  t.equal(normalizeSecurityAnswer(''), '');
  t.equal(normalizeSecurityAnswer(' \u3000\t\n'), '');
  t.equal(normalizeSecurityAnswer(undefined as unknown as string), '');
  t.equal(normalizeSecurityAnswer(42 as unknown as string), '');
  t.doesNotThrow(() => normalizeSecurityAnswer('\ud800abc'));
});
