import t from 'tap';
import { graphemes } from '../../src/validation/text';

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const bySegmenter = (value: string) => Array.from(segmenter.segment(value), (s) => s.segment);

t.test(
  'graphemes: every BMP character split directly stands alone, as the segmenter finds',
  async (t) => {
    const disagreeing: string[] = [];
    let direct = 0;
    for (let unit = 0x20; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const value = `张${String.fromCharCode(unit)}a${String.fromCharCode(unit)}`;
      const split = graphemes(value);
      if (split.length === 4) direct++;
      if (split.join('|') !== bySegmenter(value).join('|')) disagreeing.push(unit.toString(16));
    }
    t.same(disagreeing, [], 'no character where the two disagree');
    t.ok(direct > 28_000, `${direct} characters stand alone`);
  },
);

t.test('graphemes: what combines is left to the segmenter', async (t) => {
  for (const value of [
    '𠀀先生',
    'Jose\u0301',
    '👨‍👩‍👧',
    '\u1100\u1161\u11A8',
    'a\r\nb',
    '🇨🇳',
    '葛\uFE00',
    '字\u302A',
  ])
    t.same(graphemes(value), bySegmenter(value), JSON.stringify(value));
  t.equal(graphemes('𠀀先生').length, 3, 'an Extension B character is one');
});
