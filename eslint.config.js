import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.{ts,mts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // Type-aware rules on production code: .ts files through TypeScript's project service (the solution
    // tsconfig.json finds each file's project), .vue files through the renderer's program.
    files: ['src-*/**/*.{ts,mts,vue}', 'scripts/**/*.ts'],
    rules: tseslint.configs.strictTypeChecked.find((c) => c.name === 'typescript-eslint/strict-type-checked')?.rules,
  },
  {
    files: ['src-*/**/*.{ts,mts}', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src-*/**/*.vue'],
    languageOptions: { parserOptions: { project: 'tsconfig.web.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src-*/**/*.{ts,mts,vue}', 'scripts/**/*.ts'],
    rules: {
      // Counts and times read naturally in messages; anything else in a template literal must be a string.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void work()` and `(x) => store.set(x)` are the house's shorthand for callbacks.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // No import cycles: a module's dependencies can be read (and tested) without the module itself.
    files: ['**/*.{ts,mts,js,mjs,vue}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs', '.vue'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'], 'vue-eslint-parser': ['.vue'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // The cycle rule parses a .ts file's .vue imports with the importing file's parser options: the
    // <script lang="ts"> in them needs the TypeScript parser, as for .vue files themselves.
    files: ['**/*.{ts,mts}'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The end-user pages the backend serves are small browser modules: the contract's types only (its
    // schemas would put TypeBox in the page), no Node, nothing of the server or the console.
    files: ['src-user-pages/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-shared/**', 'typebox'], allowTypeImports: true, message: 'The pages import the contract’s types only.' },
            {
              group: ['node:*', 'electron', 'axios', '**/src-server/**', '**/src-main/**', '**/src-renderer/**'],
              message: 'The pages are plain browser code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer is untrusted web content: no Electron, no Node, no backend code in its bundle.
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The renderer reaches the main process only through window.api.' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'], message: 'The renderer has no Node.js.' },
            { group: ['**/src-server/**', '**/src-main/**', 'axios'], message: 'The renderer has no network and no main-process code.' },
          ],
        },
      ],
    },
  },
  {
    // Only the main process talks HTTP to the backend, and only through its client.
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src-renderer/**'], message: 'Main never imports renderer code.' }] }],
    },
  },
  {
    // Main's services are plain Node, so unit tests run them without Electron; Electron stays in the shell
    // around them. (This list replaces the one above for these files, so it repeats the renderer rule.)
    files: ['src-main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-renderer/**'], message: 'Main never imports renderer code.' },
            { group: ['electron', 'electron/*'], message: 'Services are plain Node: pass in what they need from Electron.' },
          ],
        },
      ],
    },
  },
);
