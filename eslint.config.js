import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'events', 'stream', 'url', 'util', 'worker_threads'];

// The layering of docs/architecture.md, enforced. Do not relax these rules: a feature that seems to
// need an exception belongs in another folder.
const layers = [
  {
    files: ['src/core/**/*.ts'],
    patterns: [
      {
        group: ['**/api/*', '**/backend/*', '**/renderer/*', '**/main/*', '**/server/*', '**/cli/*', '**/backend/**', '**/renderer/**'],
        message: 'src/core imports nothing outside src/core.',
      },
      { group: nodeBuiltins, message: 'src/core is pure: no Node built-ins.' },
      { group: ['react', 'react-dom', 'electron'], message: 'src/core has no UI and no Electron.' },
    ],
  },
  {
    files: ['src/api/**/*.ts'],
    patterns: [
      {
        group: ['**/backend/**', '**/renderer/**', '**/main/**', '**/server/**', '**/cli/**', '**/core/**'],
        message: 'src/api is the contract: schemas and types only.',
      },
      { group: nodeBuiltins, message: 'src/api is shared with the renderer: no Node built-ins.' },
    ],
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    patterns: [
      {
        group: ['**/backend/**', '**/main/**', '**/server/**', '**/cli/**'],
        message: 'The renderer talks to the backend only through src/api and its transport.',
      },
      { group: nodeBuiltins, message: 'The renderer runs in a sandbox: no Node built-ins.' },
      { group: ['electron'], message: 'The renderer runs as a web page, in a browser or the desktop window: no Electron.' },
    ],
  },
  {
    files: ['src/backend/**/*.ts'],
    patterns: [{ group: ['**/renderer/**', '**/main/**', '**/server/**', 'electron'], message: 'Backend services know no transport and no UI.' }],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layers.map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
);
