// Lint rules, including the folder boundaries of the architecture (see README, "Folder map").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const restrict = (patterns) => ['error', { patterns }];

const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only src/main and src/preload may talk to Electron; go through the platform seam.',
};
const noNode = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process'],
  message: 'Node APIs are for the main process; this code must also run in a browser.',
};
const noDexie = {
  group: ['dexie', 'dexie/*'],
  message: 'Only src/renderer/src/lib/data imports Dexie; use a repository.',
};
const noUi = {
  group: ['svelte', 'svelte/*', '**/*.svelte', '**/renderer/**'],
  message: 'Core is pure TypeScript: no UI, no renderer code.',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig: undefined },
      globals: globals.browser,
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        noElectron,
        noNode,
        noDexie,
        noUi,
        { group: ['**/main/**', '**/preload/**'], message: 'Core depends on nothing above it.' },
      ]),
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict([
        noElectron,
        noNode,
        noDexie,
        {
          group: ['**/main/**', '**/preload/**'],
          message: 'The renderer reaches main only through window.api.',
        },
      ]),
    },
  },
  {
    files: ['src/renderer/src/lib/data/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([noElectron, noNode]),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/renderer/**', '**/preload/**'],
          message: 'Main never imports renderer or preload code.',
        },
        noDexie,
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        noNode,
        {
          group: ['**/renderer/**', '**/main/**'],
          message: 'The sandboxed preload imports only electron and core types.',
        },
      ]),
    },
  },
  {
    files: ['tests/**/*.ts', '*.config.*', 'renderer.config.ts', 'scripts/**', 'bench/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
