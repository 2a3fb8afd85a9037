import t from 'tap';
import { queryWords, searchVector, toTsquery, words } from '../../src/domain/search';

t.test('words come from Intl.Segmenter, lower-cased, without punctuation', async (t) => {
  t.same(words('中等及中等以上学校教师资格认定'), [
    '中等',
    '及',
    '以上',
    '学校',
    '教师',
    '资格',
    '认定',
  ]);
  t.same(words('市交通运输委'), ['市', '交通', '运输', '委']);
  t.same(words('ABC-123，（备案）'), ['abc', '123', '备案']);
});

t.test('queries drop filler words and become AND-ed quoted prefix terms', async (t) => {
  t.same(queryWords('交通运输事项'), ['交通', '运输']);
  t.same(queryWords('我要办理教师资格认定有哪些材料'), ['教师', '资格', '认定', '材料']);
  t.equal(toTsquery('交通运输事项'), "'交通':* & '运输':*");
  t.equal(toTsquery('事项'), null, 'nothing left: no keyword filter');
  t.equal(
    toTsquery("o'brien \\ x"),
    "'o''brien':* & 'x':*",
    'quotes are escaped; lone symbols dropped',
  );
});

t.test('the document vector weighs the name above sub-items above the department', async (t) => {
  const vector = searchVector({
    name: '教师资格认定',
    implCode: 'ABC123',
    basicCode: '000107',
    departmentName: '市教委',
    subItemNames: ['高级中学教师资格认定'],
  });
  t.equal(
    vector,
    "'教师':1A '资格':2A '认定':3A 'abc123':4A '000107':5A '高级':6B '中学':7B '市':8C '教委':9C",
    'each word once, at its best weight',
  );
});
