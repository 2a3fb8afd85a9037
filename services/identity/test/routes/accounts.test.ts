import { fromBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  AccountKind,
  AccountRegisteredSchema,
} from '@hall/proto/hall/identity/v1/identity_events_pb';
import t from 'tap';
import {
  auditRows,
  countRows,
  creditCheckChar,
  expectFieldError,
  expectProblem,
  expectValidation,
  getMe,
  idCheckChar,
  KNOWN_CREDIT_CODES,
  newCreditCode,
  newIdNumber,
  newIdNumberEndingInX,
  observerBus,
  ownerSql,
  personBody,
  register,
  registeredPerson,
  registeredUnit,
  signedIn,
  unitBody,
  waitFor,
  withCreditCheck,
  withIdCheck,
  withWrongIdCheck,
  type PersonBody,
  type UnitBody,
} from '../fixtures';
import { buildTestIdentity } from '../helper';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Chinese messages a user sees, written out here rather than imported from the code under test. */
const M = {
  usernameLength: '用户名长度应为4至20位',
  usernameCharset: '用户名只能包含英文字母、数字和下划线',
  usernameStart: '用户名须以英文字母开头',
  passwordShort: '密码长度不能少于8位',
  passwordLong: '密码长度不能超过64位',
  passwordCharset: '密码只能包含英文字母、数字和英文符号',
  passwordClasses: '密码须包含大写字母、小写字母、数字、符号中的至少三种',
  passwordUsername: '密码不能包含用户名',
  name: '请填写真实姓名（2至30个汉字或字母）',
  unitName: '请填写单位全称（4至60个字）',
  idRequired: '请输入身份证号码',
  idLength: '身份证号码应为18位',
  idFormat: '身份证号码格式不正确：前17位应为数字，最后一位为数字或字母X',
  idArea: '身份证号码的地区码不正确',
  idBirth: '身份证号码中的出生日期不正确',
  idChecksum: '身份证号码校验位不正确，请核对后重新输入',
  ccRequired: '请输入统一社会信用代码',
  ccLength: '统一社会信用代码应为18位',
  ccCharset: '统一社会信用代码只能包含数字和大写英文字母（不含 I、O、Z、S、V）',
  ccAuthority: '统一社会信用代码第1位（登记管理部门码）不正确',
  ccType: '统一社会信用代码第2位（机构类别码）不正确',
  ccArea: '统一社会信用代码第3至8位（行政区划码）应为数字',
  ccChecksum: '统一社会信用代码校验位不正确，请核对后重新输入',
  mobileRequired: '请输入手机号码',
  mobileFormat: '请输入正确的11位手机号码',
};

t.test('the fixtures compute check characters the standards way', async (t) => {
  // GB 11643's worked example: 11010519491231002X.
  t.equal(idCheckChar('11010519491231002'), 'X');
  t.equal(withIdCheck('44052418800101001'), '440524188001010014');
  for (const code of KNOWN_CREDIT_CODES)
    t.equal(creditCheckChar(code.slice(0, 17)), code.charAt(17), code);
});

