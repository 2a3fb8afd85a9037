/**
 * The Kubernetes deliverables, offline: tools/k8s-check (helm lint/template of every example
 * values set, every object validated against the Kubernetes schemas, the kustomize overlays, the
 * schema refusing bad values, generated files up to date), what the rendered chart must
 * guarantee, and the operator scripts' cluster-free modes (the signing key rotation on a real
 * JWK set, the --print plans).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SigningKeys } from '../../services/identity/src/domain/signing-keys';
import { parseStation } from '../ops/add-station';
import { rotate, RotationError, type Jwks } from '../ops/signing-keys';

const root = join(import.meta.dirname, '../..');
// The first run on a machine builds helm with Go (minutes); later runs take seconds.
t.setTimeout(30 * 60_000);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  // Rendered manifests are deep, loosely typed JSON; the assertions check their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: Record<string, any>;
  data?: Record<string, string>;
}

const SERVICES = [
  'identity',
  'catalog',
  'materials',
  'submissions',
  'letters',
  'publicity',
  'assistant',
];
const FRONTENDS = ['portal', 'console'];

function run(command: string, args: string[], timeout = 120_000) {
  return spawnSync(join(root, command), args, { cwd: root, encoding: 'utf8', timeout });
}

// Asynchronous, so that the event loop stays free (tap's runner learns the timeout above).
const check = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
  (resolve) => {
    const child = spawn(join(root, 'tools/k8s-check'), [], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  },
);
const rendered = (name: string): K8sObject[] =>
  JSON.parse(readFileSync(join(root, '.data/k8s-check', `${name}.yaml.json`), 'utf8'));
const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

t.test('tools/k8s-check passes every check', async (t) => {
  t.equal(check.status, 0, `tools/k8s-check failed:\n${check.stdout}\n${check.stderr}`);
  for (const values of ['minimal', 'production', 'all-stations', 'dev']) {
    t.match(check.stdout, `ok: helm lint ${values}\n`);
    t.match(check.stdout, `ok: schemas: chart with ${values} values\n`);
  }
  for (const overlay of ['dev', 'production']) {
    t.match(check.stdout, `ok: kubectl kustomize k8s/overlays/${overlay}/`);
    t.match(check.stdout, `ok: schemas: overlay ${overlay}\n`);
  }
  for (const bad of ['inline-secret', 'unknown-component', 'bad-replicas', 'bad-station-host'])
    t.match(check.stdout, `ok: values.schema.json refuses ${bad}.yaml`);
  t.match(check.stdout, 'ok: k8s/base/hall.yaml is up to date');
  t.match(check.stdout, 'ok: charts/hall/examples/all-stations.yaml is up to date');
  t.match(check.stdout, /not validated: .*Cluster\/hall-pg \(CloudNativePG CRD/);
  t.notMatch(check.stdout, /^FAIL/m);
});

t.test('every component runs locked down, probed and spread', async (t) => {
  const objects = rendered('chart-minimal');
  const deployments = byKind(objects, 'Deployment');
  t.same(
    deployments.map((d) => d.metadata.name).sort(),
    [...SERVICES, ...FRONTENDS].map((n) => `hall-${n}`).sort(),
  );
  for (const d of deployments) {
    const name = d.metadata.name.replace(/^hall-/, '');
    const pod = d.spec!.template.spec;
    const [container] = pod.containers;
    t.equal(container.image, `hall/${name}:0.1.0`, `${name} image`);
    t.match(
      container.securityContext,
      {
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 10001,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      `${name} securityContext`,
    );
    t.match(
      pod.securityContext,
      { runAsUser: 10001, runAsNonRoot: true },
      `${name} pod securityContext`,
    );
    t.equal(pod.automountServiceAccountToken, false, `${name} mounts no API token`);
    t.equal(pod.serviceAccountName, `hall-${name}`);
    const ready = SERVICES.includes(name) ? '/readyz' : '/healthz';
    t.equal(container.readinessProbe.httpGet.path, ready, `${name} readiness`);
    t.equal(container.livenessProbe.httpGet.path, '/healthz', `${name} liveness`);
    t.ok(container.startupProbe, `${name} startupProbe`);
    t.ok(
      pod.volumes.some((v: { name: string; emptyDir?: object }) => v.name === 'tmp' && v.emptyDir),
      `${name} /tmp emptyDir`,
    );
    t.same(
      pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey).sort(),
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
    );
    t.match(d.spec!.template.metadata.annotations['checksum/config'], /^[0-9a-f]{64}$/);
    // Secrets are referenced, never inlined: every env entry with a value is from the ConfigMap.
    for (const env of container.env ?? [])
      t.ok(env.valueFrom?.secretKeyRef, `${name} ${env.name} from a Secret`);
  }
  t.equal(byKind(objects, 'PodDisruptionBudget').length, 9);
  t.equal(byKind(objects, 'Service').length, 9);

  const identity = named(objects, 'ConfigMap', 'hall-identity-env').data!;
  t.equal(identity.IDENTITY_SIGNING_KEYS_FILE, '/etc/hall/signing-keys/jwks.json');
  t.equal(identity.HOST, '0.0.0.0');
  t.equal(named(objects, 'ConfigMap', 'hall-materials-env').data!.MATERIALS_STORAGE, 'objectstore');
  t.equal(
    named(objects, 'ConfigMap', 'hall-catalog-env').data!.IDENTITY_JWKS_URL,
    'http://hall-identity:4001/.well-known/jwks.json',
  );
  const portal = named(objects, 'ConfigMap', 'hall-portal-env').data!;
  t.match(portal, {
    PORT: '4000',
    IDENTITY_URL: 'http://hall-identity:4001',
    SUBMISSIONS_URL: 'http://hall-submissions:4004',
    PUBLICITY_URL: 'http://hall-publicity:4006',
  });
  const identityEnv = named(objects, 'Deployment', 'hall-identity').spec!.template.spec
    .containers[0].env;
  t.match(identityEnv, [
    {
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'hall-postgres', key: 'identity' } },
    },
    { name: 'IDENTITY_DATA_KEY' },
  ]);
});

t.test('a migrations Job per service runs before install and upgrade', async (t) => {
  const jobs = byKind(rendered('chart-minimal'), 'Job');
  t.same(jobs.map((j) => j.metadata.name).sort(), SERVICES.map((s) => `hall-${s}-migrate`).sort());
  for (const job of jobs) {
    t.equal(job.metadata.annotations!['helm.sh/hook'], 'pre-install,pre-upgrade');
    const [container] = job.spec!.template.spec.containers;
    t.same(container.command, ['node', 'dist/migrate.js']);
    t.ok(container.env.some((e: { name: string }) => e.name === 'DATABASE_URL'));
    t.equal(job.spec!.template.spec.serviceAccountName, 'hall-migrations');
  }
});

t.test('network policies let only what must talk talk', async (t) => {
  const objects = rendered('chart-minimal');
  const policy = (name: string) => named(objects, 'NetworkPolicy', `hall-${name}`).spec!;
  const deny = named(objects, 'NetworkPolicy', 'hall-default-deny').spec!;
  t.same(deny.policyTypes, ['Ingress', 'Egress']);
  t.notOk(deny.ingress ?? deny.egress, 'default deny has no rules');
  const egressPorts = (name: string) =>
    policy(name)
      .egress.flatMap((rule: { ports: Array<{ port: number }> }) => rule.ports.map((p) => p.port))
      .sort((a: number, b: number) => a - b);
  t.same(egressPorts('portal'), [53, 53, 4001, 4002, 4003, 4004, 4005, 4006, 4007]);
  t.same(
    egressPorts('catalog'),
    [53, 53, 4001, 4222, 5432],
    'a service: DNS, identity (JWKS), NATS, PostgreSQL',
  );
  t.same(egressPorts('assistant'), [53, 53, 4222, 5432], 'assistant verifies no tokens');
  t.same(egressPorts('migrations'), [53, 53, 5432]);
  const from = (name: string) =>
    (policy(name).ingress ?? [])
      .flatMap(
        (rule: {
          from: Array<{
            podSelector?: { matchLabels: Record<string, string> };
            namespaceSelector?: unknown;
          }>;
        }) =>
          rule.from.map(
            (peer) =>
              peer.podSelector?.matchLabels['app.kubernetes.io/component'] ??
              peer.podSelector?.matchLabels['app.kubernetes.io/name'],
          ),
      )
      .sort();
  t.same(from('submissions'), ['console', 'portal']);
  t.same(from('identity'), [
    'catalog',
    'console',
    'letters',
    'materials',
    'portal',
    'publicity',
    'submissions',
  ]);
  t.same(from('portal'), ['ingress-nginx'], 'only the ingress controller reaches the portal');
});

t.test('ingress: portal and console hosts, every station host lands on its station', async (t) => {
  const objects = rendered('chart-all-stations');
  const ingresses = byKind(objects, 'Ingress');
  const main = named(objects, 'Ingress', 'hall');
  t.same(
    main.spec!.rules.map((r: { host: string }) => r.host),
    ['hall.example.gov.cn', 'console.hall.example.gov.cn'],
  );
  const stations = (
    JSON.parse(readFileSync(join(root, 'services/identity/src/db/stations.json'), 'utf8')) as {
      stations: Array<{ key: string }>;
    }
  ).stations;
  t.equal(ingresses.length, stations.length + 1);
  for (const { key } of stations) {
    const ingress = named(objects, 'Ingress', `hall-station-${key}`);
    t.equal(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/app-root'], `/${key}`);
    t.equal(ingress.spec!.rules[0].host, `${key}.hall.example.gov.cn`);
    t.equal(ingress.spec!.rules[0].http.paths[0].backend.service.name, 'hall-portal');
  }
});

t.test(
  'production: autoscaling, replicated streams, the kustomize overlay on a NATS cluster',
  async (t) => {
    const chart = rendered('chart-production');
    t.equal(byKind(chart, 'HorizontalPodAutoscaler').length, 9);
    t.notOk(named(chart, 'Deployment', 'hall-portal').spec!.replicas, 'replicas left to the HPA');
    t.equal(named(chart, 'ConfigMap', 'hall-materials-env').data!.MATERIALS_BUCKET_REPLICAS, '3');
    t.equal(
      named(chart, 'Deployment', 'hall-catalog').spec!.template.spec.containers[0].image,
      'registry.example.gov.cn/hall/catalog:0.1.0',
    );
    const overlay = rendered('kustomize-production');
    t.equal(named(overlay, 'StatefulSet', 'nats').spec!.replicas, 3);
    t.match(
      named(overlay, 'ConfigMap', 'hall-submissions-env').data!.NATS_URL,
      /^nats:\/\/nats-0\.nats-headless:4222,/,
    );
    t.equal(
      named(overlay, 'ConfigMap', 'hall-portal-env').data!.NATS_URL,
      undefined,
      'front ends get no NATS',
    );
    t.equal(named(overlay, 'Deployment', 'hall-identity').spec!.replicas, 3);
    t.ok(named(overlay, 'NetworkPolicy', 'hall-default-deny'));
    t.equal(named(overlay, 'Cluster', 'hall-pg').spec!.instances, 3);
    const dev = rendered('kustomize-dev');
    t.equal(byKind(dev, 'PodDisruptionBudget').length, 0);
    t.equal(named(dev, 'Deployment', 'hall-portal').spec!.replicas, 1);
  },
);

/** Verifies a compact JWS (EdDSA) against a public key set, as the services do. */
function verifies(token: string, jwks: Jwks): boolean {
  const [header, payload, signature] = token.split('.');
  const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string };
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) return false;
  const { d: _private, ...publicJwk } = jwk;
  const key = createPublicKey({
    key: publicJwk as JsonWebKey,
    format: 'jwk',
  });
  return verify(
    null,
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature!, 'base64url'),
  );
}

