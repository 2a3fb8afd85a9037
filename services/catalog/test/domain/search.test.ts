import t from 'tap';
import { searchVector } from '../../src/domain/search';

// Segmentation, filler words and query terms are tested with @hall/platform/search.

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
