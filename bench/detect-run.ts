// One measured scan in its own process, so its peak memory is its own:
//   node out/bench/detect-run.js FILE  → {"ms":…, "maxRssMB":…, "findings":…, "bytes":…}
import * as path from 'path';
import { performance } from 'perf_hooks';
import { compileDetectors } from '../src/core/detect/compile';
import { scanPaths } from '../src/core/scan/files';
import { loadKb } from '../src/core/knowledge/loadKb';

(async () => {
  const d = compileDetectors(loadKb([{ dir: path.join(__dirname, '..', '..', 'kb'), origin: 'builtin' }]).entries);
  const t = performance.now();
  const r = await scanPaths(d, process.argv.slice(2));
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, findings: r.findings.length, bytes: r.bytes }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
