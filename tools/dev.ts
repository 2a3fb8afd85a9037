/**
 * tools/dev: runs the whole hall locally and prints where to find it. See tools/dev (the shell
 * entry) for what it installs. Data lives under .data/dev; delete that folder to start afresh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SigningKeys } from '../services/identity/src/domain/signing-keys';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.data/dev');
mkdirSync(dataDir, { recursive: true });

const NATS_PORT = Number(process.env.DEV_NATS_PORT ?? 4222);
const ports = {
  portal: 4000,
  identity: 4001,
  catalog: 4002,
  materials: 4003,
  submissions: 4004,
  letters: 4005,
  publicity: 4006,
  assistant: 4007,
  console: 4100,
};

export const demo = {
  operator: { username: 'admin', password: 'Hall#Ops2026', name: '平台运维' },
  stationAdmin: {
    station: 'yuzhong',
    username: 'yzadmin',
    password: 'Yz#Admin2026',
    name: '渝中区站点管理员',
  },
  editor: {
    station: 'cq',
    username: 'cqeditor',
    password: 'Cq#Editor2026',
    name: '市级信息发布人员',
  },
  clerk: {
    station: 'cq',
    username: 'cqclerk',
    password: 'Cq#Clerk2026',
    name: '市级受理人员',
  },
  approver: {
    station: 'cq',
    username: 'cqapprover',
    password: 'Cq#Approve2026',
    name: '市级审批人员',
  },
  letters: {
    station: 'cq',
    username: 'cqletters',
    password: 'Cq#Letter2026',
    name: '市级信件办理人员',
  },
  person: {
    username: 'zhangsan',
    password: 'Cq#Hall2026',
    realName: '张三',
    idNumber: '500103199001011232',
    mobile: '13812345678',
  },
  unit: {
    username: 'cqkeji',
    password: 'Cq#Unit2026',
    unitName: '重庆示例科技有限公司',
    creditCode: '91500103MA5U0000X7',
    legalRepName: '李四',
    legalRepIdNumber: '500105198506124564',
    operatorName: '王五',
    operatorMobile: '13987654321',
  },
};

/** Secrets made once per machine and kept in .data/dev, so restarts keep sessions and data. */
async function devSecrets(): Promise<{
  keysFile: string;
  dataKey: string;
  submissionsDataKey: string;
  lettersDataKey: string;
  linkSecret: string;
}> {
  const keysFile = join(dataDir, 'identity-signing-keys.json');
  if (!existsSync(keysFile))
    writeFileSync(keysFile, JSON.stringify(await SigningKeys.generateJwks('dev-1')), {
      mode: 0o600,
    });
  const secret = (file: string, bytes: number): string => {
    const path = join(dataDir, file);
    if (!existsSync(path))
      writeFileSync(path, randomBytes(bytes).toString('base64'), { mode: 0o600 });
    return readFileSync(path, 'utf8').trim();
  };
  return {
    keysFile,
    dataKey: secret('identity-data-key', 32),
    submissionsDataKey: secret('submissions-data-key', 32),
    lettersDataKey: secret('letters-data-key', 32),
    linkSecret: secret('materials-link-secret', 48),
  };
}

const children: ChildProcess[] = [];

function run(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = root,
): ChildProcess {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  forward(child.stdout!, process.stdout);
  forward(child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the hall`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

/** Runs a one-shot command with the same output prefixing; rejects unless it exits 0. */
function runToEnd(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = root,
): Promise<void> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (${signal ?? code})`)),
    );
  });
}

