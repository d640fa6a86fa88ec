// A whole sosreport-like tree (bench/treeGenerator.ts, ≥ 70k files) scanned by `stacktales scan`
// and by its peers in the same run, each writing its output to a file:
//   npm run bench:tree            (FILES=76000, ROUNDS=3)
// Prints each one's median time and peak memory, and the ratios.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileDetectors } from '../src/core/detect/compile';
import { loadKb } from '../src/core/knowledge/loadKb';
import { grepPatternsOf } from './grepPatterns';
import { generateTree } from './treeGenerator';

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, 'bench', '.data');
const FILES = Number(process.env.FILES ?? 76000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One command under GNU time, its stdout to a file: wall seconds and peak RSS (MB). */
function timed(command: string, out: string, env: NodeJS.ProcessEnv = process.env): { s: number; rssMB: number } {
  const timeFile = path.join(DATA, 'tree.time');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', 'sh', '-c', `${command} > '${out}'`], { env, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command}: exit ${r.status}\n${r.stderr}`);
  const [s, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { s, rssMB: kb / 1024 };
}

fs.mkdirSync(DATA, { recursive: true });
const tree = path.join(DATA, `tree-${FILES}`);
const manifest = `${tree}.json`;
if (!fs.existsSync(manifest)) {
  fs.rmSync(tree, { recursive: true, force: true });
  const g = generateTree(tree, { files: FILES });
  fs.writeFileSync(manifest, JSON.stringify(g));
  console.log(`generated ${tree}: ${g.files} files, ${(g.bytes / 1024 / 1024).toFixed(0)} MB`);
}
const { files, bytes, planted } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as ReturnType<typeof generateTree>;
const detectors = compileDetectors(loadKb([{ dir: path.join(ROOT, 'kb'), origin: 'builtin' }]).entries);
const patterns = path.join(DATA, 'tree-patterns.ere');
fs.writeFileSync(patterns, grepPatternsOf(detectors.signals).join('\n') + '\n');
const cli = path.join(ROOT, 'dist', 'cli.js');
const outs = { ours: path.join(DATA, 'tree-ours.json'), grep: path.join(DATA, 'tree-grep.out'), rg: path.join(DATA, 'tree-rg.out') };
const runs = { ours: [] as { s: number; rssMB: number }[], grep: [] as { s: number; rssMB: number }[], rg: [] as { s: number; rssMB: number }[] };
const hasRg = spawnSync('rg', ['--version']).status === 0;
for (let i = 0; i < ROUNDS; i++) {
  runs.ours.push(timed(`'${process.execPath}' '${cli}' scan --json '${tree}'`, outs.ours));
  runs.grep.push(timed(`LC_ALL=C grep -rEn -f '${patterns}' '${tree}'`, outs.grep));
  if (hasRg) runs.rg.push(timed(`rg -z -n --no-heading -f '${patterns}' '${tree}'`, outs.rg));
}
const report = JSON.parse(fs.readFileSync(outs.ours, 'utf8')) as { findings: { file: string; entry: string; signal: string }[]; files: number };
const missing = planted.filter((p) => !report.findings.some((f) => f.file.endsWith(p.file) && f.entry === p.entry && f.signal === p.signal));
if (missing.length) throw new Error(`planted tale lines not found: ${JSON.stringify(missing)}`);
const m = (xs: { s: number; rssMB: number }[]) => ({ s: median(xs.map((x) => x.s)), peakRssMB: Math.max(...xs.map((x) => x.rssMB)) });
const result = {
  files,
  mb: Math.round(bytes / 1024 / 1024),
  rounds: ROUNDS,
  stacktales: { ...m(runs.ours), findings: report.findings.length, filesScanned: report.files },
  grep: m(runs.grep),
  ...(hasRg ? { rg: m(runs.rg) } : {}),
  ratio: { oursOverGrep: median(runs.ours.map((x) => x.s)) / median(runs.grep.map((x) => x.s)), ...(hasRg ? { oursOverRg: median(runs.ours.map((x) => x.s)) / median(runs.rg.map((x) => x.s)) } : {}) },
};
const f = (n: number) => n.toFixed(2).padStart(7);
console.log(`scan of a sosreport-like tree: ${files} files, ${result.mb} MB, median of ${ROUNDS} (node ${process.version}, ${require('os').cpus().length} CPUs); every planted tale line found`);
console.log(`  stacktales scan --json   ${f(result.stacktales.s)} s  peak ${f(result.stacktales.peakRssMB)} MB  ${result.stacktales.findings} findings in ${result.stacktales.filesScanned} files`);
console.log(`  LC_ALL=C grep -rEn -f    ${f(result.grep.s)} s  peak ${f(result.grep.peakRssMB)} MB  (log patterns only; .gz not read)`);
if (result.rg) console.log(`  rg -z -n -f              ${f(result.rg.s)} s  peak ${f(result.rg.peakRssMB)} MB  (reads .gz)`);
console.log(`  ratio stacktales/grep ${result.ratio.oursOverGrep.toFixed(2)}x${result.ratio.oursOverRg ? `, stacktales/rg ${result.ratio.oursOverRg.toFixed(2)}x` : ''} (time; lower is better)`);
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'tree.json'), JSON.stringify(result, null, 2));
