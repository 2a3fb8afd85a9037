/**
 * tools/bundle <component> <outdir>: the production bundle of one component, which is exactly
 * what its image's runtime stage copies (the Dockerfiles run this; tools/bundle.test.ts
 * starts its output with plain `node`). See docs/adr/0014-images.md.
 *
 *   service (identity, catalog, …)   dist/server.js      telemetry first, then the service
 *                                    dist/migrate.js     the migrations Job's command
 *                                    dist/db/migrations  the committed drizzle migrations
 *   front end (portal, console)      build/              vite build (adapter-node)
 *   both                             node_modules/       `pnpm deploy --prod`: npm packages only
 *                                    package.json        `"type": "module"`, nothing else
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as esbuild from 'esbuild';

const root = join(import.meta.dirname, '..');

const services = [
  'identity',
  'catalog',
  'materials',
  'submissions',
  'letters',
  'publicity',
  'assistant',
] as const;
const frontends = ['portal', 'console'] as const;
type Component = (typeof services)[number] | (typeof frontends)[number];

const isService = (c: string): c is (typeof services)[number] =>
  (services as readonly string[]).includes(c);
const isFrontend = (c: string): c is (typeof frontends)[number] =>
  (frontends as readonly string[]).includes(c);

/** Neither runs nor is read at run time, and source maps carry the sources themselves. */
const NOT_SHIPPED = /\.(map|d\.ts|d\.mts|d\.cts)$/;

function pnpm(args: string[]): void {
  // pnpm's progress goes to stderr: stdout stays free for whoever runs this script.
  execFileSync('pnpm', args, { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
}

/**
 * The component's production dependencies as a flat node_modules (hoisted: the bundle imports
 * its npm packages by bare name from the bundle's root), from the lockfile and the store only.
 * pnpm 10 deploys a workspace package only with injected workspace packages: set for this
 * command alone, so the workspace keeps its symlinked packages.
 */
async function deployNodeModules(component: Component, outDir: string): Promise<void> {
  const staging = join(outDir, '.deploy');
  pnpm([
    `--filter=@hall/${component}`,
    '--prod',
    '--offline',
    '--config.inject-workspace-packages=true',
    '--config.node-linker=hoisted',
    'deploy',
    staging,
  ]);
  await rename(join(staging, 'node_modules'), join(outDir, 'node_modules'));
  await rm(staging, { recursive: true, force: true });
  // pnpm's bookkeeping and .bin: nothing the component runs.
  const modules = join(outDir, 'node_modules');
  for (const name of await readdir(modules))
    if (name.startsWith('.')) await rm(join(modules, name), { recursive: true, force: true });
}

/** Workspace packages are inside the bundle, so only npm packages stay external. */
const npmPackagesExternal: esbuild.Plugin = {
  name: 'npm-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@hall/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** `fastify` of `fastify/lib/x`, `@nats-io/jetstream` of `@nats-io/jetstream/internal`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Every npm package the bundle imports must resolve from the bundle's root, in the version its
 * workspace package was given: a bundled package whose dependency pnpm could not hoist (another
 * version won the top level) would silently get the other version.
 */
function checkExternals(metafile: esbuild.Metafile, outDir: string): void {
  const imported = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const i of output.imports)
      if (i.external && !i.path.startsWith('node:')) imported.add(packageName(i.path));
  const modules = join(outDir, 'node_modules');
  const problems: string[] = [];
  const workspaceDir = join(modules, '@hall');
  const workspacePackages = existsSync(workspaceDir) ? readdirSync(workspaceDir) : [];
  for (const name of imported) {
    if (!existsSync(join(modules, name, 'package.json'))) {
      problems.push(`${name} is imported but not in node_modules`);
      continue;
    }
    for (const ws of workspacePackages) {
      const nested = join(workspaceDir, ws, 'node_modules', name, 'package.json');
      if (existsSync(nested))
        problems.push(`@hall/${ws} needs its own ${name}, not the hoisted one`);
    }
  }
  if (problems.length)
    throw new Error(`the bundle's imports do not resolve:\n  ${problems.join('\n  ')}`);
}

async function bundleService(component: (typeof services)[number], outDir: string): Promise<void> {
  const serviceDir = join(root, 'services', component);
  const dist = join(outDir, 'dist');
  const [result] = await Promise.all([
    esbuild.build({
      entryPoints: {
        service: join(serviceDir, 'src/server.ts'),
        migrate: join(serviceDir, 'src/migrate.ts'),
        telemetry: join(root, 'services/platform/src/telemetry.ts'),
      },
      outdir: dist,
      bundle: true,
      // Shared code in chunks beside the entries: `new URL('./db/migrations', import.meta.url)`
      // then means dist/db/migrations from whichever file the code lands in.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      metafile: true,
      logLevel: 'warning',
      // npm packages stay real modules: OpenTelemetry patches fastify, http, pino, postgres…
      // as Node loads them, which it cannot do to code copied into a bundle.
      plugins: [npmPackagesExternal],
    }),
    deployNodeModules(component, outDir),
  ]);
  // Telemetry must be loaded before the modules it patches: static imports would all load
  // first, so the entry imports the two in turn.
  await writeFile(
    join(dist, 'server.js'),
    "await import('./telemetry.js');\nawait import('./service.js');\n",
  );
  await cp(join(serviceDir, 'src/db/migrations'), join(dist, 'db/migrations'), {
    recursive: true,
  });
  checkExternals(result.metafile, outDir);
  await rm(join(outDir, 'node_modules', '@hall'), { recursive: true, force: true });
}

/**
 * Vite refuses to build a project another Vite is building (tools/test, a colleague's run):
 * wait for that build to finish, then build.
 */
async function viteBuild(component: (typeof frontends)[number]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const run = spawnSync('pnpm', [`--filter=@hall/${component}`, 'run', 'build'], {
      cwd: root,
      encoding: 'utf8',
    });
    process.stderr.write(run.stdout + run.stderr);
    if (run.status === 0) return;
    if (!/Found another Vite build process/.test(run.stderr) || attempt === 60)
      throw new Error(`building ${component} failed (${run.signal ?? run.status})`);
    await sleep(2000);
  }
}

async function bundleFrontend(
  component: (typeof frontends)[number],
  outDir: string,
): Promise<void> {
  await viteBuild(component);
  await deployNodeModules(component, outDir);
  await cp(join(root, 'frontends', component, 'build'), join(outDir, 'build'), { recursive: true });
}

async function removeNotShipped(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeNotShipped(path);
    else if (NOT_SHIPPED.test(entry.name)) await rm(path);
  }
}

async function sizeOf(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

async function bundle(component: string, outDir: string): Promise<void> {
  if (!isService(component) && !isFrontend(component))
    throw new Error(
      `unknown component '${component}': one of ${[...services, ...frontends].join(', ')}`,
    );
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (isService(component)) await bundleService(component, outDir);
  else await bundleFrontend(component, outDir);
  const { name, version } = JSON.parse(
    readFileSync(
      join(root, isService(component) ? 'services' : 'frontends', component, 'package.json'),
      'utf8',
    ),
  ) as { name: string; version: string };
  await writeFile(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name, version, private: true, type: 'module' }, null, 2)}\n`,
  );
  await removeNotShipped(outDir);
}

const [component, out] = process.argv.slice(2);
if (!component || !out) {
  console.error('usage: tools/bundle <component> <outdir>');
  process.exit(2);
}
const outDir = resolve(out);
await bundle(component, outDir);
const mib = (await sizeOf(outDir)) / 1024 / 1024;
console.error(`${component}: ${outDir} (${mib.toFixed(1)} MiB)`);
