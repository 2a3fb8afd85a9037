import t from 'tap';
import { v4 as uuidv4 } from 'uuid';
import { checkDefinition } from '../../src/domain/definition';
import { definition, material, TEACHER_FORM } from '../fixtures';

const department = uuidv4();

/** The errors of `overrides` applied to a valid definition, as `field code` strings. */
function errorsOf(overrides: Record<string, unknown>): string[] {
  return checkDefinition({ ...definition(department), ...overrides }).map(
    (e) => `${e.field} ${e.code}`,
  );
}

t.test('a complete definition passes, with or without a business form', async (t) => {
  t.same(checkDefinition(definition(department)), []);
  t.same(checkDefinition(definition(department, { form: TEACHER_FORM as never })), []);
  t.same(
    checkDefinition(
      definition(department, {
        handlingType: 'immediate',
        promisedTimeLimit: null,
        legalTimeLimit: null,
        online: false,
        onlineDepth: null,
        materials: [material({ collection: 'window', media: ['paper'], fileTypes: [], copies: 2 })],
      }),
    ),
    [],
    '即办件, offline, window-only materials',
  );
});

t.test('shape errors name each field with a Chinese message', async (t) => {
  const errors = checkDefinition({
    ...definition(department),
    name: '教',
    powerType: '99',
    serviceObjects: [],
    visits: 9,
    extra: 1,
    departmentId: 'not-a-uuid',
  });
  const fields = errors.map((e) => `${e.field} ${e.code}`);
  t.ok(fields.includes('name schema.minLength'), 'name too short');
  t.ok(fields.includes('powerType schema.enum'), 'unknown power type');
  t.ok(fields.includes('serviceObjects schema.minItems'), 'at least one service object');
  t.ok(fields.includes('visits schema.maximum'), 'visits 0–5');
  t.ok(fields.includes('extra schema.additionalProperties'), 'unknown field');
  t.ok(fields.includes('departmentId schema.format'), 'department id is a UUID');
  t.ok(
    errors.every((e) => /\p{Script=Han}/u.test(e.message)),
    'Chinese messages',
  );
  t.same(
    checkDefinition('not an object').map((e) => e.code),
    ['schema.type'],
  );
});

t.test('the rules between fields', async (t) => {
  t.same(errorsOf({ handlingType: 'promised', promisedTimeLimit: null }), [
    'promisedTimeLimit item.promised_time_limit_required',
  ]);
  t.same(
    errorsOf({
      legalTimeLimit: { value: 10, unit: 'workday' },
      promisedTimeLimit: { value: 20, unit: 'workday' },
    }),
    ['promisedTimeLimit item.promised_exceeds_legal'],
  );
  t.same(
    errorsOf({
      legalTimeLimit: { value: 10, unit: 'workday' },
      promisedTimeLimit: { value: 12, unit: 'day' },
    }),
    [],
    'different units are not compared',
  );
  t.same(errorsOf({ online: true, onlineDepth: null }), ['onlineDepth item.online_depth_required']);
  t.same(errorsOf({ online: false, onlineDepth: 3 }), ['onlineDepth item.online_depth_offline']);
  t.same(errorsOf({ fee: { charged: true, standard: ' ', basis: '' } }), [
    'fee/standard item.fee_standard',
    'fee/basis item.fee_basis',
  ]);
  t.same(errorsOf({ basis: '   ', location: '' }), [
    'basis item.text_required',
    'location item.text_required',
  ]);
  t.same(errorsOf({ name: '  教 ' }), ['name item.name']);
});

t.test('materials', async (t) => {
  const shared = uuidv4();
  t.same(errorsOf({ materials: [material({ id: shared }), material({ id: shared })] }), [
    'materials/1/id material.duplicate_id',
  ]);
  t.same(errorsOf({ materials: [material({ fileTypes: [] })] }), [
    'materials/0/fileTypes material.file_types_required',
  ]);
  t.same(errorsOf({ materials: [material({ media: ['paper'], copies: 1 })] }), [
    'materials/0/media material.upload_not_electronic',
  ]);
  t.same(
    errorsOf({ materials: [material({ collection: 'window', media: ['paper'], copies: 0 })] }),
    ['materials/0/copies material.copies_required'],
  );
  t.same(errorsOf({ materials: [material({ fileTypes: ['PDF'] })] }), [
    'materials/0/fileTypes/0 schema.pattern',
  ]);
  t.same(errorsOf({ materials: [material({ maxSizeMb: 80 })] }), [
    'materials/0/maxSizeMb schema.maximum',
  ]);
  t.same(errorsOf({ materials: [material({ necessity: 'sometimes' as never })] }), [
    'materials/0/necessity schema.enum',
  ]);
});

t.test('the business form is checked by @hall/platform/forms', async (t) => {
  const errors = checkDefinition(
    definition(department, {
      form: {
        type: 'object',
        title: '申请表',
        properties: { age: { type: 'integer', title: '年龄', 'x-widget': 'slider' } },
      } as never,
    }),
  );
  t.ok(errors.length > 0, 'refused');
  t.ok(
    errors.every((e) => e.field.startsWith('form/') && e.code.startsWith('form.')),
    `errors point into the form: ${JSON.stringify(errors)}`,
  );
  t.ok(
    errors.some((e) => e.field.includes('age')),
    'naming the offending field',
  );
});
