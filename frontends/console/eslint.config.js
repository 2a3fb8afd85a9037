// @ts-check
// The repository's rules plus Svelte's, for this app's .svelte files (run `pnpm lint` here).
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import root from '../../eslint.config.js';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
  ...root,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // The console is served at the root (no paths.base): resolve() would add nothing but noise.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  {
    // The test harness and the screenshot script report progress on stdout.
    files: ['test/**'],
    rules: { 'no-console': 'off' },
  },
);
