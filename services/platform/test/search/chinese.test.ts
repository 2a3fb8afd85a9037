import t from 'tap';
import {
  queryWords,
  quoteLexeme,
  toTsquery,
  tsqueryTerm,
  weightedVector,
  words,
} from '../../src/search/chinese';

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
  t.same(words('ＡＢＣ１２３'), ['abc123'], 'full-width forms are folded (NFKC)');
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

t.test('query terms: prefix or exact, limited to weights', async (t) => {
  t.equal(tsqueryTerm('教师'), "'教师':*");
  t.equal(tsqueryTerm('证', { prefix: false }), "'证'");
  t.equal(tsqueryTerm('教师', { weights: ['A', 'B'] }), "'教师':*AB");
  t.equal(tsqueryTerm('证', { prefix: false, weights: ['C'] }), "'证':C");
  t.equal(quoteLexeme("a\\'b"), "'a\\\\''b'", 'backslash and quote escaped');
});

t.test('a weighted vector keeps each lexeme once, at its first (highest) weight', async (t) => {
  t.equal(
    weightedVector([
      [['教师', '资格'], 'A'],
      [['教师', '中学', ''], 'B'],
      [["o'k"], 'D'],
    ]),
    "'教师':1A '资格':2A '中学':3B 'o''k':4D",
  );
  t.equal(weightedVector([]), '', 'no words: the empty vector');
});

t.test('a scope keeps a vector’s words and a query’s terms apart from other scopes’', async (t) => {
  t.equal(
    weightedVector(
      [
        [['教师', '资格'], 'A'],
        [["o'k"], 'C'],
      ],
      { scope: 'cq' },
    ),
    "'cq:教师':1A 'cq:资格':2A 'cq:o''k':3C",
  );
  t.equal(toTsquery('交通运输事项', { scope: 'yuzhong' }), "'yuzhong:交通':* & 'yuzhong:运输':*");
  t.equal(toTsquery('事项', { scope: 'cq' }), null, 'no word left, no scope either');
});
