// Detector throughput against GNU grep, same patterns, same generated log, one run:
//   npm run bench:detect          (SIZE_MB=1024 by default; ROUNDS=3)
// Reports MB/s of `stacktales scan` (as shipped: GNU grep preselects lines of big logs where
// it exists; and the JavaScript scanner alone) and of `grep -E -n -f` (in the C locale, grep's fastest,
// and in the machine's default locale), their ratio, and the peak memory of each at two
// file sizes (flat memory: the peak must not grow with the file).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileDetectors } from '../src/core/detect/compile';
import { loadKb } from '../src/core/knowledge/loadKb';
import { grepPatternsOf } from './grepPatterns';
import { generateLog } from './logGenerator';

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, 'bench', '.data');
const SIZE_MB = Number(process.env.SIZE_MB ?? 1024);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function logOf(mb: number, rare = false): string {
  fs.mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `${rare ? 'rare' : 'openstack'}-${mb}m.log`);
  if (!fs.existsSync(file)) {
    const r = generateLog(file, mb * 1024 * 1024, undefined, { rare });
    console.log(`generated ${file}: ${r.lines} lines, ${r.signalLines} signal lines`);
  }
  return file;
}

/** Our scan in its own process: by default big logs are prefiltered by GNU grep; alone: STACKTALES_NO_GREP=1. */
function ours(file: string, alone = false): { ms: number; rssMB: number; findings: number } {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'detect-run.js'), file], { encoding: 'utf8', env: { ...process.env, ...(alone ? { STACKTALES_NO_GREP: '1' } : {}) } });
  if (r.status !== 0) throw new Error(r.stderr);
  const o = JSON.parse(r.stdout);
  return { ms: o.ms, rssMB: o.maxRssMB, findings: o.findings };
}

function grep(file: string, patterns: string, locale?: string, tool: 'grep' | 'rg' = 'grep'): { ms: number; rssMB: number; lines: number } {
  const out = path.join(DATA, 'grep.out');
  const timeFile = path.join(DATA, 'grep.time');
  const env = { ...process.env, ...(locale ? { LC_ALL: locale } : {}) };
  const t = process.hrtime.bigint();
  const command = tool === 'rg' ? `rg -n --no-heading -f '${patterns}' '${file}' > '${out}'` : `grep -E -n -f '${patterns}' '${file}' > '${out}'`;
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%M', 'sh', '-c', command], { env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(String(r.stderr));
  const lines = Number(spawnSync('wc', ['-l', out], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0]);
  return { ms, rssMB: Number(fs.readFileSync(timeFile, 'utf8').trim()) / 1024, lines };
}

const detectors = compileDetectors(loadKb([{ dir: path.join(ROOT, 'kb'), origin: 'builtin' }]).entries);
const patterns = path.join(DATA, 'patterns.ere');
fs.mkdirSync(DATA, { recursive: true });
fs.writeFileSync(patterns, grepPatternsOf(detectors.signals).join('\n') + '\n');