t.test(
  '个人注册 creates an account: 201 with its id, encrypted personal data, audit entry and event',
  async (t) => {
    const { app, databaseUrl, config } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const bus = await observerBus(t, config.NATS_URL, config.BUS_NAMESPACE);
    const body = personBody({
      username: 'ZhangSan01',
      idNumber: newIdNumber(),
      mobile: '13812345678',
    });

    const res = await register(app, 'person', body);
    t.equal(res.statusCode, 201, res.body);
    t.match(res.headers['content-type'], /^application\/json/);
    const { id } = res.json<{ id: string }>();
    t.match(id, UUID_V7, 'a UUIDv7');
    t.same(Object.keys(res.json()), ['id'], 'nothing but the id comes back');

    const [row] = await sql`select * from accounts where id = ${id}`;
    t.ok(row, 'the account is stored');
    t.equal(row?.kind, 'person');
    t.equal(row?.username, 'ZhangSan01', 'username kept as typed');
    t.equal(row?.real_name, '张三');
    t.match(row?.password_hash, /^\$argon2id\$/, 'password stored as an argon2id hash');
    t.notOk(String(row?.password_hash).includes(body.password));
    // 等保: important personal data encrypted at rest.
    t.not(row?.id_number, body.idNumber, 'ID number not stored in clear');
    t.notOk(
      String(row?.id_number).includes(body.idNumber.slice(6, 14)),
      'not even the birth date is visible',
    );
    t.match(row?.id_number, /^v1\.[A-Za-z0-9_-]+$/, 'sealed ID number');
    t.not(row?.mobile, body.mobile, 'mobile not stored in clear');
    t.notOk(String(row?.mobile).includes(body.mobile));
    t.match(row?.mobile, /^v1\.[A-Za-z0-9_-]+$/, 'sealed mobile');
    t.not(row?.id_number_index, body.idNumber, 'the look-up index is not the number either');
    t.equal(row?.failed_logins, 0);
    t.equal(row?.locked_until, null);

    const audit = await auditRows(sql, 'account.registered');
    t.equal(audit.length, 1, 'one account.registered entry');
    t.match(audit[0], {
      outcome: 'success',
      station: null,
      actor_kind: 'person',
      actor_id: id,
      ip: '127.0.0.1',
      details: { kind: 'person' },
    });
    t.notOk(JSON.stringify(audit[0]).includes(body.idNumber), 'no ID number in the audit log');
    t.notOk(JSON.stringify(audit[0]).includes(body.mobile), 'no mobile in the audit log');

    // The AccountRegistered event goes through the outbox to JetStream.
    const subject = `${config.BUS_NAMESPACE}.evt.cq.identity.account_registered`;
    t.equal(bus.subjects.stream, `${config.BUS_NAMESPACE.toUpperCase()}_EVENTS`);
    const stored = await waitFor('the AccountRegistered event in JetStream', () =>
      bus.jsm.streams.getMessage(bus.subjects.stream, { last_by_subj: subject }).catch(() => null),
    );
    t.equal(stored.subject, subject);
    t.equal(stored.header.get('Hall-Event-Type'), 'hall.identity.v1.AccountRegistered');
    t.equal(stored.header.get('Hall-Station'), 'cq');
    t.match(stored.header.get('Nats-Msg-Id'), UUID_V7, 'event id travels as Nats-Msg-Id');
    const event = fromBinary(AccountRegisteredSchema, stored.data);
    t.equal(event.accountId, id);
    t.equal(event.kind, AccountKind.PERSON);
    t.ok(event.registeredAt, 'registration time set');
    t.ok(
      Math.abs(timestampDate(event.registeredAt!).getTime() - Date.now()) < 60_000,
      'registered just now',
    );
    t.notOk(
      Buffer.from(stored.data).toString('latin1').includes(body.idNumber),
      'the event carries no personal data',
    );
    await waitFor('the outbox to drain', async () =>
      (await countRows(sql, 'outbox')) === 0 ? true : null,
    );

    // The password set at registration works.
    const session = await signedIn(t, app, 'zhangsan01', body.password);
    t.equal(session.account.id, id);
    t.equal(session.account.kind, 'person');
    t.equal(session.account.name, '张三');
  },
);

t.test(
  '单位注册 creates an account: 201, credit code normalised, legal rep ID and mobile encrypted, event kind UNIT',
  async (t) => {
    const { app, databaseUrl, config } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const bus = await observerBus(t, config.NATS_URL, config.BUS_NAMESPACE);
    const creditCode = KNOWN_CREDIT_CODES[0];
    const body = unitBody({
      creditCode: ` ${creditCode.toLowerCase()} `,
      legalRepIdNumber: newIdNumber('500105', '19800722'),
    });

    const res = await register(app, 'unit', body);
    t.equal(res.statusCode, 201, res.body);
    const { id } = res.json<{ id: string }>();
    t.match(id, UUID_V7);

    const [row] = await sql`select * from accounts where id = ${id}`;
    t.equal(row?.kind, 'unit');
    t.equal(row?.unit_name, '重庆山城科技有限公司');
    t.equal(row?.credit_code, creditCode, 'credit code stored trimmed and upper-cased');
    t.equal(row?.legal_rep_name, '李四');
    t.equal(row?.real_name, '王五', 'the operator (经办人) is the account holder');
    t.match(row?.legal_rep_id_number, /^v1\./, 'legal rep ID number sealed');
    t.notOk(String(row?.legal_rep_id_number).includes(body.legalRepIdNumber));
    t.match(row?.mobile, /^v1\./, 'operator mobile sealed');
    t.notOk(String(row?.mobile).includes(body.operatorMobile));
    t.equal(row?.id_number, null, 'a unit has no personal ID number of its own');

    const audit = await auditRows(sql, 'account.registered');
    t.equal(audit.length, 1);
    t.match(audit[0], {
      outcome: 'success',
      actor_kind: 'unit',
      actor_id: id,
      details: { kind: 'unit' },
    });

    const subject = `${config.BUS_NAMESPACE}.evt.cq.identity.account_registered`;
    const stored = await waitFor('the AccountRegistered event', () =>
      bus.jsm.streams.getMessage(bus.subjects.stream, { last_by_subj: subject }).catch(() => null),
    );
    const event = fromBinary(AccountRegisteredSchema, stored.data);
    t.equal(event.accountId, id);
    t.equal(event.kind, AccountKind.UNIT);
  },
);

