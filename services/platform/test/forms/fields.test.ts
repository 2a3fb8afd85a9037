import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  answerText,
  checkBusinessForm,
  fieldOptions,
  fieldsInOrder,
  isRegionCode,
  regionName,
  REGIONS,
  type BusinessForm,
} from '../../src/forms/index';
import { everyWidgetForm } from './fixtures';

interface Station {
  name: string;
  kind: string;
  division_code: string | null;
}

t.test('REGIONS are the districts and counties of the station registry', async (t) => {
  const registry = JSON.parse(
    readFileSync(new URL('../../../identity/src/db/stations.json', import.meta.url), 'utf8'),
  ) as { stations: Station[] };
  const expected = registry.stations
    .filter((s) => s.kind !== 'municipality' && s.division_code !== null)
    .map((s) => ({ code: s.division_code, name: s.name }))
    .sort((a, b) => String(a.code).localeCompare(String(b.code)));
  t.same(REGIONS, expected);
  t.equal(REGIONS.length, 38, '26 districts, 8 counties, 4 autonomous counties');
  t.ok(Object.isFrozen(REGIONS));
  t.equal(regionName('500103'), '渝中区');
  t.equal(regionName('500000'), undefined, 'the municipality itself is not a district');
  t.ok(isRegionCode('500243'));
  t.notOk(isRegionCode(500103));
  t.notOk(isRegionCode('两江新区'));
});

t.test('fieldsInOrder follows x-order and marks required fields', async (t) => {
  const result = checkBusinessForm(everyWidgetForm());
  if (!result.ok) throw new Error('fixture');
  const fields = fieldsInOrder(result.form);
  t.same(
    fields.map((f) => f.key),
    result.form['x-order'],
  );
  t.same(
    fields.filter((f) => f.required).map((f) => f.key),
    ['school', 'graduated', 'level', 'idNumber', 'phone', 'region', 'promise'],
  );
  t.equal(fields[0]?.field.title, '毕业学校');
});

t.test('fieldsInOrder tolerates a form still being designed', async (t) => {
  const draft = {
    type: 'object',
    title: '草稿',
    properties: {
      a: { type: 'string', title: 'A', 'x-widget': 'text' },
      b: { type: 'string', title: 'B', 'x-widget': 'text' },
      c: { type: 'string', title: 'C', 'x-widget': 'text' },
    },
    'x-order': ['c', 'ghost', 'c'],
  } as unknown as BusinessForm;
  t.same(
    fieldsInOrder(draft).map((f) => f.key),
    ['c', 'a', 'b'],
  );
  t.same(
    fieldsInOrder({ ...draft, 'x-order': undefined } as unknown as BusinessForm).map((f) => f.key),
    ['a', 'b', 'c'],
  );
});

t.test('options and answers as people read them', async (t) => {
  const result = checkBusinessForm(everyWidgetForm());
  if (!result.ok) throw new Error('fixture');
  const p = result.form.properties;
  t.same(fieldOptions(p.level!), [
    { value: 'kindergarten', label: '幼儿园' },
    { value: 'primary', label: '小学' },
    { value: 'middle', label: '初级中学' },
  ]);
  t.equal(fieldOptions(p.region!).length, 38);
  t.same(fieldOptions(p.school!), []);
  t.equal(answerText(p.level!, 'primary'), '小学');
  t.equal(answerText(p.mandarin!, '2A'), '二级甲等');
  t.equal(answerText(p.region!, '500112'), '渝北区');
  t.equal(answerText(p.promise!, true), '是');
  t.equal(answerText(p.promise!, false), '否');
  t.equal(answerText(p.years!, 4), '4');
  t.equal(answerText(p.school!, undefined), '');
  const unnamed = { ...p.level!, 'x-enumNames': ['幼儿园'] } as typeof p.level & object;
  t.same(fieldOptions(unnamed)[1], { value: 'primary', label: 'primary' }, 'a draft option');
});
