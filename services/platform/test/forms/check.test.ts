import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import t from 'tap';
import { Value } from 'typebox/value';
import {
  BusinessFormSchema,
  checkBusinessForm,
  WIDGETS,
  type FormSchemaError,
} from '../../src/forms/index';
import { jsonSchemaComplaint } from '../../src/forms/json-schema';
import { everyWidgetForm } from './fixtures';

setFlagsFromString('--expose-gc');
const run = promisify(execFile);

type Schema = ReturnType<typeof everyWidgetForm>;
type Json = Record<string, unknown>;

/** The errors of a schema changed by `edit` from the valid every-widget form. */
function errorsAfter(edit: (schema: Schema & Json) => void): FormSchemaError[] {
  const schema = everyWidgetForm() as Schema & Json;
  edit(schema);
  const result = checkBusinessForm(schema);
  return result.ok ? [] : result.errors;
}

const field = (schema: Schema, key: string) =>
  (schema.properties as Record<string, Json>)[key] as Json;

const brief = (errors: FormSchemaError[]) => errors.map((e) => `${e.field} ${e.message}`);

t.test('a form with every widget is accepted, copied, and fits the TypeBox schema', async (t) => {
  const schema = everyWidgetForm();
  const result = checkBusinessForm(schema);
  t.ok(result.ok, 'accepted');
  if (!result.ok) return;
  t.same(result.form, schema, 'same content');
  t.not(result.form, schema, 'a copy');
  t.not(result.form.properties, schema.properties, 'a deep copy');
  const widgets = new Set(Object.values(result.form.properties).map((f) => f['x-widget']));
  t.same([...widgets].sort(), [...WIDGETS].sort(), 'every widget is in the example');
  t.ok(Value.Check(BusinessFormSchema, result.form), 'BusinessFormSchema accepts it');
});

t.test('the README example and minimal forms are accepted', async (t) => {
  const readme = {
    type: 'object',
    title: '教师资格认定申请表',
    required: ['school'],
    properties: {
      school: { type: 'string', title: '毕业学校', maxLength: 60, 'x-widget': 'text' },
      region: { type: 'string', title: '户籍所在区县', 'x-widget': 'region' },
    },
    'x-order': ['region', 'school'],
  };
  t.ok(checkBusinessForm(readme).ok);
  const minimal = {
    type: 'object',
    title: '表',
    properties: { agree: { type: 'boolean', title: '同意', 'x-widget': 'checkbox' } },
    'x-order': ['agree'],
  };
  t.ok(checkBusinessForm(minimal).ok, 'no required list, no descriptions');
  t.ok(checkBusinessForm({ ...minimal, required: [] }).ok, 'an empty required list');
});

t.test('not an object', async (t) => {
  for (const schema of [null, 'form', 42, [], undefined]) {
    const result = checkBusinessForm(schema);
    t.same(result.ok ? [] : result.errors, [
      { field: '', code: 'form.not_object', message: '业务表单必须是一个 JSON 对象' },
    ]);
  }
});

t.test('unknown keywords at the top and in fields', async (t) => {
  const errors = errorsAfter((s) => {
    s.$schema = 'http://json-schema.org/draft-07/schema#';
    s.additionalProperties = false;
    field(s, 'school').default = '重庆大学';
    field(s, 'years').exclusiveMinimum = 0;
  });
  t.same(brief(errors), [
    '$schema 不支持的关键字：$schema',
    'additionalProperties 不支持的关键字：additionalProperties',
    'properties.school.default 不支持的关键字：default',
    'properties.years.exclusiveMinimum 不支持的关键字：exclusiveMinimum',
  ]);
  t.ok(errors.every((e) => e.code === 'form.unknown_keyword'));
});

t.test('a keyword of another widget', async (t) => {
  const errors = errorsAfter((s) => {
    field(s, 'phone').maxLength = 11;
    field(s, 'school').format = 'date';
    field(s, 'resume').pattern = '^a';
  });
  t.same(brief(errors), [
    'properties.school.format 单行文字控件（text）不支持关键字 format',
    'properties.resume.pattern 多行文字控件（textarea）不支持关键字 pattern',
    'properties.phone.maxLength 手机号码控件（phone）不支持关键字 maxLength',
  ]);
  t.ok(errors.every((e) => e.code === 'form.keyword_not_allowed'));
});

