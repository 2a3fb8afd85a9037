/**
 * Node module hooks that let a tap test import .svelte files: each is compiled on load with
 * svelte/compiler for the server (CSS injected into `head`), so `svelte/server`'s render() can
 * render it without SvelteKit or Vite. Registered with `module.register()` by the test.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.svelte')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { js, warnings } = compile(await readFile(filename, 'utf8'), {
    filename,
    generate: 'server',
    css: 'injected',
  });
  if (warnings.length > 0) {
    throw new Error(`${filename}: ${warnings.map((w) => `${w.code}: ${w.message}`).join('\n')}`);
  }
  return { format: 'module', source: js.code, shortCircuit: true };
}
