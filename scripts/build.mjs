// Bundles the extension and the CLI with esbuild, then writes dist/kb.json (entries + prebuilt search index).
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

// Libraries the extension needs only after activation (SSH, YAML, schemas, markdown, search,
// regex parsing: three quarters of its code). Each is its own file in dist/vendor/, required
// on first use by the core module that imports it, so activation parses a small bundle.
const VENDOR = ['ssh2', 'yaml', 'ajv', 'markdown-it', 'lunr', 'regjsparser'];
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDOR.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};
// Every `import * as vscode from 'vscode'` would copy the whole API object at activation
// (esbuild's interop, some 400 properties, in 30 modules): they all get src/extension/vscodeApi.ts,
// which imports it once.
const vscodeOnce = {
  name: 'vscode-once',
  setup(b) {
    b.onResolve({ filter: /^vscode$/ }, (args) => (args.importer.endsWith('vscodeApi.ts') ? { path: 'vscode', external: true } : { path: path.resolve('src/extension/vscodeApi.ts') }));
  },
};
const require = createRequire(import.meta.url);
const targets = [
  // The banner stamps the start of the bundle's evaluation: activation time includes loading it.
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', '*.node', 'cpu-features', 'recheck'], plugins: [vendorFiles, vscodeOnce], banner: { js: 'globalThis.__stacktalesLoadStart = performance.now();' }, footer: { js: 'globalThis.__stacktalesLoadEnd = performance.now();' } },
  ...VENDOR.map((name) => ({ ...common, sourcemap: false, entryPoints: [require.resolve(name)], outfile: `dist/vendor/${name}.js`, external: ['*.node', 'cpu-features'] })),
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['*.node', 'cpu-features', 'recheck'], banner: { js: '#!/usr/bin/env node' } },
  // The folder scan's worker thread (src/core/scan/pool.ts starts it from dist/, for the CLI and the extension alike).
  { ...common, entryPoints: ['src/core/scan/scanWorker.ts'], outfile: 'dist/scanWorker.js', external: ['*.node', 'cpu-features', 'recheck'], plugins: [vendorFiles] },
];

if (watch) {
  for (const t of targets) await (await context(t)).watch();
} else {
  await Promise.all(targets.map((t) => build(t)));
  chmodSync('dist/cli.js', 0o755);
  execFileSync(process.execPath, ['dist/cli.js', 'kb', 'build', '--out', 'dist/kb.json'], { stdio: 'inherit' });
}
