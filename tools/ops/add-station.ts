/**
 * Adds a station (站点) to the registry through identity's operator API: signs in as a platform
 * operator, then POST /stations. Every service learns of it from identity's station_changed
 * event: no redeploy. A host of its own is one more `global.stationHosts` entry and
 * tools/ops/upgrade.
 *
 *   kubectl -n hall port-forward svc/hall-identity 4001 &
 *   HALL_OPERATOR_USERNAME=admin HALL_OPERATOR_PASSWORD=… tools/ops/add-station \
 *     --key shuangqiao --name 双桥经开区 --kind special-zone [--parent cq] [--division-code 500111] \
 *     [--sort-order 50] [--identity-url http://127.0.0.1:4001] [--print]
 *
 * --print shows the two requests (password masked) without sending them.
 */
import { pathToFileURL } from 'node:url';

export interface StationInput {
  key: string;
  name: string;
  kind: string;
  parent?: string | null;
  divisionCode?: string | null;
  sortOrder?: number;
}

export interface PlannedRequest {
  method: 'POST';
  url: string;
  body: unknown;
  bearer?: string;
}

export function parseStation(argv: string[]): {
  station: StationInput;
  identityUrl: string;
  print: boolean;
} {
  const flags = new Map<string, string>();
  let print = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--print') print = true;
    else if (argv[i]!.startsWith('--')) flags.set(argv[i]!.slice(2), argv[++i] ?? '');
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  const need = (name: string) => {
    const value = flags.get(name);
    if (!value) throw new Error(`--${name} is required`);
    return value;
  };
  const station: StationInput = {
    key: need('key'),
    name: need('name'),
    kind: need('kind'),
    parent: flags.get('parent') ?? 'cq',
  };
  if (flags.has('division-code')) station.divisionCode = flags.get('division-code')!;
  if (flags.has('sort-order')) station.sortOrder = Number(flags.get('sort-order'));
  const identityUrl = (flags.get('identity-url') ?? 'http://127.0.0.1:4001').replace(/\/+$/, '');
  return { station, identityUrl, print };
}

export function plan(identityUrl: string, username: string, station: StationInput) {
  return {
    signIn: {
      method: 'POST',
      url: `${identityUrl}/staff/sessions`,
      body: { username, password: '********' },
    } satisfies PlannedRequest,
    create: {
      method: 'POST',
      url: `${identityUrl}/stations`,
      body: station,
      bearer: '<operator access token>',
    } satisfies PlannedRequest,
  };
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer!;
}

async function main(argv: string[]): Promise<void> {
  const { station, identityUrl, print } = parseStation(argv);
  const username = process.env.HALL_OPERATOR_USERNAME ?? '';
  const password = process.env.HALL_OPERATOR_PASSWORD ?? '';
  const steps = plan(identityUrl, username || '<HALL_OPERATOR_USERNAME>', station);
  if (print) {
    for (const step of [steps.signIn, steps.create])
      console.log(`${step.method} ${step.url} ${JSON.stringify(step.body)}`);
    return;
  }
  if (!username || !password)
    throw new Error('set HALL_OPERATOR_USERNAME and HALL_OPERATOR_PASSWORD (a platform operator)');
  const session = await post(steps.signIn.url, { username, password });
  const created = await post(steps.create.url, station, String(session.accessToken));
  console.log(`station ${String(created.key)} (${String(created.name)}) added`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
