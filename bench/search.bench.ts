// Search latency and KB load time.   npm run bench   (or: npx tsc -p . && node out/bench/search.bench.js)
// Target (issue 3): p95 under 5 ms per query. The peer, measured in the same run, is a naive
// case-insensitive substring scan of every entry's text for every query word (what grep -i
// over the KB would do, minus process start-up): it shows what the index buys.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { KnowledgeBase } from '../src/core/knowledge/knowledgeBase';
import { loadKb } from '../src/core/knowledge/loadKb';
import type { LoadedEntry } from '../src/core/kb/types';
import { loadQueries } from './searchQuality';

const ROOT = path.join(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'kb.json');
const ROUNDS = Number(process.env.ROUNDS ?? 200);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function naiveScan(entries: readonly LoadedEntry[], query: string): string[] {
  const words = query.toLowerCase().split(/\W+/).filter((w) => w.length > 1);
  const texts = entries.map((e) => [e.entry.id, JSON.stringify(e.entry).toLowerCase() + e.prose.en.toLowerCase() + e.prose.de.toLowerCase()] as const);
  return texts
    .map(([id, t]) => [id, words.reduce((n, w) => n + t.split(w).length - 1, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
}

if (!fs.existsSync(BUNDLE)) throw new Error('dist/kb.json missing: run npm run build');
const loadBundle = [...Array(20)].map(() => time(() => KnowledgeBase.open({ bundleFile: BUNDLE })));
const loadYaml = [...Array(20)].map(() => time(() => KnowledgeBase.open({ builtinDir: path.join(ROOT, 'kb') })));
const kb = KnowledgeBase.open({ bundleFile: BUNDLE });
const entries = loadKb([{ dir: path.join(ROOT, 'kb'), origin: 'builtin' }]).entries;
const cases = loadQueries();
for (const c of cases) kb.search.search(c.q, { lang: c.lang }); // warm-up (JIT)

const ours: number[] = [];
const pasted: number[] = [];
const peer: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const t = time(() => kb.search.search(c.q, { lang: c.lang }));
    (/\d{2}:\d{2}|\t/.test(c.q) ? pasted : ours).push(t);
    peer.push(time(() => naiveScan(entries, c.q)));
  }
}
const all = [...ours, ...pasted];
const result = {
  queries: cases.length,
  rounds: ROUNDS,
  searchMs: { p50: pct(all, 50), p95: pct(all, 95), max: Math.max(...all) },
  typedQueryMs: { p50: pct(ours, 50), p95: pct(ours, 95) },
  pastedLineMs: { p50: pct(pasted, 50), p95: pct(pasted, 95) },
  peerNaiveScanMs: { p50: pct(peer, 50), p95: pct(peer, 95) },
  ratioPeerToOursP95: pct(peer, 95) / pct(all, 95),
  kbLoadMs: { prebuiltBundle: pct(loadBundle, 50), fromYamlAndFreshIndex: pct(loadYaml, 50) },
  target: 'p95 < 5 ms',
  meetsTarget: pct(all, 95) < 5,
};
const f = (n: number) => n.toFixed(3);
console.log(`search over ${cases.length} queries x ${ROUNDS} rounds (node ${process.version})`);
console.log(`  stacktales search   p50 ${f(result.searchMs.p50)} ms  p95 ${f(result.searchMs.p95)} ms  max ${f(result.searchMs.max)} ms   target p95 < 5 ms: ${result.meetsTarget ? 'met' : 'MISSED'}`);
console.log(`    typed queries     p50 ${f(result.typedQueryMs.p50)} ms  p95 ${f(result.typedQueryMs.p95)} ms`);
console.log(`    pasted log lines  p50 ${f(result.pastedLineMs.p50)} ms  p95 ${f(result.pastedLineMs.p95)} ms`);
console.log(`  peer: naive scan    p50 ${f(result.peerNaiveScanMs.p50)} ms  p95 ${f(result.peerNaiveScanMs.p95)} ms   (peer p95 / ours p95 = ${result.ratioPeerToOursP95.toFixed(2)})`);
console.log(`  KB load: prebuilt bundle ${f(result.kbLoadMs.prebuiltBundle)} ms, YAML + fresh index ${f(result.kbLoadMs.fromYamlAndFreshIndex)} ms`);
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'search.json'), JSON.stringify(result, null, 2));
