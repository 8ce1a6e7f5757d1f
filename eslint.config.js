import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.planetary',
      '.adminjs',
      'test-output',
      'bin',
      'admin-bundle',
      'scratch',
      'themes/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Identifiers are checked before they are quoted, and literals escaped whatever
      // standard_conforming_strings says: only through core/sql's `sql`.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'Import sql from core/sql/sql.js (checked sql.id, safe sql.lit).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports (components are the exception).',
        },
      ],
    },
  },
  {
    files: ['core/sql/sql.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/components/**/*.tsx', 'eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
