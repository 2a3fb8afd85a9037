/**
 * identity's signing keys (IDENTITY_SIGNING_KEYS_FILE, a JWK set whose FIRST key signs and whose
 * keys all verify) and their rotation without signing anybody out, in three steps with a roll of
 * identity after each:
 *
 *   publish   append a new key: published in the JWKS, not signing yet. Once every identity
 *             replica serves it, every service can verify tokens it will sign.
 *   activate  move the newest key first: it signs from now on; the old key still verifies the
 *             access tokens it signed.
 *   retire    after the access token lifetime (ACCESS_TOKEN_TTL_SECONDS, 300 s) has passed since
 *             the roll, drop every key but the first.
 *
 * Publishing before signing matters with several replicas: during a roll, a service may fetch
 * the JWKS from a replica that has not restarted yet; it already knows the new key then.
 *
 *   tools/ops/rotate-signing-key publish|activate|retire --file jwks.json   a local file
 *   tools/ops/rotate-signing-key publish|activate|retire [-n hall] [--release hall] [--print]
 *   node --import tsx tools/ops/signing-keys.ts new                         a new set on stdout
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SigningKeys } from '../../services/identity/src/domain/signing-keys';

/** A private JWK set, as identity reads it. */
export type Jwks = Awaited<ReturnType<typeof SigningKeys.generateJwks>>;

export type RotationStep = 'publish' | 'activate' | 'retire';

export class RotationError extends Error {
  override name = 'RotationError';
}

/** A kid that sorts by creation time, readable in logs, unique: k20260105t073312-9f3a. */
export function newKid(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', 't').slice(0, 15);
  return `k${stamp}-${randomBytes(2).toString('hex')}`;
}

export async function rotate(jwks: Jwks, step: RotationStep, kid = newKid()): Promise<Jwks> {
  const keys = jwks.keys;
  if (keys.length === 0 || keys.some((k) => !k.kid || !k.d))
    throw new RotationError('the key set must hold private keys, each with a kid');
  switch (step) {
    case 'publish': {
      if (keys.length > 1)
        throw new RotationError(
          `a rotation is under way (${keys.length} keys): activate or retire it first`,
        );
      if (keys.some((k) => k.kid === kid)) throw new RotationError(`kid ${kid} is taken`);
      const [fresh] = (await SigningKeys.generateJwks(kid)).keys;
      return { keys: [...keys, fresh!] };
    }
    case 'activate': {
      if (keys.length < 2) throw new RotationError('no published key to activate: publish first');
      const newest = keys[keys.length - 1]!;
      return { keys: [newest, ...keys.slice(0, -1)] };
    }
    case 'retire':
      if (keys.length < 2) throw new RotationError('only one key: nothing to retire');
      return { keys: [keys[0]!] };
  }
}

function kids(jwks: Jwks): string {
  return jwks.keys.map((k, i) => (i === 0 ? `${k.kid} (signs)` : k.kid)).join(', ');
}

interface Options {
  step: RotationStep;
  file?: string;
  namespace: string;
  release: string;
  secret: string;
  key: string;
  print: boolean;
}

function parse(argv: string[]): Options {
  const [step, ...rest] = argv;
  if (step !== 'publish' && step !== 'activate' && step !== 'retire')
    throw new RotationError('usage: rotate-signing-key publish|activate|retire [options]');
  const options: Options = {
    step,
    namespace: process.env.HALL_NAMESPACE ?? 'hall',
    release: process.env.HALL_RELEASE ?? 'hall',
    secret: 'hall-identity-signing-keys',
    key: 'jwks.json',
    print: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => rest[++i] ?? '';
    if (flag === '--file') options.file = value();
    else if (flag === '-n' || flag === '--namespace') options.namespace = value();
    else if (flag === '--release') options.release = value();
    else if (flag === '--secret') options.secret = value();
    else if (flag === '--key') options.key = value();
    else if (flag === '--print') options.print = true;
    else throw new RotationError(`unknown option ${flag}`);
  }
  return options;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'new') {
    process.stdout.write(JSON.stringify(await SigningKeys.generateJwks(newKid())) + '\n');
    return;
  }
  const o = parse(argv);
  if (o.file) {
    const next = await rotate(JSON.parse(readFileSync(o.file, 'utf8')) as Jwks, o.step);
    writeFileSync(o.file, JSON.stringify(next) + '\n', { mode: 0o600 });
    console.log(`${o.step}: ${o.file} now holds ${kids(next)}`);
    return;
  }
  const identity = `deployment/${o.release}-identity`;
  const kubectl = (...args: string[]) => ['kubectl', '-n', o.namespace, ...args];
  const read = kubectl(
    'get',
    'secret',
    o.secret,
    '-o',
    `jsonpath={.data.${o.key.replace(/\./g, '\\.')}}`,
  );
  const apply = kubectl('apply', '-f', '-');
  const restart = kubectl('rollout', 'restart', identity);
  const wait = kubectl('rollout', 'status', identity, '--timeout=10m');
  if (o.print) {
    console.log(read.join(' '));
    console.log(`# ${o.step} the key set, then apply the Secret with it:`);
    console.log(apply.join(' '));
    console.log(restart.join(' '));
    console.log(wait.join(' '));
    return;
  }
  const run = (command: string[], input?: string) =>
    execFileSync(command[0]!, command.slice(1), {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'inherit'],
    });
  const current = JSON.parse(Buffer.from(run(read), 'base64').toString('utf8')) as Jwks;
  const next = await rotate(current, o.step);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: o.secret, namespace: o.namespace },
    type: 'Opaque',
    data: { [o.key]: Buffer.from(JSON.stringify(next)).toString('base64') },
  };
  run(apply, JSON.stringify(secret));
  run(restart);
  run(wait);
  console.log(`${o.step}: identity rolled; keys ${kids(next)}`);
  if (o.step === 'activate')
    console.log(
      'retire the old key once the access token lifetime (ACCESS_TOKEN_TTL_SECONDS, 300 s) has passed',
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