t.test('signing key rotation: publish, activate, retire, nobody signed out', async (t) => {
  const claims = { sub: 'u1', kind: 'person' } as unknown as Parameters<SigningKeys['sign']>[0];
  const initial = (await SigningKeys.generateJwks('k-old')) as Jwks;
  const oldToken = await (await SigningKeys.fromJwks(initial)).sign(claims, 300);

  const published = await rotate(initial, 'publish', 'k-new');
  t.same(
    published.keys.map((k) => k.kid),
    ['k-old', 'k-new'],
    'the new key is published last',
  );
  const stillOld = await (await SigningKeys.fromJwks(published)).sign(claims, 300);
  t.ok(
    verifies(stillOld, published) &&
      stillOld.includes(Buffer.from('"kid":"k-old"').toString('base64url').slice(0, 8)) !==
        undefined,
  );
  t.equal(
    JSON.parse(Buffer.from(stillOld.split('.')[0]!, 'base64url').toString()).kid,
    'k-old',
    'the old key still signs',
  );
  await t.rejects(rotate(published, 'publish'), RotationError, 'one rotation at a time');

  const active = await rotate(published, 'activate');
  t.same(
    active.keys.map((k) => k.kid),
    ['k-new', 'k-old'],
  );
  const newToken = await (await SigningKeys.fromJwks(active)).sign(claims, 300);
  t.equal(JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid, 'k-new');
  t.ok(verifies(newToken, published), 'services that fetched the published set verify new tokens');
  t.ok(verifies(oldToken, active), 'tokens signed before the switch still verify');
  t.same(
    (await SigningKeys.fromJwks(active)).publicJwks.keys.map((k) => k.kid),
    ['k-new', 'k-old'],
  );
  t.notOk(
    (await SigningKeys.fromJwks(active)).publicJwks.keys.some((k) => 'd' in k),
    'no private part published',
  );

  const retired = await rotate(active, 'retire');
  t.same(
    retired.keys.map((k) => k.kid),
    ['k-new'],
  );
  t.ok(verifies(newToken, retired));
  t.notOk(verifies(oldToken, retired), 'the old key verifies nothing once retired');
  await t.rejects(rotate(retired, 'retire'), RotationError);
  await t.rejects(rotate(retired, 'activate'), RotationError);

  // The script on a file: the same three steps through the CLI.
  const dir = mkdtempSync(join(tmpdir(), 'hall-jwks-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'jwks.json');
  writeFileSync(file, JSON.stringify(initial));
  for (const step of ['publish', 'activate', 'retire']) {
    const result = run('tools/ops/rotate-signing-key', [step, '--file', file]);
    t.equal(result.status, 0, `${step}: ${result.stderr}`);
  }
  const final = JSON.parse(readFileSync(file, 'utf8')) as Jwks;
  t.equal(final.keys.length, 1);
  t.not(final.keys[0]!.kid, 'k-old');
  t.ok(await SigningKeys.fromJwks(final), 'identity loads the rotated set');
  const refused = run('tools/ops/rotate-signing-key', ['retire', '--file', file]);
  t.equal(refused.status, 1);
  t.match(refused.stderr, 'nothing to retire');
});

t.test('operator scripts show their plan without a cluster', async (t) => {
  const install = run('tools/ops/install', [
    '--print',
    '-n',
    'hall',
    '-f',
    'charts/hall/examples/production.yaml',
    '--cnpg',
    'hall-pg',
  ]);
  t.equal(install.status, 0, install.stderr);
  t.match(
    install.stdout,
    /kubectl -n hall create secret generic hall-data-keys .*IDENTITY_DATA_KEY.*MATERIALS_LINK_SECRET/,
  );
  t.match(
    install.stdout,
    'create secret generic hall-identity-signing-keys --from-file=jwks.json=',
  );
  for (const service of SERVICES)
    t.match(
      install.stdout,
      `create secret generic hall-pg-${service} --type=kubernetes.io/basic-auth`,
    );
  t.match(
    install.stdout,
    /helm upgrade --install hall \S+\/charts\/hall --namespace hall -f charts\/hall\/examples\/production.yaml --wait --timeout 15m --rollback-on-failure/,
  );
  t.notMatch(install.stdout, /postgresql:\/\/|password=[^/]/, 'no secret value in the plan');

  const upgrade = run('tools/ops/upgrade', ['--print', '--tag', '0.2.0']);
  t.match(
    upgrade.stdout,
    /helm upgrade hall \S+ --namespace hall --set global.image.tag=0.2.0 --wait/,
  );

  for (const [script, redirect] of [
    ['backup', '>'],
    ['restore', '<'],
  ] as const) {
    const result = run(`tools/ops/${script}`, ['--print', '/backups/2026-01-05']);
    t.equal(result.status, 0, result.stderr);
    for (const service of SERVICES) {
      t.match(result.stdout, `"secretKeyRef":{"name":"hall-postgres","key":"${service}"}`);
      t.match(result.stdout, `${redirect} /backups/2026-01-05/${service}.dump`);
    }
    t.match(
      result.stdout,
      script === 'backup' ? 'pg_dump --format=custom' : 'pg_restore --clean --if-exists',
    );
  }

  const station = run('tools/ops/add-station', [
    '--print',
    '--key',
    'shuangqiao',
    '--name',
    '双桥经开区',
    '--kind',
    'special-zone',
    '--identity-url',
    'http://127.0.0.1:4001/',
  ]);
  t.equal(station.status, 0, station.stderr);
  t.match(station.stdout, 'POST http://127.0.0.1:4001/staff/sessions');
  t.match(
    station.stdout,
    'POST http://127.0.0.1:4001/stations {"key":"shuangqiao","name":"双桥经开区","kind":"special-zone","parent":"cq"}',
  );
  t.throws(() => parseStation(['--name', 'x', '--kind', 'district']), /--key is required/);

  const rotation = run('tools/ops/rotate-signing-key', ['activate', '--print', '-n', 'hall']);
  t.match(rotation.stdout, 'kubectl -n hall rollout restart deployment/hall-identity');
});
