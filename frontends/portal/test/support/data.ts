/**
 * Test people and companies. ID numbers and credit codes are valid by construction (check
 * characters computed here per GB 11643 and GB 32100, not by the code under test).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return CREDIT_ALPHABET[check === 31 ? 0 : check]!;
}

let sequence = 100;
const next = () => {
  sequence += 1;
  return sequence;
};

/** A valid ID number (渝中区, born 1990-03-15), new in this process. */
export function newIdNumber(): string {
  const first17 = `50010319900315${String(next()).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The same kind of number with a wrong check character. */
export function badIdNumber(): string {
  const first17 = `50010319900315${String(next()).padStart(3, '0')}`;
  const right = idCheckChar(first17);
  return first17 + (right === '0' ? '1' : '0');
}

export function newCreditCode(): string {
  const first17 = `91500103MA${String(next()).padStart(7, '0')}`;
  return first17 + creditCheckChar(first17);
}

export function badCreditCode(): string {
  const first17 = `91500103MA${String(next()).padStart(7, '0')}`;
  const right = creditCheckChar(first17);
  return first17 + (right === '0' ? '1' : '0');
}

export const newMobile = (): string => `139${String(next()).padStart(8, '0')}`;
export const newUsername = (prefix = 'user'): string => `${prefix}${next()}`;

export interface TestPerson {
  username: string;
  password: string;
  realName: string;
  idNumber: string;
  mobile: string;
}

export interface TestUnit {
  username: string;
  password: string;
  unitName: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  operatorName: string;
  operatorMobile: string;
}

export const PASSWORD = 'Spring#2026ok';

export function newPerson(): TestPerson {
  return {
    username: newUsername('person'),
    password: PASSWORD,
    realName: '张晓红',
    idNumber: newIdNumber(),
    mobile: newMobile(),
  };
}

export function newUnit(): TestUnit {
  return {
    username: newUsername('unit'),
    password: PASSWORD,
    unitName: '重庆测试科技有限公司',
    creditCode: newCreditCode(),
    legalRepName: '李建国',
    legalRepIdNumber: newIdNumber(),
    operatorName: '王小明',
    operatorMobile: newMobile(),
  };
}