t.test(
  'registration normalises what people type: full-width digits, spaces, lower-case x, +86 and hyphens',
  async (t) => {
    const { app, databaseUrl } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const idNumber = newIdNumberEndingInX();
    const typed = `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14, 17).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}x`;
    const person = await registeredPerson(t, app, {
      username: 'LiuXing',
      idNumber: typed,
      mobile: '+86 139-0000-1111',
      realName: ' 刘星 ',
    });

    const session = await signedIn(t, app, 'liuxing', person.password);
    const me = (await getMe(app, session.accessToken)).json<Record<string, unknown>>();
    t.equal(me.idNumber, idNumber, 'ID number stored in canonical form');
    t.equal(me.mobile, '13900001111', 'mobile stored in canonical form');
    t.equal(me.realName, '刘星', 'name trimmed');
    const [row] = await sql`select real_name from accounts where id = ${person.id}`;
    t.equal(row?.real_name, '刘星');
  },
);

interface Case {
  name: string;
  kind: 'person' | 'unit';
  body: Partial<PersonBody> | Partial<UnitBody>;
  field: string;
  code: string;
  message: string;
}

t.test(
  'every registration rule is rejected with its own field error, and nothing is written',
  async (t) => {
    const { app, databaseUrl, config } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const future = `${new Date().getFullYear() + 1}0101`;
    const cc = KNOWN_CREDIT_CODES[0];
    const cases: Case[] = [
      // 用户名
      {
        name: 'username too short',
        kind: 'person',
        body: { username: 'abc' },
        field: 'username',
        code: 'username.length',
        message: M.usernameLength,
      },
      {
        name: 'username too long',
        kind: 'person',
        body: { username: 'a'.repeat(21) },
        field: 'username',
        code: 'username.length',
        message: M.usernameLength,
      },
      {
        name: 'username with a hyphen',
        kind: 'person',
        body: { username: 'zhang-san' },
        field: 'username',
        code: 'username.charset',
        message: M.usernameCharset,
      },
      {
        name: 'username with Chinese',
        kind: 'person',
        body: { username: '张三abcd' },
        field: 'username',
        code: 'username.charset',
        message: M.usernameCharset,
      },
      {
        name: 'username with a space',
        kind: 'person',
        body: { username: 'zhang san' },
        field: 'username',
        code: 'username.charset',
        message: M.usernameCharset,
      },
      {
        name: 'username starting with a digit',
        kind: 'person',
        body: { username: '9zhangsan' },
        field: 'username',
        code: 'username.start',
        message: M.usernameStart,
      },
      {
        name: 'username starting with _',
        kind: 'unit',
        body: { username: '_company' },
        field: 'username',
        code: 'username.start',
        message: M.usernameStart,
      },
      // 密码
      {
        name: 'password too short',
        kind: 'person',
        body: { password: 'Ab1#xyz' },
        field: 'password',
        code: 'password.too_short',
        message: M.passwordShort,
      },
      {
        name: 'password too long',
        kind: 'person',
        body: { password: `Ab1#${'x'.repeat(61)}` },
        field: 'password',
        code: 'password.too_long',
        message: M.passwordLong,
      },
      {
        name: 'password of two classes (lower + digit)',
        kind: 'person',
        body: { password: 'abcdefgh12' },
        field: 'password',
        code: 'password.classes',
        message: M.passwordClasses,
      },
      {
        name: 'password of two classes (upper + symbol)',
        kind: 'unit',
        body: { password: 'ABCDEFGH!!' },
        field: 'password',
        code: 'password.classes',
        message: M.passwordClasses,
      },
      {
        name: 'password with Chinese',
        kind: 'person',
        body: { password: 'Abcdef12密码' },
        field: 'password',
        code: 'password.charset',
        message: M.passwordCharset,
      },
      {
        name: 'password with full-width letters',
        kind: 'person',
        body: { password: 'Ａbcdef12#' },
        field: 'password',
        code: 'password.charset',
        message: M.passwordCharset,
      },
      {
        name: 'password containing the username (any case)',
        kind: 'person',
        body: { username: 'wangfang', password: 'WangFang#2026' },
        field: 'password',
        code: 'password.contains_username',
        message: M.passwordUsername,
      },
      // 姓名
      {
        name: 'one-character name',
        kind: 'person',
        body: { realName: '张' },
        field: 'realName',
        code: 'name.format',
        message: M.name,
      },
      {
        name: 'name with a digit',
        kind: 'person',
        body: { realName: '张三3' },
        field: 'realName',
        code: 'name.format',
        message: M.name,
      },
      {
        name: 'blank name',
        kind: 'person',
        body: { realName: '   ' },
        field: 'realName',
        code: 'name.format',
        message: M.name,
      },
      {
        name: 'name of 31 characters',
        kind: 'person',
        body: { realName: '张'.repeat(31) },
        field: 'realName',
        code: 'name.format',
        message: M.name,
      },
      // 身份证号
      {
        name: 'ID number empty',
        kind: 'person',
        body: { idNumber: '' },
        field: 'idNumber',
        code: 'id_card.required',
        message: M.idRequired,
      },
      {
        name: 'ID number of 17 digits',
        kind: 'person',
        body: { idNumber: '50010319900315123' },
        field: 'idNumber',
        code: 'id_card.length',
        message: M.idLength,
      },
      {
        name: 'ID number with a letter inside',
        kind: 'person',
        body: { idNumber: '5001031990031A1234' },
        field: 'idNumber',
        code: 'id_card.format',
        message: M.idFormat,
      },
      {
        name: 'ID number with a bad area',
        kind: 'person',
        body: { idNumber: withIdCheck('99010319900315123') },
        field: 'idNumber',
        code: 'id_card.area',
        message: M.idArea,
      },
      {
        name: 'ID number born on 30 February',
        kind: 'person',
        body: { idNumber: withIdCheck('50010319900230123') },
        field: 'idNumber',
        code: 'id_card.birth_date',
        message: M.idBirth,
      },
      {
        name: 'ID number born in month 13',
        kind: 'person',
        body: { idNumber: withIdCheck('50010319901301123') },
        field: 'idNumber',
        code: 'id_card.birth_date',
        message: M.idBirth,
      },
      {
        name: 'ID number born in the future',
        kind: 'person',
        body: { idNumber: withIdCheck(`500103${future}123`) },
        field: 'idNumber',
        code: 'id_card.birth_date',
        message: M.idBirth,
      },
      {
        name: 'ID number born before 1900',
        kind: 'person',
        body: { idNumber: withIdCheck('50010318991231123') },
        field: 'idNumber',
        code: 'id_card.birth_date',
        message: M.idBirth,
      },
      {
        name: 'ID number with a wrong check digit',
        kind: 'person',
        body: { idNumber: withWrongIdCheck('50010319900315123') },
        field: 'idNumber',
        code: 'id_card.checksum',
        message: M.idChecksum,
      },
      // 手机号
      {
        name: 'mobile empty',
        kind: 'person',
        body: { mobile: '' },
        field: 'mobile',
        code: 'mobile.required',
        message: M.mobileRequired,
      },
      {
        name: 'mobile with a 2nd digit of 2',
        kind: 'person',
        body: { mobile: '12812345678' },
        field: 'mobile',
        code: 'mobile.format',
        message: M.mobileFormat,
      },
      {
        name: 'mobile of 10 digits',
        kind: 'person',
        body: { mobile: '1381234567' },
        field: 'mobile',
        code: 'mobile.format',
        message: M.mobileFormat,
      },
      {
        name: 'a landline',
        kind: 'unit',
        body: { operatorMobile: '023-63851234' },
        field: 'operatorMobile',
        code: 'mobile.format',
        message: M.mobileFormat,
      },
      // 单位
      {
        name: 'unit name of 2 characters',
        kind: 'unit',
        body: { unitName: '山城' },
        field: 'unitName',
        code: 'unit_name.length',
        message: M.unitName,
      },
      {
        name: 'unit name of 61 characters',
        kind: 'unit',
        body: { unitName: '山'.repeat(61) },
        field: 'unitName',
        code: 'unit_name.length',
        message: M.unitName,
      },
      {
        name: 'credit code empty',
        kind: 'unit',
        body: { creditCode: '' },
        field: 'creditCode',
        code: 'credit_code.required',
        message: M.ccRequired,
      },
      {
        name: 'credit code of 17 characters',
        kind: 'unit',
        body: { creditCode: cc.slice(0, 17) },
        field: 'creditCode',
        code: 'credit_code.length',
        message: M.ccLength,
      },
      {
        name: 'credit code with I',
        kind: 'unit',
        body: { creditCode: '91350100M000I00Y43' },
        field: 'creditCode',
        code: 'credit_code.charset',
        message: M.ccCharset,
      },
      {
        name: 'credit code with O',
        kind: 'unit',
        body: { creditCode: '91350100M0001O0Y43' },
        field: 'creditCode',
        code: 'credit_code.charset',
        message: M.ccCharset,
      },
      {
        name: 'credit code with a symbol',
        kind: 'unit',
        body: { creditCode: '91350100M000-00Y43' },
        field: 'creditCode',
        code: 'credit_code.charset',
        message: M.ccCharset,
      },
      {
        name: 'credit code with an unknown authority',
        kind: 'unit',
        body: { creditCode: withCreditCheck('B1350100M000100Y4') },
        field: 'creditCode',
        code: 'credit_code.registration_authority',
        message: M.ccAuthority,
      },
      {
        name: 'credit code with an organisation type the authority lacks',
        kind: 'unit',
        body: { creditCode: withCreditCheck('94350100M000100Y4') },
        field: 'creditCode',
        code: 'credit_code.organization_type',
        message: M.ccType,
      },
      {
        name: 'credit code with a letter in the area',
        kind: 'unit',
        body: { creditCode: withCreditCheck('9135A100M000100Y4') },
        field: 'creditCode',
        code: 'credit_code.area',
        message: M.ccArea,
      },
      {
        name: 'credit code with a wrong check character',
        kind: 'unit',
        body: { creditCode: '91350100M000100Y44' },
        field: 'creditCode',
        code: 'credit_code.checksum',
        message: M.ccChecksum,
      },
      {
        name: 'legal rep name of one character',
        kind: 'unit',
        body: { legalRepName: '李' },
        field: 'legalRepName',
        code: 'name.format',
        message: M.name,
      },
      {
        name: 'legal rep ID number with a wrong check digit',
        kind: 'unit',
        body: { legalRepIdNumber: withWrongIdCheck('50010519800722123') },
        field: 'legalRepIdNumber',
        code: 'id_card.checksum',
        message: M.idChecksum,
      },
      {
        name: 'legal rep ID number born on 31 April',
        kind: 'unit',
        body: { legalRepIdNumber: withIdCheck('50010519800431123') },
        field: 'legalRepIdNumber',
        code: 'id_card.birth_date',
        message: M.idBirth,
      },
      {
        name: 'operator name with symbols',
        kind: 'unit',
        body: { operatorName: '王五!' },
        field: 'operatorName',
        code: 'name.format',
        message: M.name,
      },
    ];

    const before = {
      accounts: await countRows(sql, 'accounts'),
      audit: await countRows(sql, 'audit_log'),
      outbox: await countRows(sql, 'outbox'),
    };
    for (const c of cases) {
      await t.test(c.name, async (t) => {
        const body =
          c.kind === 'person'
            ? personBody(c.body as Partial<PersonBody>)
            : unitBody(c.body as Partial<UnitBody>);
        const errors = expectValidation(t, await register(app, c.kind, body));
        t.equal(errors.length, 1, `only ${c.field} is wrong: ${JSON.stringify(errors)}`);
        expectFieldError(t, errors, c.field, c.code, c.message);
      });
    }
    t.equal(await countRows(sql, 'accounts'), before.accounts, 'no account written');
    t.equal(await countRows(sql, 'audit_log'), before.audit, 'no audit entry written');
    t.equal(await countRows(sql, 'outbox'), before.outbox, 'no event enqueued');
    const stream = await (
      await observerBus(t, config.NATS_URL, config.BUS_NAMESPACE)
    ).jsm.streams.info(`${config.BUS_NAMESPACE.toUpperCase()}_EVENTS`);
    t.equal(stream.state.messages, 0, 'nothing published');
  },
);

