import t from 'tap';
import { decisiveWords, orderRanked, type RankedItem } from '../../src/domain/search';

t.test('only the words that can decide are searched, rarest first', async (t) => {
  // 港口 is rare (one name), 经营 and 许可 common: an item without 港口 cannot reach 0.55.
  t.same(decisiveWords(['港口', '经营', '许可'], [3.4, 1.0, 0.5], 0.55), ['港口']);
  t.same(
    decisiveWords(['港口', '经营', '许可'], [1.2, 1.0, 0.9], 0.55),
    ['港口', '经营'],
    'words of like rarity: enough of them that the rest cannot reach the floor',
  );
  t.same(decisiveWords(['许可'], [0.4], 0.55), ['许可'], 'a single word always decides');
});

const item = (over: Partial<RankedItem> & { id: string; name: string }): RankedItem => ({
  parentId: null,
  departmentId: 'd',
  departmentName: '民政局',
  powerType: '07',
  handlingType: 'promised',
  online: false,
  materials: [],
  guide: {
    conditions: '',
    process: '',
    location: '',
    hours: '',
    consultation: '',
    feeCharged: false,
    feeStandard: '',
    visits: 1,
  },
  legalTimeLimit: null,
  promisedTimeLimit: null,
  coverage: 1,
  nameHits: 2,
  ...over,
});

t.test('ties: online, top-level, then the most specific name', async (t) => {
  const names = (list: RankedItem[]) => list.map((i) => i.name);
  t.same(
    names(
      orderRanked(
        [
          item({ id: '1', name: '补领婚姻登记证', parentId: 'p' }),
          item({ id: '2', name: '内地居民结婚登记', parentId: 'p' }),
        ],
        ['结婚', '登记'],
      ),
    ),
    ['内地居民结婚登记', '补领婚姻登记证'],
    'fewest words left out',
  );
  t.same(
    names(
      orderRanked(
        [
          item({ id: '1', name: '甲', coverage: 0.8 }),
          item({ id: '2', name: '乙', online: true }),
          item({ id: '3', name: '丙' }),
        ],
        ['甲'],
      ),
    ),
    ['乙', '丙', '甲'],
    'coverage first, then online',
  );
  const parent = item({ id: 'p', name: '幼儿园、小学和初级中学教师资格认定' });
  const singled = orderRanked(
    [
      parent,
      item({ id: 'a', name: '幼儿园教师资格认定', parentId: 'p' }),
      item({ id: 'b', name: '小学教师资格认定', parentId: 'p', coverage: 0.57 }),
    ],
    ['幼儿', '园', '教师', '资格'],
  );
  t.equal(singled[0]?.id, 'a', 'a sub-item the question singles out comes first');
  const general = orderRanked(
    [
      item({ id: 'p', name: '中等及中等以上学校教师资格认定' }),
      item({ id: 'a', name: '高级中学教师资格认定', parentId: 'p' }),
      item({ id: 'b', name: '中等职业学校教师资格认定', parentId: 'p' }),
    ],
    ['教师', '资格', '认定'],
  );
  t.equal(general[0]?.id, 'p', 'no sub-item singled out: the parent');
});
