import t from 'tap';
import { searchVector } from '../../src/domain/search';

// Segmentation, filler words and query terms are tested with @hall/platform/search.

t.test('the document vector weighs the name above sub-items above the department', async (t) => {
  const vector = searchVector({
    station: 'cq',
    name: '教师资格认定',
    implCode: 'ABC123',
    basicCode: '000107',
    departmentName: '市教委',
    subItemNames: ['高级中学教师资格认定'],
  });
  t.equal(
    vector,
    "'cq:教师':1A 'cq:资格':2A 'cq:认定':3A 'cq:abc123':4A 'cq:000107':5A 'cq:高级':6B 'cq:中学':7B 'cq:市':8C 'cq:教委':9C",
    'each word once, at its best weight, as a word of the station',
  );
});
