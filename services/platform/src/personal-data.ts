import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Confidentiality of important personal data in storage (等保 2.0 level 3, ADR 3): ID numbers,
 * names and mobile numbers are encrypted with AES-256-GCM before they reach the database, and
 * looked up or kept unique through an HMAC ("blind index") instead of the plain value. Both
 * keys are derived (HKDF) from the service's configured data key and its purpose, so neither
 * is reused for the other nor by another service. Sealed values look like
 * `v1.<base64url(iv | tag | ciphertext)>`.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  /** `purpose` names the owner of the data, e.g. `identity`, `letters`. */
  constructor(dataKeyBase64: string, purpose: string) {
    const master = Buffer.from(dataKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    const derive = (use: string) =>
      Buffer.from(hkdfSync('sha256', master, '', `hall.${purpose}.${use}.v1`, 32));
    this.encryptionKey = derive('encrypt');
    this.indexKey = derive('index');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    const [version, data] = sealed.split('.');
    if (version !== 'v1' || !data) throw new Error('unknown personal-data format');
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The blind index of a (normalised) value: base64url HMAC-SHA-256. */
  index(plain: string): string {
    return createHmac('sha256', this.indexKey).update(plain, 'utf8').digest('base64url');
  }

  /** Whether `plain` has the blind index `stored`, compared in constant time. */
  matches(plain: string, stored: string): boolean {
    const given = Buffer.from(this.index(plain));
    const expected = Buffer.from(stored);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
