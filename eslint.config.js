// Lint rules: typescript-eslint type-checked rules plus the layer boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((name) => ({
          group: [`**/${name}/*`, `**/${name}`],
          message: `src/${from} may not import src/${name} (see docs/architecture.md).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', URL: 'readonly', console: 'readonly' },
    },
  },
  layer('core', ['engine', 'adapters', 'http', 'cli', 'sim', 'host']),
  layer('engine', ['adapters', 'http', 'cli', 'sim', 'host']),
  layer('adapters', ['engine', 'http', 'cli', 'sim', 'host']),
  layer('http', ['adapters', 'cli', 'sim', 'host']),
  layer('cli', ['adapters', 'sim', 'host']),
  layer('sim', ['engine', 'adapters', 'http', 'cli', 'host']),
  {
    ...layer('console', ['adapters', 'cli', 'sim', 'host']),
    files: ['src/console/**/*.ts', 'src/console/**/*.tsx'],
  },
  {
    // The console's own browser scripts, served as they are (no build step).
    files: ['assets/console/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', fetch: 'readonly', setInterval: 'readonly', uPlot: 'readonly' },
    },
  },
  {
    files: ['src/**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/**/test-support/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // expect.objectContaining() and friends are typed `any` by vitest.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
