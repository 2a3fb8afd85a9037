import t from 'tap';
import * as fromPackage from '@hall/platform/validation';
import * as validation from '../../src/validation/index';
import type { ValidationCode } from '../../src/validation/index';

t.test('the package export is this module', async (t) => {
  t.equal(fromPackage.checkIdCardNumber, validation.checkIdCardNumber);
  t.same(Object.keys(fromPackage).sort(), Object.keys(validation).sort());
});

t.test('public API', async (t) => {
  const functions = [
    'checkIdCardNumber',
    'isValidIdCardNumber',
    'normalizeIdCardNumber',
    'birthDateFromIdCard',
    'genderFromIdCard',
    'checkCreditCode',
    'isValidCreditCode',
    'normalizeCreditCode',
    'checkMobile',
    'isValidMobile',
    'normalizeMobile',
    'checkPassword',
    'passwordStrength',
    'checkUsername',
    'isValidUsername',
    'maskIdCardNumber',
    'maskMobile',
    'maskName',
    'maskUnitName',
    'maskCreditCode',
    'normalizeSecurityAnswer',
  ];
  for (const name of functions) {
    t.type((validation as Record<string, unknown>)[name], 'function', name);
  }
});

t.test('message catalogue', async (t) => {
  const codes: ValidationCode[] = [
    'id_card.required',
    'id_card.length',
    'id_card.format',
    'id_card.area',
    'id_card.birth_date',
    'id_card.checksum',
    'credit_code.required',
    'credit_code.length',
    'credit_code.charset',
    'credit_code.registration_authority',
    'credit_code.organization_type',
    'credit_code.area',
    'credit_code.checksum',
    'mobile.required',
    'mobile.format',
    'password.required',
    'password.too_short',
    'password.too_long',
    'password.charset',
    'password.classes',
    'password.contains_username',
    'username.required',
    'username.length',
    'username.charset',
    'username.start',
  ];
  t.same(Object.keys(validation.VALIDATION_MESSAGES).sort(), [...codes].sort());
  for (const c of codes) {
    t.match(validation.VALIDATION_MESSAGES[c], /[\u4e00-\u9fff]/, `${c} has a Chinese message`);
  }
  t.ok(Object.isFrozen(validation.VALIDATION_MESSAGES));
});

t.test('every failure carries the catalogue message for its code', async (t) => {
  const failures = [
    validation.checkIdCardNumber(''),
    validation.checkIdCardNumber('123'),
    validation.checkIdCardNumber('11010519491231002Y'),
    validation.checkIdCardNumber('99010519491231002X'),
    validation.checkIdCardNumber('11010519491331002X'),
    validation.checkIdCardNumber('110105194912310021'),
    validation.checkCreditCode(''),
    validation.checkCreditCode('123'),
    validation.checkCreditCode('91350100M000100YI3'),
    validation.checkCreditCode('B1350100M000100Y43'),
    validation.checkCreditCode('94350100M000100Y43'),
    validation.checkCreditCode('913501A0M000100Y43'),
    validation.checkCreditCode('91350100M000100Y44'),
    validation.checkMobile(''),
    validation.checkMobile('123'),
    validation.checkPassword(''),
    validation.checkPassword('Ab1!'),
    validation.checkPassword('Ab1!'.repeat(20)),
    validation.checkPassword('Abcdefg1你'),
    validation.checkPassword('abcdefgh'),
    validation.checkPassword('Zhangsan1', { username: 'zhangsan' }),
    validation.checkUsername(''),
    validation.checkUsername('abc'),
    validation.checkUsername('ab cd'),
    validation.checkUsername('1abc'),
  ];
  const seen = new Set<string>();
  for (const f of failures) {
    if (f.ok) {
      t.fail('expected a failure');
      continue;
    }
    seen.add(f.code);
    t.equal(f.message, validation.VALIDATION_MESSAGES[f.code as ValidationCode], f.code);
  }
  t.equal(seen.size, Object.keys(validation.VALIDATION_MESSAGES).length, 'every code reachable');
});