let shuttingDown = false;
async function shutdown(code = 0): Promise<never> {
  shuttingDown = true;
  // Newest first, each awaited: services drain their NATS connections before nats-server stops.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

async function waitReady(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

/** Demo accounts; each step is skipped when it was done on an earlier start. */
async function seed(identity: string): Promise<void> {
  const ok = ({ status, body }: { status: number; body: unknown }, what: string) => {
    if (status >= 400 && status !== 409)
      throw new Error(`seeding ${what} failed: ${status} ${JSON.stringify(body)}`);
  };
  ok(await api('POST', `${identity}/accounts/person`, demo.person), 'the demo citizen');
  ok(await api('POST', `${identity}/accounts/unit`, demo.unit), 'the demo company');
  const signedIn = await api<{ accessToken: string }>('POST', `${identity}/staff/sessions`, {
    username: demo.operator.username,
    password: demo.operator.password,
  });
  ok(signedIn, 'operator sign-in');
  const { station, ...admin } = demo.stationAdmin;
  ok(
    await api(
      'POST',
      `${identity}/stations/${station}/staff`,
      { ...admin, roles: ['station_admin'] },
      signedIn.body.accessToken,
    ),
    'the station admin',
  );
  const { station: editorStation, ...editor } = demo.editor;
  ok(
    await api(
      'POST',
      `${identity}/stations/${editorStation}/staff`,
      { ...editor, roles: ['editor'] },
      signedIn.body.accessToken,
    ),
    'the catalog editor',
  );
  for (const [member, roles] of [
    [demo.clerk, ['clerk']],
    [demo.approver, ['approver']],
    [demo.letters, ['letters']],
  ] as const) {
    const { station: memberStation, ...account } = member;
    ok(
      await api(
        'POST',
        `${identity}/stations/${memberStation}/staff`,
        { ...account, roles },
        signedIn.body.accessToken,
      ),
      account.name,
    );
  }
}

async function main(): Promise<void> {
  const natsUrl = process.env.NATS_URL ?? `nats://127.0.0.1:${NATS_PORT}`;
  if (!process.env.NATS_URL) {
    mkdirSync(join(dataDir, 'nats'), { recursive: true });
    run(
      'nats',
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(NATS_PORT), '-sd', join(dataDir, 'nats')],
      {},
    );
  }
  const { keysFile, dataKey, submissionsDataKey, lettersDataKey, linkSecret } = await devSecrets();
  const common = {
    NODE_ENV: 'development',
    NATS_URL: natsUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };

  run(
    'identity',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      IDENTITY_PORT: String(ports.identity),
      // Sign-in limits count per citizen address, which reaches identity through the portal.
      TRUST_PROXY: 'true',
      PGLITE_DATA_DIR: join(dataDir, 'pglite/identity'),
      IDENTITY_SIGNING_KEYS_FILE: keysFile,
      IDENTITY_DATA_KEY: dataKey,
      BOOTSTRAP_OPERATOR_USERNAME: demo.operator.username,
      BOOTSTRAP_OPERATOR_PASSWORD: demo.operator.password,
    },
    join(root, 'services/identity'),
  );
  const identity = `http://127.0.0.1:${ports.identity}`;
  await waitReady('identity', `${identity}/readyz`);
  await seed(identity);

  // The catalog's demo data (every station's departments; items for cq and several districts)
  // goes in before the service opens its embedded database: idempotent, so restarts add nothing.
  const catalogEnv = {
    ...common,
    CATALOG_PORT: String(ports.catalog),
    PGLITE_DATA_DIR: join(dataDir, 'pglite/catalog'),
    IDENTITY_JWKS_URL: `${identity}/.well-known/jwks.json`,
  };
  await runToEnd(
    'catalog-seed',
    'node',
    ['--import', 'tsx', 'src/db/seed/run.ts'],
    catalogEnv,
    join(root, 'services/catalog'),
  );
  run(
    'catalog',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    catalogEnv,
    join(root, 'services/catalog'),
  );
  const catalog = `http://127.0.0.1:${ports.catalog}`;
  await waitReady('catalog', `${catalog}/readyz`);

  // The robot indexes what the catalog and letters publish; it replays the events stream on its
  // first start, so the seed above reaches it too.
  run(
    'assistant',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      ASSISTANT_PORT: String(ports.assistant),
      PGLITE_DATA_DIR: join(dataDir, 'pglite/assistant'),
      // Questions are rate-limited per citizen address, which reaches the robot through the portal.
      TRUST_PROXY: 'true',
    },
    join(root, 'services/assistant'),
  );
  const assistant = `http://127.0.0.1:${ports.assistant}`;

  const jwks = { IDENTITY_JWKS_URL: `${identity}/.well-known/jwks.json` };
  run(
    'materials',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      ...jwks,
      MATERIALS_PORT: String(ports.materials),
      PGLITE_DATA_DIR: join(dataDir, 'pglite/materials'),
      MATERIALS_STORAGE_DIR: join(dataDir, 'materials'),
      MATERIALS_LINK_SECRET: linkSecret,
      // Audit records carry the citizen's address, which reaches materials through the front ends.
      TRUST_PROXY: 'true',
    },
    join(root, 'services/materials'),
  );
  const materials = `http://127.0.0.1:${ports.materials}`;
  run(
    'submissions',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      ...jwks,
      SUBMISSIONS_PORT: String(ports.submissions),
      PGLITE_DATA_DIR: join(dataDir, 'pglite/submissions'),
      SUBMISSIONS_DATA_KEY: submissionsDataKey,
      // 进度查询 is rate-limited per citizen address, which reaches submissions through the portal.
      TRUST_PROXY: 'true',
      PORTAL_PUBLIC_URL: `http://127.0.0.1:${ports.portal}`,
    },
    join(root, 'services/submissions'),
  );
  const submissions = `http://127.0.0.1:${ports.submissions}`;
  run(
    'letters',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      ...jwks,
      LETTERS_PORT: String(ports.letters),
      PGLITE_DATA_DIR: join(dataDir, 'pglite/letters'),
      LETTERS_DATA_KEY: lettersDataKey,
      // Submissions and look-ups are rate-limited per citizen address (through the front ends).
      TRUST_PROXY: 'true',
    },
    join(root, 'services/letters'),
  );
  const letters = `http://127.0.0.1:${ports.letters}`;
  run(
    'publicity',
    'node',
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...common,
      ...jwks,
      PUBLICITY_PORT: String(ports.publicity),
      PGLITE_DATA_DIR: join(dataDir, 'pglite/publicity'),
      // Audit records carry the staff member's address, which reaches publicity through the console.
      TRUST_PROXY: 'true',
    },
    join(root, 'services/publicity'),
  );
  const publicity = `http://127.0.0.1:${ports.publicity}`;
  await waitReady('materials', `${materials}/readyz`);
  await waitReady('submissions', `${submissions}/readyz`);
  await waitReady('letters', `${letters}/readyz`);
  await waitReady('publicity', `${publicity}/readyz`);
  await waitReady('assistant', `${assistant}/readyz`);
  const serviceUrls = {
    // Uploads (材料, 结果材料) stream through the front ends; materials enforces its own limits.
    BODY_SIZE_LIMIT: '101M',
    IDENTITY_URL: identity,
    CATALOG_URL: catalog,
    MATERIALS_URL: materials,
    SUBMISSIONS_URL: submissions,
    LETTERS_URL: letters,
    ASSISTANT_URL: assistant,
    PUBLICITY_URL: publicity,
  };

  const portal = `http://127.0.0.1:${ports.portal}`;
  run(
    'portal',
    'node',
    ['build'],
    {
      HOST: '127.0.0.1',
      PORT: String(ports.portal),
      ORIGIN: portal,
      ...serviceUrls,
    },
    join(root, 'frontends/portal'),
  );
  await waitReady('portal', `${portal}/robots.txt`);

  const staffConsole = `http://127.0.0.1:${ports.console}`;
  run(
    'console',
    'node',
    ['build'],
    {
      HOST: '127.0.0.1',
      PORT: String(ports.console),
      ORIGIN: staffConsole,
      ...serviceUrls,
    },
    join(root, 'frontends/console'),
  );
  await waitReady('console', `${staffConsole}/robots.txt`);

  console.log(`
重庆网上行政审批大厅 — running (Ctrl-C stops it)

  网上大厅    ${portal}/cq
  工作人员控制台 ${staffConsole}
  identity   ${identity}   OpenAPI ${identity}/docs
  catalog    ${catalog}   OpenAPI ${catalog}/docs
  materials  ${materials}   OpenAPI ${materials}/docs
  submissions ${submissions}   OpenAPI ${submissions}/docs
  letters    ${letters}   OpenAPI ${letters}/docs
  publicity  ${publicity}   OpenAPI ${publicity}/docs
  assistant  ${assistant}   OpenAPI ${assistant}/docs
  NATS       ${natsUrl}
  data       ${dataDir}

Demo accounts
  平台运维 (operator)        ${demo.operator.username} / ${demo.operator.password}
  渝中区站点管理员            ${demo.stationAdmin.username} / ${demo.stationAdmin.password}
  市级信息发布人员 (权力清单)  ${demo.editor.username} / ${demo.editor.password}
  市级受理人员 (预审、受理)    ${demo.clerk.username} / ${demo.clerk.password}
  市级审批人员 (办结)          ${demo.approver.username} / ${demo.approver.password}
  市级信件办理人员 (咨询投诉)  ${demo.letters.username} / ${demo.letters.password}
  个人用户 张三               ${demo.person.username} / ${demo.person.password}
  单位用户 重庆示例科技有限公司 ${demo.unit.username} / ${demo.unit.password}
`);
}

main().catch((err: unknown) => {
  console.error(err);
  void shutdown(1);
});