t.test('several bad fields at once are all reported', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);

  const person = expectValidation(
    t,
    await register(app, 'person', {
      username: '9x',
      password: 'password',
      realName: 'X',
      idNumber: withWrongIdCheck('50010319900315123'),
      mobile: '110',
    }),
  );
  t.same(person.map((e) => e.field).sort(), [
    'idNumber',
    'mobile',
    'password',
    'realName',
    'username',
  ]);
  expectFieldError(t, person, 'username', 'username.length', M.usernameLength);
  expectFieldError(t, person, 'password', 'password.classes', M.passwordClasses);
  expectFieldError(t, person, 'realName', 'name.format', M.name);
  expectFieldError(t, person, 'idNumber', 'id_card.checksum', M.idChecksum);
  expectFieldError(t, person, 'mobile', 'mobile.format', M.mobileFormat);

  const unit = expectValidation(
    t,
    await register(app, 'unit', {
      username: 'co',
      password: 'short',
      unitName: '某',
      creditCode: '91350100M000100Y44',
      legalRepName: '1',
      legalRepIdNumber: '123',
      operatorName: '',
      operatorMobile: '999',
    }),
  );
  t.same(unit.map((e) => e.field).sort(), [
    'creditCode',
    'legalRepIdNumber',
    'legalRepName',
    'operatorMobile',
    'operatorName',
    'password',
    'unitName',
    'username',
  ]);
  expectFieldError(t, unit, 'creditCode', 'credit_code.checksum', M.ccChecksum);
  expectFieldError(t, unit, 'legalRepIdNumber', 'id_card.length', M.idLength);
  expectFieldError(t, unit, 'password', 'password.too_short', M.passwordShort);
  for (const e of [...person, ...unit])
    t.match(e.message, /\p{Script=Han}/u, `${e.field}: message in Chinese`);
  t.equal(await countRows(sql, 'accounts'), 0, 'nothing written');
});

