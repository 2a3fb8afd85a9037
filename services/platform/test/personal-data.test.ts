import { randomBytes } from 'node:crypto';
import t from 'tap';
import { PersonalDataCipher } from '../src/personal-data';

const key = randomBytes(32).toString('base64');

t.test('seal and open; tampering and the wrong key are detected', async (t) => {
  const cipher = new PersonalDataCipher(key, 'letters');
  const a = cipher.seal('500103199001011232');
  t.match(a, /^v1\.[A-Za-z0-9_-]+$/);
  t.notOk(a.includes('500103199001011232'));
  t.not(cipher.seal('500103199001011232'), a, 'a fresh IV every time');
  t.equal(cipher.open(a), '500103199001011232');
  t.equal(cipher.open(cipher.seal('欧阳娜娜')), '欧阳娜娜');
  const raw = Buffer.from(a.slice(3), 'base64url');
  raw[raw.length - 1]! ^= 1;
  t.throws(() => cipher.open(`v1.${raw.toString('base64url')}`), 'a flipped bit fails');
  t.throws(
    () => new PersonalDataCipher(randomBytes(32).toString('base64'), 'letters').open(a),
    'another key fails',
  );
  t.throws(
    () => new PersonalDataCipher(key, 'submissions').open(a),
    'the same key for another purpose fails',
  );
  t.throws(() => new PersonalDataCipher(randomBytes(16).toString('base64'), 'x'), /32 bytes/);
});

t.test('the blind index is stable, keyed and per purpose', async (t) => {
  const cipher = new PersonalDataCipher(key, 'letters');
  t.equal(cipher.index('13812345678'), cipher.index('13812345678'));
  t.match(cipher.index('13812345678'), /^[A-Za-z0-9_-]{43}$/);
  t.not(cipher.index('13812345678'), cipher.index('13812345679'));
  t.not(
    new PersonalDataCipher(randomBytes(32).toString('base64'), 'letters').index('13812345678'),
    cipher.index('13812345678'),
    'another key, another index',
  );
  t.not(
    new PersonalDataCipher(key, 'identity').index('13812345678'),
    cipher.index('13812345678'),
    'another purpose, another index',
  );
});

t.test('matches: the right value only', async (t) => {
  const cipher = new PersonalDataCipher(key, 'letters');
  const stored = cipher.index('13812345678');
  t.ok(cipher.matches('13812345678', stored));
  t.notOk(cipher.matches('13812345679', stored));
  t.notOk(cipher.matches('13812345678', ''), 'nothing stored matches nothing');
  t.notOk(cipher.matches('13812345678', stored.slice(0, -1)));
});
