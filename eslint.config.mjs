// ESLint: the layering of the tree as rules, and the mistakes async editor code makes.
//   npx eslint .      (npm test runs it as its own suite)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';

const noEditorIn = (what) => ({
  patterns: [
    { group: ['vscode'], message: `${what} never imports vscode: it runs in plain Node (CLI, tests).` },
    { group: ['**/extension/**', '../extension', '../../extension'], message: `${what} does not depend on the editor adapters.` },
  ],
});

/**
 * The layers of src/core, lowest first (CONTRIBUTING.md explains each). A folder not listed
 * here fails the check below, so a new folder has to take its place in the order.
 */
const CORE_LAYERS = ['util', 'text', 'wire', 'kb', 'l10n', 'signals', 'detect', 'search', 'knowledge', 'hosts', 'ssh', 'scan', 'run', 'remote', 'runbook', 'ansible', 'render', 'lab'];
const unplaced = readdirSync(join(import.meta.dirname, 'src', 'core'), { withFileTypes: true }).filter((d) => d.isDirectory() && !CORE_LAYERS.includes(d.name));
if (unplaced.length) throw new Error(`eslint.config.mjs: give src/core/${unplaced.map((d) => d.name).join(', src/core/')} its place in CORE_LAYERS`);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**', 'test/vscode/vsix-probe/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // src/core in layers, lowest first: a folder imports only from its own layer and those before it.
  ...CORE_LAYERS.map((folder, i) => ({
    files: [`src/core/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...noEditorIn('src/core').patterns,
          { group: ['**/cli/**', '../cli', '../../cli'], message: 'src/core does not depend on the CLI.' },
          ...(i + 1 < CORE_LAYERS.length
            ? [{ regex: `^(\\.\\./)+(${CORE_LAYERS.slice(i + 1).join('|')})(/|$)`, message: `src/core/${folder} is below ${CORE_LAYERS.slice(i + 1).join(', ')} (CONTRIBUTING.md, "Layers"): an import may not run back up.` }]
            : []),
        ],
      }],
    },
  })),
  { files: ['src/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', noEditorIn('src/cli')] } },
);
