import { hash, verify, type Options } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): about 30 ms a hash on these machines.
// `algorithm: 2` is Argon2id (a const enum the package declares but we cannot import by name).
const options: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, options);
}

export function verifySecret(hashed: string, secret: string): Promise<boolean> {
  return verify(hashed, secret);
}

/**
 * Verified against when the username does not exist, so a sign-in for an unknown user costs
 * the same time as one with a wrong password and does not reveal which usernames exist.
 */
let decoy: Promise<string> | undefined;
export async function spendVerificationTime(secret: string): Promise<void> {
  decoy ??= hashSecret('decoy-password-never-matches');
  await verify(await decoy, secret);
}