t.test('the form itself: type, title, description, properties', async (t) => {
  t.same(
    brief(
      errorsAfter((s) => {
        s.type = 'array';
        s.title = '   ';
        (s as Json).description = 7;
      }),
    ),
    ['type 表单的 type 必须是 object', 'title 请填写表单标题', 'description 说明必须是文字'],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        s.title = '表'.repeat(41);
        s.description = '说'.repeat(501);
      }),
    ),
    ['title 表单标题不能超过40个字', 'description 说明不能超过500个字'],
  );
  t.same(
    brief(errorsAfter((s) => (s.title = '𠀀'.repeat(40)))),
    [],
    '40 characters outside the BMP are 40, not 80',
  );
  t.same(
    brief(
      errorsAfter((s) => {
        s.properties = {} as Schema['properties'];
        s.required = [];
        s['x-order'] = [];
      }),
    ),
    ['properties 表单至少需要一个字段'],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        delete (s as Json).properties;
        delete (s as Json)['x-order'];
        delete (s as Json).required;
      }),
    ),
    ['properties 请用 properties 定义表单的字段', 'x-order 请用 x-order 按顺序列出全部字段名'],
  );
});

t.test('at most 60 fields', async (t) => {
  const many = (n: number) => {
    const keys = Array.from({ length: n }, (_, i) => `f${i}`);
    return {
      type: 'object',
      title: '很长的表',
      properties: Object.fromEntries(
        keys.map((k) => [k, { type: 'string', title: k, 'x-widget': 'text' }]),
      ),
      'x-order': keys,
    };
  };
  t.ok(checkBusinessForm(many(60)).ok, '60 fields');
  const result = checkBusinessForm(many(61));
  t.same(result.ok ? [] : brief(result.errors), ['properties 表单最多只能有60个字段']);
});

t.test('field keys', async (t) => {
  for (const key of ['1abc', '_private', 'has-dash', 'has space', '中文', 'a'.repeat(41), '']) {
    const errors = errorsAfter((s) => {
      (s.properties as Json)[key] = { type: 'string', title: '某项', 'x-widget': 'text' };
      s['x-order'].push(key);
    });
    t.equal(errors.length, 1, `${key}: one error`);
    t.equal(errors[0]?.field, `properties.${key}`);
    t.equal(errors[0]?.code, 'form.key');
    t.match(errors[0]?.message, /须以英文字母开头，只含英文字母、数字和下划线，最长40个字符/);
  }
  for (const key of ['a', 'A_1', 'x'.repeat(40), 'constructor']) {
    const errors = errorsAfter((s) => {
      (s.properties as Json)[key] = { type: 'string', title: '某项', 'x-widget': 'text' };
      s['x-order'].push(key);
    });
    t.same(errors, [], `${key} is a good key`);
  }
});

t.test('a field that is not an object, and field titles and help', async (t) => {
  t.same(brief(errorsAfter((s) => ((s.properties as Json).school = 'text'))), [
    'properties.school 字段定义必须是对象',
  ]);
  t.same(
    brief(
      errorsAfter((s) => {
        delete field(s, 'school').title;
        field(s, 'years').title = '年'.repeat(41);
        field(s, 'phone').description = '说'.repeat(201);
        field(s, 'region').description = ['说明'];
      }),
    ),
    [
      'properties.school.title 请填写字段标题',
      'properties.years.title 字段标题不能超过40个字',
      'properties.phone.description 说明不能超过200个字',
      'properties.region.description 说明必须是文字',
    ],
  );
});

t.test('widgets: missing, unknown', async (t) => {
  const errors = errorsAfter((s) => {
    delete field(s, 'school')['x-widget'];
    field(s, 'phone')['x-widget'] = 'tel';
  });
  t.same(brief(errors), [
    'properties.school.x-widget 请用 x-widget 指定控件类型',
    'properties.phone.x-widget 不支持的控件类型：tel（可用：text、textarea、date、select、radio、checkbox、number、id-number、phone、region）',
  ]);
  t.ok(errors.every((e) => e.code === 'form.widget'));
});

t.test('widget and type must agree', async (t) => {
  const errors = errorsAfter((s) => {
    field(s, 'school').type = 'number';
    field(s, 'promise').type = 'string';
    field(s, 'years').type = 'string';
    field(s, 'idNumber').type = 'integer';
    delete field(s, 'region').type;
  });
  t.same(brief(errors), [
    'properties.school.type 单行文字控件（text）的 type 必须是 string',
    'properties.years.type 数字控件（number）的 type 必须是 number 或 integer',
    'properties.idNumber.type 身份证号码控件（id-number）的 type 必须是 string',
    'properties.region.type 区县控件（region）的 type 必须是 string',
    'properties.promise.type 勾选框控件（checkbox）的 type 必须是 boolean',
  ]);
  t.ok(errors.every((e) => e.code === 'form.type'));
});

