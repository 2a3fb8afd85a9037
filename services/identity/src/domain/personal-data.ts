import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Confidentiality of important personal data in storage (等保 2.0 level 3): ID numbers and
 * phone numbers are encrypted with AES-256-GCM before they reach the database, and looked up or
 * kept unique through an HMAC ("blind index") instead of the plain value. Encryption and index
 * keys are derived from one configured data key so neither is ever reused for the other.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(dataKeyBase64: string) {
    const master = Buffer.from(dataKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', master, '', 'hall.identity.encrypt.v1', 32),
    );
    this.indexKey = Buffer.from(hkdfSync('sha256', master, '', 'hall.identity.index.v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(sealed: string): string {
    const [version, data] = sealed.split('.');
    if (version !== 'v1' || !data) throw new Error('unknown personal-data format');
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  index(plain: string): string {
    return createHmac('sha256', this.indexKey).update(plain).digest('base64url');
  }
}
