// One measured scan in its own process, so its peak memory is its own:
//   node out/bench/detect-run.js FILE  → {"ms":…, "maxRssMB":…, "findings":…, "bytes":…}
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { compileDetectors } from '../src/core/detect/compile';
import { scanPaths } from '../src/core/scan/files';
import { loadKb } from '../src/core/knowledge/loadKb';

(async () => {
  // The KB as the CLI ships it (dist/kb.json, built by npm run build), else read from kb/.
  const bundle = path.join(__dirname, '..', '..', 'dist', 'kb.json');
  const entries = fs.existsSync(bundle) ? JSON.parse(fs.readFileSync(bundle, 'utf8')).entries : loadKb([{ dir: path.join(__dirname, '..', '..', 'kb'), origin: 'builtin' }]).entries;
  const d = compileDetectors(entries);
  const t = performance.now();
  const r = await scanPaths(d, process.argv.slice(2));
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, findings: r.findings.length, bytes: r.bytes }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