t.test('missing or malformed fields are schema errors naming each field', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const auditBefore = await countRows(sql, 'audit_log');

  const person = expectValidation(t, await register(app, 'person', {}));
  t.same(person.map((e) => e.field).sort(), [
    'idNumber',
    'mobile',
    'password',
    'realName',
    'username',
  ]);
  for (const e of person) t.match(e, { code: 'schema.required', message: '此项为必填项' });

  const unit = expectValidation(
    t,
    await register(app, 'unit', { username: 'company9', password: 'Spring#2026ok' }),
  );
  t.same(unit.map((e) => e.field).sort(), [
    'creditCode',
    'legalRepIdNumber',
    'legalRepName',
    'operatorMobile',
    'operatorName',
    'unitName',
  ]);
  for (const e of unit) t.equal(e.code, 'schema.required');

  const partial = { ...personBody() } as Partial<PersonBody>;
  delete partial.idNumber;
  const one = expectValidation(t, await register(app, 'person', partial));
  t.same(one, [{ field: 'idNumber', code: 'schema.required', message: '此项为必填项' }]);

  const tooLong = expectValidation(
    t,
    await register(app, 'person', personBody({ realName: '张'.repeat(41) })),
  );
  t.same(tooLong, [
    { field: 'realName', code: 'schema.maxLength', message: '长度不能超过40个字符' },
  ]);

  const emptyUsername = expectValidation(
    t,
    await register(app, 'person', personBody({ username: '' })),
  );
  t.same(emptyUsername, [{ field: 'username', code: 'schema.minLength', message: '此项不能为空' }]);

  const notJson = await app.inject({
    method: 'POST',
    url: '/accounts/person',
    headers: { 'content-type': 'application/json' },
    payload: '{"username":',
  });
  expectProblem(t, notJson, 400, 'bad_request');

  t.equal(await countRows(sql, 'accounts'), 0, 'no account written');
  t.equal(await countRows(sql, 'audit_log'), auditBefore, 'no audit entry written');
});

