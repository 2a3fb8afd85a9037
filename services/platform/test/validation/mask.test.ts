import t from 'tap';
import {
  maskCreditCode,
  maskIdCardNumber,
  maskMobile,
  maskName,
  maskUnitName,
} from '../../src/validation/index';

t.test('maskIdCardNumber', async (t) => {
  t.equal(maskIdCardNumber('500103199001011234'), '500103********1234');
  t.equal(maskIdCardNumber('11010519491231002x'), '110105********002X', 'normalised to upper');
  t.equal(maskIdCardNumber(' 110105 19491231 002X '), '110105********002X');
  t.equal(maskIdCardNumber('１１０１０５１９４９１２３１００２Ｘ'), '110105********002X');
  t.equal(maskIdCardNumber('500103900101123'), '500103******123', 'legacy 15-digit: date hidden');
  // Anything else is hidden completely.
  t.equal(maskIdCardNumber('12345'), '*****');
  t.equal(maskIdCardNumber('5001031990010112'), '****************', '16 chars');
  t.equal(maskIdCardNumber('5001031990010112345'), '*******************', '19 chars');
  t.equal(maskIdCardNumber('ABCDEFGHIJKLMNOPQR'), '******************', '18 non-digits');
  t.equal(maskIdCardNumber(''), '');
  t.equal(maskIdCardNumber(null), '');
  t.equal(maskIdCardNumber(undefined), '');
});

t.test('maskMobile', async (t) => {
  t.equal(maskMobile('13812345678'), '138****5678');
  t.equal(maskMobile('+86 138-1234-5678'), '138****5678', 'normalised first');
  t.equal(maskMobile('１３８１２３４５６７８'), '138****5678');
  t.equal(maskMobile('1381234'), '*******');
  t.equal(maskMobile('138123456789'), '************');
  t.equal(maskMobile('02363881234'), '023****1234', 'any 11 digits use the same pattern');
  t.equal(maskMobile('abc'), '***');
  t.equal(maskMobile(''), '');
  t.equal(maskMobile(null), '');
});

t.test('maskCreditCode: first 8 and last 2 kept', async (t) => {
  t.equal(maskCreditCode('91350100M000100Y43'), '91350100********43');
  t.equal(maskCreditCode('91110000600037341l'), '91110000********1L');
  t.equal(maskCreditCode(' 9135 0100 M000 100Y 43 '), '91350100********43');
  t.equal(maskCreditCode('91350100M000100Y4'), '*****************', 'wrong length');
  t.equal(maskCreditCode('91350100M0001O0Y43'), '******************', 'letter O not in alphabet');
  t.equal(maskCreditCode(''), '');
  t.equal(maskCreditCode(undefined), '');
});

t.test('maskName: first character kept', async (t) => {
  t.equal(maskName('张三'), '张*');
  t.equal(maskName('欧阳娜娜'), '欧***');
  t.equal(maskName('李小龙'), '李**');
  t.equal(maskName('张'), '*', 'a one-character name is hidden completely');
  t.equal(maskName(' 李四 '), '李*', 'trimmed');
  t.equal(maskName('阿卜杜·热合曼'), '阿******');
  t.equal(maskName('𠀾三'), '𠀾*', 'supplementary-plane character kept whole');
  t.equal(maskName('王𠀾'), '王*', 'supplementary-plane character masked as one');
  t.equal(maskName('José'), 'J***');
  t.equal(maskName('Jose\u0301'), 'J***', 'combining mark counts with its letter');
  t.equal(maskName(''), '');
  t.equal(maskName('   '), '');
  t.equal(maskName(null), '');
});

t.test('maskUnitName: first two characters + 某某 + organisational suffix', async (t) => {
  const cases: [string, string][] = [
    ['重庆某某科技有限公司', '重庆某某有限公司'],
    ['重庆长安汽车股份有限公司', '重庆某某股份有限公司'],
    ['重庆市渝中区小面餐饮管理有限责任公司', '重庆某某有限责任公司'],
    ['重庆华为技术(重庆)有限公司', '重庆某某有限公司'],
    ['中国建设银行股份有限公司重庆市分行', '中国某某分行'],
    ['重庆某某科技有限公司渝北分公司', '重庆某某分公司'],
    ['重庆市软件行业协会', '重庆某某协会'],
    ['重庆市大数据应用发展管理中心', '重庆某某中心'],
    ['重庆某某律师事务所', '重庆某某律师事务所'],
    ['重庆某某股权投资基金合伙企业（有限合伙）', '重庆某某合伙企业（有限合伙）'],
    ['重庆某某投资中心(有限合伙)', '重庆某某中心(有限合伙)'],
    ['重庆某某会计师事务所（特殊普通合伙）', '重庆某某会计师事务所（特殊普通合伙）'],
    ['渝中区张记小面店', '渝中某某店'],
    ['重庆市渝中区人民政府', '重庆某某人民政府'],
    ['重庆火锅', '重庆某某', 'no known suffix'],
    ['  重庆某某科技有限公司  ', '重庆某某有限公司', 'trimmed'],
  ].map(([a, b]) => [a ?? '', b ?? ''] as [string, string]);
  for (const [name, expected] of cases) t.equal(maskUnitName(name), expected, name);
});

t.test('maskUnitName: short and odd names never reveal more than half', async (t) => {
  const cases: [string, string][] = [
    ['重庆公司', '重某某公司'], // two chars before the suffix: only one shown
    ['渝A店', '渝某某店'],
    ['A公司', '某某公司'], // one char before the suffix: none shown
    ['有限公司', '有某某公司'], // the whole name cannot be a suffix
    ['公司', '公某某'],
    ['重庆市人民政府', '重某某人民政府'],
    ['ABC', 'A某某'],
    ['AB', 'A某某'],
    ['张', '某某'],
    ['(有限合伙)', '(有某某'],
    ['', ''],
    ['   ', ''],
  ];
  for (const [name, expected] of cases) t.equal(maskUnitName(name), expected, name);
  t.equal(maskUnitName(null), '');
  t.equal(maskUnitName(undefined), '');
  t.equal(maskUnitName('𠀾𠀾𠀾𠀾有限公司'), '𠀾𠀾某某有限公司', 'supplementary-plane characters');
});

t.test('masking is total and hides what it should', async (t) => {
  const inputs: unknown[] = [
    null,
    undefined,
    '',
    ' ',
    0,
    12345678901,
    {},
    [],
    Symbol('x'),
    '\ud800',
    'a\udc00b',
    '😀'.repeat(20),
    'x'.repeat(10_000),
    '\u0000\u0001',
  ];
  const fns = { maskIdCardNumber, maskMobile, maskCreditCode, maskName, maskUnitName };
  for (const [name, fn] of Object.entries(fns)) {
    for (const input of inputs) {
      t.doesNotThrow(
        () => {
          const out = (fn as (s: unknown) => string)(input);
          if (typeof out !== 'string') throw new Error(`${name} returned ${typeof out}`);
        },
        `${name}(${typeof input === 'symbol' ? 'symbol' : JSON.stringify(input)?.slice(0, 20)})`,
      );
    }
  }
  t.equal(maskIdCardNumber(12345678901 as unknown as string), '', 'non-strings give ""');

  // The hidden parts never appear in the output.
  t.notMatch(maskIdCardNumber('500103199001011234'), /19900101/);
  t.notMatch(maskMobile('13812345678'), /1234/);
  t.notMatch(maskCreditCode('91350100M000100Y43'), /M000100/);
  t.notMatch(maskUnitName('重庆某某科技有限公司'), /科技/);
});