const big = logOf(SIZE_MB);
const small = logOf(Math.max(64, SIZE_MB / 4));
const mb = fs.statSync(big).size / 1024 / 1024;
const defaultLocale = process.env.LC_ALL || process.env.LANG || 'unset';
const rare = logOf(SIZE_MB, true);
const hasRg = spawnSync('rg', ['--version']).status === 0;
const runs = { ours: [] as ReturnType<typeof ours>[], alone: [] as ReturnType<typeof ours>[], grepC: [] as ReturnType<typeof grep>[], grepDefault: [] as ReturnType<typeof grep>[], rg: [] as ReturnType<typeof grep>[] };
const rareRuns = { alone: [] as ReturnType<typeof ours>[], grepC: [] as ReturnType<typeof grep>[], rg: [] as ReturnType<typeof grep>[] };
for (let i = 0; i < ROUNDS; i++) {
  runs.ours.push(ours(big));
  runs.alone.push(ours(big, true));
  runs.grepC.push(grep(big, patterns, 'C'));
  runs.grepDefault.push(grep(big, patterns));
  if (hasRg) runs.rg.push(grep(big, patterns, undefined, 'rg'));
  rareRuns.alone.push(ours(rare, true));
  rareRuns.grepC.push(grep(rare, patterns, 'C'));
  if (hasRg) rareRuns.rg.push(grep(rare, patterns, undefined, 'rg'));
}
const smallRun = ours(small, true);
const speed = (ms: number) => mb / (ms / 1000);
const result = {
  fileMB: Math.round(mb),
  rounds: ROUNDS,
  patterns: grepPatternsOf(detectors.signals).length,
  stacktales: { mbPerS: speed(median(runs.ours.map((r) => r.ms))), peakRssMB: Math.max(...runs.ours.map((r) => r.rssMB)), findings: runs.ours[0].findings },
  scannerAlone: { mbPerS: speed(median(runs.alone.map((r) => r.ms))), peakRssMB: Math.max(...runs.alone.map((r) => r.rssMB)), findings: runs.alone[0].findings },
  grepC: { mbPerS: speed(median(runs.grepC.map((r) => r.ms))), peakRssMB: Math.max(...runs.grepC.map((r) => r.rssMB)), matchingLines: runs.grepC[0].lines },
  grepDefaultLocale: { locale: defaultLocale, mbPerS: speed(median(runs.grepDefault.map((r) => r.ms))), peakRssMB: Math.max(...runs.grepDefault.map((r) => r.rssMB)) },
  ...(hasRg ? { rg: { mbPerS: speed(median(runs.rg.map((r) => r.ms))), peakRssMB: Math.max(...runs.rg.map((r) => r.rssMB)) } } : {}),
  rareMatches: {
    fileMB: Math.round(fs.statSync(rare).size / 1024 / 1024),
    scannerAlone: { mbPerS: 0, peakRssMB: Math.max(...rareRuns.alone.map((r) => r.rssMB)), findings: rareRuns.alone[0].findings },
    grepC: { mbPerS: 0, peakRssMB: Math.max(...rareRuns.grepC.map((r) => r.rssMB)), matchingLines: rareRuns.grepC[0].lines },
    ...(hasRg ? { rg: { mbPerS: 0, peakRssMB: Math.max(...rareRuns.rg.map((r) => r.rssMB)) } } : {}),
    aloneOverGrepC: 0,
  },
  memory: { smallFileMB: Math.round(fs.statSync(small).size / 1024 / 1024), smallPeakRssMB: smallRun.rssMB, bigPeakRssMB: Math.max(...runs.alone.map((r) => r.rssMB)) },
  ratio: { oursOverGrepC: 0, oursOverGrepDefault: 0, aloneOverGrepC: 0 },
};
if (result.scannerAlone.findings !== result.stacktales.findings) throw new Error(`the two ways disagree: ${result.stacktales.findings} vs ${result.scannerAlone.findings} findings`);
result.ratio.oursOverGrepC = result.stacktales.mbPerS / result.grepC.mbPerS;
result.ratio.oursOverGrepDefault = result.stacktales.mbPerS / result.grepDefaultLocale.mbPerS;
result.ratio.aloneOverGrepC = result.scannerAlone.mbPerS / result.grepC.mbPerS;
const rareMB = fs.statSync(rare).size / 1024 / 1024;
const rareSpeed = (xs: { ms: number }[]) => rareMB / (median(xs.map((r) => r.ms)) / 1000);
result.rareMatches.scannerAlone.mbPerS = rareSpeed(rareRuns.alone);
result.rareMatches.grepC.mbPerS = rareSpeed(rareRuns.grepC);
if (result.rareMatches.rg) result.rareMatches.rg.mbPerS = rareSpeed(rareRuns.rg);
result.rareMatches.aloneOverGrepC = result.rareMatches.scannerAlone.mbPerS / result.rareMatches.grepC.mbPerS;
const f = (n: number) => n.toFixed(0).padStart(6);
console.log(`scan of a ${result.fileMB} MB generated OpenStack log, ${result.patterns} log patterns, median of ${ROUNDS} (node ${process.version}, ${spawnSync('grep', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]})`);
console.log(`  stacktales scan        ${f(result.stacktales.mbPerS)} MB/s  peak ${f(result.stacktales.peakRssMB)} MB  findings ${result.stacktales.findings} (GNU grep preselects lines, split across CPUs; its processes ~3 MB each, not counted)`);
console.log(`  stacktales, no grep    ${f(result.scannerAlone.mbPerS)} MB/s  peak ${f(result.scannerAlone.peakRssMB)} MB  findings ${result.scannerAlone.findings} (STACKTALES_NO_GREP=1: the JavaScript scanner alone)`);
console.log(`  grep -E -n -f, LC_ALL=C ${f(result.grepC.mbPerS)} MB/s  peak ${f(result.grepC.peakRssMB)} MB  matching lines ${result.grepC.matchingLines} (no thresholds, windows or escalation)`);
console.log(`  grep -E -n -f, ${defaultLocale.padEnd(8)} ${f(result.grepDefaultLocale.mbPerS)} MB/s  peak ${f(result.grepDefaultLocale.peakRssMB)} MB`);
console.log(`  ratio stacktales/grep: ${result.ratio.oursOverGrepC.toFixed(2)} (C locale), ${result.ratio.oursOverGrepDefault.toFixed(2)} (${defaultLocale}); scanner alone/grep C: ${result.ratio.aloneOverGrepC.toFixed(2)}`);
if (result.rg) console.log(`  rg -n -f                ${f(result.rg.mbPerS)} MB/s  peak ${f(result.rg.peakRssMB)} MB`);
console.log(`  a ${result.rareMatches.fileMB} MB log where matches are rare (only planted lines):`);
console.log(`    stacktales, no grep  ${f(result.rareMatches.scannerAlone.mbPerS)} MB/s  peak ${f(result.rareMatches.scannerAlone.peakRssMB)} MB  findings ${result.rareMatches.scannerAlone.findings}`);
console.log(`    grep -E -n -f, C     ${f(result.rareMatches.grepC.mbPerS)} MB/s  peak ${f(result.rareMatches.grepC.peakRssMB)} MB  matching lines ${result.rareMatches.grepC.matchingLines}`);
if (result.rareMatches.rg) console.log(`    rg -n -f             ${f(result.rareMatches.rg.mbPerS)} MB/s  peak ${f(result.rareMatches.rg.peakRssMB)} MB`);
console.log(`    ratio scanner alone/grep C: ${result.rareMatches.aloneOverGrepC.toFixed(2)} (speed; higher is better)`);
console.log(`  memory of the scanner alone (flat): peak ${result.memory.smallPeakRssMB.toFixed(0)} MB on ${result.memory.smallFileMB} MB, ${result.scannerAlone.peakRssMB.toFixed(0)} MB on ${result.fileMB} MB`);
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'detect.json'), JSON.stringify(result, null, 2));
