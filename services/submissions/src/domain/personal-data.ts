import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Confidentiality of important personal data in storage (等保 2.0 level 3, ADR 3): ID numbers,
 * mobile numbers and query passwords are encrypted with AES-256-GCM before they reach the
 * database, under a key derived (HKDF) from SUBMISSIONS_DATA_KEY for this purpose only.
 * Sealed values look like `v1.<base64url(iv | tag | ciphertext)>`.
 */
export class PersonalDataCipher {
  private readonly key: Buffer;

  constructor(dataKeyBase64: string) {
    const master = Buffer.from(dataKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', master, '', 'hall.submissions.encrypt.v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    const [version, data] = sealed.split('.');
    if (version !== 'v1' || !data) throw new Error('unknown personal-data format');
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