t.test('a date field needs format date', async (t) => {
  for (const format of [undefined, 'date-time', 'time']) {
    const errors = errorsAfter((s) => {
      if (format === undefined) delete field(s, 'graduated').format;
      else field(s, 'graduated').format = format;
    });
    t.same(errors, [
      {
        field: 'properties.graduated.format',
        code: 'form.format',
        message: '日期控件（date）的 format 必须是 date',
      },
    ]);
  }
});

t.test('select and radio: enum and x-enumNames', async (t) => {
  t.same(
    brief(
      errorsAfter((s) => {
        delete field(s, 'level').enum;
        delete field(s, 'mandarin')['x-enumNames'];
      }),
    ),
    [
      'properties.level.enum 请用 enum 列出选项（至少一个）',
      'properties.mandarin.x-enumNames 请用 x-enumNames 为每个选项写上名称',
    ],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        field(s, 'level').enum = [];
        field(s, 'level')['x-enumNames'] = [];
      }),
    ),
    ['properties.level.enum 请用 enum 列出选项（至少一个）'],
  );
  t.same(brief(errorsAfter((s) => (field(s, 'level')['x-enumNames'] = ['幼儿园', '小学']))), [
    'properties.level.x-enumNames 选项名称有2个，选项值有3个，两者数量必须一致',
  ]);
  const errors = errorsAfter((s) => {
    field(s, 'level').enum = ['kindergarten', 'kindergarten', 3];
    field(s, 'mandarin')['x-enumNames'] = ['一级甲等', '', '一级甲等'];
  });
  t.same(brief(errors), [
    'properties.level.enum.1 选项值重复：kindergarten',
    'properties.level.enum.2 选项值必须是1到64个字的文字',
    'properties.mandarin.x-enumNames.1 选项名称必须是1到40个字的文字',
    'properties.mandarin.x-enumNames.2 选项名称重复：一级甲等',
  ]);
  t.same(
    errors.map((e) => e.code),
    ['form.enum', 'form.enum', 'form.enum_names', 'form.enum_names'],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        const values = Array.from({ length: 101 }, (_, i) => `v${i}`);
        field(s, 'level').enum = values;
        field(s, 'level')['x-enumNames'] = values;
      }),
    ),
    ['properties.level.enum 选项不能超过100个'],
  );
});

t.test('number bounds', async (t) => {
  t.same(
    errorsAfter((s) => (field(s, 'years').minimum = '0')),
    [{ field: 'properties.years.minimum', code: 'form.number', message: '最小值必须是数字' }],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        field(s, 'years').maximum = null;
        field(s, 'score').minimum = Number.POSITIVE_INFINITY;
      }),
    ),
    ['properties.years.maximum 最大值必须是数字', 'properties.score.minimum 最小值必须是数字'],
  );
  t.same(
    brief(errorsAfter((s) => Object.assign(field(s, 'score'), { minimum: 100, maximum: 99.5 }))),
    ['properties.score.minimum 最小值不能大于最大值'],
  );
  t.same(
    errorsAfter((s) => Object.assign(field(s, 'score'), { minimum: 5, maximum: 5 })),
    [],
  );
});

t.test('text lengths', async (t) => {
  t.same(
    brief(errorsAfter((s) => Object.assign(field(s, 'school'), { minLength: 10, maxLength: 5 }))),
    ['properties.school.minLength 最小长度不能大于最大长度'],
  );
  t.same(
    brief(
      errorsAfter((s) => {
        Object.assign(field(s, 'school'), { minLength: -1, maxLength: 201 });
        Object.assign(field(s, 'resume'), { minLength: 1.5, maxLength: 0 });
      }),
    ),
    [
      'properties.school.minLength 最小长度必须是0到200之间的整数',
      'properties.school.maxLength 最大长度必须是1到200之间的整数',
      'properties.resume.minLength 最小长度必须是0到2000之间的整数',
      'properties.resume.maxLength 最大长度必须是1到2000之间的整数',
    ],
  );
  t.same(
    errorsAfter((s) => (field(s, 'resume').maxLength = 2000)),
    [],
    'a textarea takes 2000',
  );
});

