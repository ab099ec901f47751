// Lint rules for the whole repository (flat config). `npm run lint` runs it; `npm test` runs it first.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import noOnlyTests from 'eslint-plugin-no-only-tests';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-demo/',
      'dist-packages/',
      'data/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'scratch/',
      '**/*.d.ts',
      'e2e/xss/*.jsonl',
      'examples/*/dist/',
      'packages/*/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // A promise nobody awaits hides its rejection; mark deliberate fire-and-forget with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Non-null assertions are used where an index or a map lookup is known to hit; tsc checks the rest.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-only-tests/no-only-tests': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'no-only-tests': noOnlyTests },
    rules: { 'no-only-tests/no-only-tests': 'error' },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'no-only-tests': noOnlyTests },
  },
  {
    // Tests, fakes and benchmarks read untyped JSON bodies and frames and poke at them; typing each
    // shape there would only restate what the assertions check.
    files: ['**/*.test.ts', '**/test-helpers.ts', '**/test-support/**', 'server/models/fakes/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Browser tests assert with @open-wc/testing's chai, whose chai-as-promised typings make every
    // assertion chain thenable; a plain `expect(x).to.equal(y)` is synchronous and must not be awaited.
    files: ['widget/**/*.test.ts', 'bridge/**/*.browser.test.ts', 'console/**/*.test.ts'],
    ignores: ['widget/**/*.node.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['widget/**/*.ts', 'console/**/*.ts', 'demo-site/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['widget/**/*.ts', 'console/**/*.ts', 'demo-site/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  prettier,
);
