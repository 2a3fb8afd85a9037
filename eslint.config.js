// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.data/**',
      '.cache/**',
      'proto/gen/**',
      '**/dist/**',
      '**/.svelte-kit/**',
      '**/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['tools/**', 'bench/**', 'frontends/*/test/**'],
    rules: { 'no-console': 'off' },
  },
  // The SvelteKit front ends: Svelte's rules for .svelte files, browser and Node globals.
  ...svelte.configs.recommended,
  {
    files: ['frontends/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // The apps are served at the root (no paths.base): resolve() would add nothing.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['frontends/**/*.svelte', 'frontends/**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
);
