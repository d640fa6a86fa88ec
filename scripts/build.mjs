// Bundles the extension and the CLI with esbuild, then writes dist/kb.json (entries + prebuilt search index).
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };
const targets = [
  // The banner stamps the start of the bundle's evaluation: activation time includes loading it.
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', '*.node', 'cpu-features'], banner: { js: 'globalThis.__stacktalesLoadStart = performance.now();' }, footer: { js: 'globalThis.__stacktalesLoadEnd = performance.now();' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['*.node', 'cpu-features'], banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const t of targets) await (await context(t)).watch();
} else {
  await Promise.all(targets.map((t) => build(t)));
  chmodSync('dist/cli.js', 0o755);
  execFileSync(process.execPath, ['dist/cli.js', 'kb', 'build', '--out', 'dist/kb.json'], { stdio: 'inherit' });
}
