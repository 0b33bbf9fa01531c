import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron; keep logic in electron/core.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'renderer/dist/', 'out/', 'dist-installers/', 'e2e/.output/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The core, the hosts other than Electron, and the UI must run where Electron does not.
    files: ['shared/**', 'electron/core/**', 'electron/server/**', 'electron/cli/**', 'electron/launch/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [{ group: ['**/electron/**', '**/renderer/**', 'node:*'], message: 'shared/ is pure: no Node, no hosts, no UI.' }],
        },
      ],
    },
  },
  {
    // Every database opens through one driver module, so the desktop's per-runtime build is
    // used everywhere. Tests, the crash harness and the bench's raw baseline use Node's build.
    files: ['electron/**/*.ts'],
    ignores: ['electron/core/store/sqliteDriver.ts', '**/*.test.ts', 'electron/core/safety/crash*.ts', 'electron/bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'better-sqlite3',
              allowTypeImports: true,
              message: 'Open databases with openDatabase() from electron/core/store/sqliteDriver.ts: it passes the driver build chosen for this runtime.',
            },
          ],
        },
      ],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern; `{}` means "none".
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // One wrapper registers every IPC handler and checks the sender; nothing else may touch ipcMain.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Register IPC handlers only in electron/main/ipc.ts.' },
        { selector: "MemberExpression[property.name='ipcMain']", message: 'Register IPC handlers only in electron/main/ipc.ts.' },
      ],
    },
  },
);