t.test(
  'a username, ID number or credit code can be registered once: 409 already_registered naming the field',
  async (t) => {
    const { app, databaseUrl, config } = await buildTestIdentity(t);
    const sql = ownerSql(t, databaseUrl);
    const idNumber = newIdNumberEndingInX();
    const first = await registeredPerson(t, app, { username: 'ChenJing', idNumber });
    const creditCode = newCreditCode();
    const unit = await registeredUnit(t, app, { username: 'Chongqing_Co', creditCode });
    const accountsBefore = await countRows(sql, 'accounts');
    const auditBefore = await countRows(sql, 'audit_log');

    const cases: Array<{
      name: string;
      kind: 'person' | 'unit';
      body: object;
      field: string;
      code: string;
      message: string;
    }> = [
      {
        name: 'same username, other case',
        kind: 'person',
        body: personBody({ username: 'chenjing' }),
        field: 'username',
        code: 'username.taken',
        message: '该用户名已被注册',
      },
      {
        name: 'a unit taking a person’s username',
        kind: 'unit',
        body: unitBody({ username: 'CHENJING' }),
        field: 'username',
        code: 'username.taken',
        message: '该用户名已被注册',
      },
      {
        name: 'a person taking a unit’s username',
        kind: 'person',
        body: personBody({ username: 'chongqing_co' }),
        field: 'username',
        code: 'username.taken',
        message: '该用户名已被注册',
      },
      {
        name: 'same ID number, typed with a lower-case x',
        kind: 'person',
        body: personBody({ idNumber: idNumber.toLowerCase() }),
        field: 'idNumber',
        code: 'idNumber.taken',
        message: '该身份证号码已注册过账号',
      },
      {
        name: 'same ID number with spaces',
        kind: 'person',
        body: personBody({ idNumber: `${idNumber.slice(0, 6)} ${idNumber.slice(6)}` }),
        field: 'idNumber',
        code: 'idNumber.taken',
        message: '该身份证号码已注册过账号',
      },
      {
        name: 'same credit code in lower case',
        kind: 'unit',
        body: unitBody({ creditCode: creditCode.toLowerCase() }),
        field: 'creditCode',
        code: 'creditCode.taken',
        message: '该统一社会信用代码已注册过账号',
      },
    ];
    for (const c of cases) {
      await t.test(c.name, async (t) => {
        const problem = expectProblem(
          t,
          await register(app, c.kind, c.body),
          409,
          'already_registered',
        );
        t.equal(problem.title, c.message);
        t.same(problem.errors, [{ field: c.field, code: c.code, message: c.message }]);
      });
    }
    t.equal(
      await countRows(sql, 'accounts'),
      accountsBefore,
      'no account written by a refused registration',
    );
    t.equal(
      await countRows(sql, 'audit_log'),
      auditBefore,
      'no audit entry for a refused registration',
    );

    // The original accounts are untouched and still sign in.
    t.equal((await signedIn(t, app, 'chenjing', first.password)).account.id, first.id);
    t.equal((await signedIn(t, app, 'chongqing_co', unit.password)).account.id, unit.id);

    // A person may be the legal representative of a unit: that ID number is not an account key.
    await registeredUnit(t, app, { legalRepIdNumber: idNumber });
    // Only the three successful registrations were published.
    const bus = await observerBus(t, config.NATS_URL, config.BUS_NAMESPACE);
    const info = await waitFor('three events', async () => {
      const i = await bus.jsm.streams.info(bus.subjects.stream);
      return i.state.messages >= 3 ? i : null;
    });
    t.equal(info.state.messages, 3, 'one event per account, none for refused registrations');
  },
);

t.test('two accounts with the same mobile: each ciphertext differs (random IV)', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const a = await registeredPerson(t, app, { mobile: '13500001234' });
  const b = await registeredPerson(t, app, { mobile: '13500001234' });
  const rows = await sql`select id, mobile from accounts where id in (${a.id}, ${b.id})`;
  t.equal(rows.length, 2);
  t.not(rows[0]?.mobile, rows[1]?.mobile, 'same number, different ciphertext');
});

t.test('racing registrations of one username: exactly one wins, the others get 409', async (t) => {
  const { app, databaseUrl } = await buildTestIdentity(t);
  const sql = ownerSql(t, databaseUrl);
  const responses = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      register(app, 'person', personBody({ username: i % 2 ? 'RaceWinner' : 'racewinner' })),
    ),
  );
  t.same(responses.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409]);
  for (const r of responses.filter((r) => r.statusCode === 409)) {
    t.same(r.json().errors, [
      { field: 'username', code: 'username.taken', message: '该用户名已被注册' },
    ]);
  }
  t.equal(await countRows(sql, 'accounts'), 1);
  t.equal((await auditRows(sql, 'account.registered')).length, 1);
});