t.test('patterns must compile, be short and not backtrack badly', async (t) => {
  const patternErrors = (pattern: unknown) =>
    brief(errorsAfter((s) => (field(s, 'certificateNo').pattern = pattern)));
  t.same(patternErrors('^[0-9'), ['properties.certificateNo.pattern 正则表达式的写法不正确']);
  t.same(patternErrors('\\p{Foo}'), ['properties.certificateNo.pattern 正则表达式的写法不正确']);
  t.same(patternErrors(''), ['properties.certificateNo.pattern 正则表达式必须是非空的文字']);
  t.same(patternErrors(12), ['properties.certificateNo.pattern 正则表达式必须是非空的文字']);
  t.same(patternErrors('a'.repeat(101)), [
    'properties.certificateNo.pattern 正则表达式不能超过100个字符',
  ]);
  for (const nested of ['(a+)+$', '^(\\d*)*x', '((ab)+c)+', '(?:[a-z]+\\.)*end', '(x{2,})+']) {
    t.same(
      patternErrors(nested),
      ['properties.certificateNo.pattern 正则表达式不能包含嵌套的重复（如 (a+)+），以免校验过慢'],
      nested,
    );
  }
  for (const fine of ['^[A-Z]{2}\\d{6}$', '^(ab)+$', '^(a+)?b$', '^[(+]+\\)*$', '^\\(a+\\)+$']) {
    t.same(patternErrors(fine), [], fine);
  }
});

t.test('required names existing fields once', async (t) => {
  const errors = errorsAfter((s) => (s.required = ['school', 'nope', 'school', 7 as never]));
  t.same(brief(errors), [
    'required.1 必填字段 nope 不存在',
    'required.2 必填字段 school 重复出现',
    'required.3 必填字段 7 不存在',
  ]);
  t.ok(errors.every((e) => e.code === 'form.required'));
  t.same(brief(errorsAfter((s) => ((s as Json).required = 'school'))), [
    'required required 必须是字段名的数组',
  ]);
});

t.test('x-order lists every field exactly once', async (t) => {
  const errors = errorsAfter((s) => {
    s['x-order'] = s['x-order'].filter((k) => k !== 'years' && k !== 'phone');
    s['x-order'].push('school', 'ghost');
  });
  t.same(brief(errors), [
    'x-order.10 字段 school 重复出现',
    'x-order.11 字段 ghost 不存在',
    'x-order 字段顺序缺少：years、phone',
  ]);
  t.ok(errors.every((e) => e.code === 'form.order'));
  t.same(brief(errorsAfter((s) => delete (s as Json)['x-order'])), [
    'x-order 请用 x-order 按顺序列出全部字段名',
  ]);
});

t.test('long names from the schema are shortened in messages', async (t) => {
  const errors = errorsAfter((s) => (field(s, 'school')['x-widget'] = 'w'.repeat(1000)));
  t.equal(errors.length, 1);
  t.ok((errors[0]?.message.length ?? 0) < 140, String(errors[0]?.message));
});

t.test('ajv compiles what the subset accepts, without piling up memory', async (t) => {
  // Ajv keeps something of every compiled schema; the check replaces its instance now and then.
  const gc = runInNewContext('gc') as () => void;
  const heapAfterGc = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const check = (i: number) => {
    const schema = everyWidgetForm() as Schema & Json;
    field(schema, 'school').maxLength = 10 + (i % 50);
    return checkBusinessForm(schema).ok;
  };
  for (let i = 0; i < 500; i++) check(i); // warm up
  const before = heapAfterGc();
  let accepted = 0;
  for (let i = 0; i < 4000; i++) if (check(i)) accepted++;
  const grown = heapAfterGc() - before;
  t.equal(accepted, 4000, 'every check accepted the valid form');
  t.ok(grown < 4_000_000, `heap grew ${Math.round(grown / 1000)} kB over 4000 checks`);
});

t.test("ajv's own complaint, and a browser that forbids code generation", async (t) => {
  t.match(jsonSchemaComplaint({ type: 'object', properties: { a: { type: 'strin' } } }), /type/);
  t.equal(jsonSchemaComplaint({ type: 'string', maxLength: 3 }), undefined);
  // Node's equivalent of a CSP without 'unsafe-eval': ajv cannot compile, the subset decides.
  const program = [
    "import { checkBusinessForm } from './src/forms/index.ts';",
    "const form = { type: 'object', title: '表', properties: { a: { type: 'string', title: 'A', 'x-widget': 'text' } }, 'x-order': ['a'] };",
    'let generated = false; try { new Function("return 1"); generated = true; } catch {}',
    'console.log(JSON.stringify({ generated, ok: checkBusinessForm(form).ok }));',
  ].join('\n');
  const { stdout } = await run(
    process.execPath,
    [
      '--disallow-code-generation-from-strings',
      '--import=tsx',
      '--input-type=module',
      '-e',
      program,
    ],
    { cwd: new URL('../..', import.meta.url).pathname },
  );
  t.same(JSON.parse(stdout), { generated: false, ok: true });
});
