// `npm run lint`: typescript-eslint's type-aware rules over the product, its tests and benchmarks.
// Formatting is Prettier's (eslint-config-prettier turns off the rules that would disagree with it);
// import cycles and which folder may import which are dependency-cruiser's (.dependency-cruiser.cjs).

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'migrations/**', 'docs/screenshots/**/*.png'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // The Store interface is async for PostgreSQL; the SQLite store answers inside async methods without awaiting.
      '@typescript-eslint/require-await': 'off',
      // Y.Text's toString() is its text; the rule does not see the method in yjs's declarations.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['YText', 'Error', 'RegExp', 'URL', 'URLSearchParams'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Lit calls the listeners a template binds (@click=${this.onClick}) with the element as `this`.
    files: ['client/components/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Tests and benchmarks read JSON, raw protocol frames and other modules' internals on purpose.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the benchmark's preloads): no types to lint against, and Node's globals.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'off' },
  },
  prettier,
);
