import type { Detectors } from '../detect/compile';
import { escalate } from '../detect/escalation';
import type { Finding } from '../detect/finding';
import { LineScanner } from '../detect/lineScanner';
import { scanTextRaw, selectSignals, sortFindings, type Selection } from '../detect/scanText';
import type { Host } from '../hosts/types';
import type { SshRunner } from '../ssh/sshRunner';
import { RunError } from '../ssh/types';
import { LineSplitter } from '../text/lines';
import { escapeRegExp } from '../text/regex';
import { mapLimit } from '../util/mapLimit';
import { frameReader } from './frameReader';
import { grepPatternOf } from './grepPushdown';
import { hostScript, type FileJob, type FileMode } from './hostScript';

export interface RemoteScanReport {
  findings: (Finding & { host: string })[];
  files: number;
  /** Bytes of the scanned files, on the hosts. */
  bytesScanned: number;
  /** Bytes that crossed SSH: scripts, listings, candidate lines, small files. */
  bytesTransferred: number;
  skipped: { host: string; file?: string; reason: string }[];
}

export interface RemoteScanOptions {
  /** Run the script with sudo -n (only when the user asks for it). */
  sudo?: boolean;
  signal?: AbortSignal;
  /**
   * The scan is killed on the host when it sends nothing for this long (default: the
   * runner's command timeout). Idle, not total: a big log may take long, a silent host not.
   */
  idleTimeoutMs?: number;
  /** Parts a big log is split into on the host (default: its CPU count, at most 4). */
  hostJobs?: number;
}

/** Remote paths and globs: absolute, and no shell syntax beyond the glob characters. */
const SAFE_GLOB = /^\/[A-Za-z0-9_.\/*?[\]@+,-]*$/;
const isGlob = (p: string) => /[*?[]/.test(p);

export function checkRemotePattern(p: string): void {
  if (!SAFE_GLOB.test(p) || p.includes('..')) throw new Error(`not a safe remote path or glob: ${JSON.stringify(p)} (absolute, letters, digits, / . _ - * ? [ ] only)`);
}

/**
 * Scans files on hosts moving as few bytes as possible: one script per host reads the
 * files there, greps big logs for the signals' own patterns (split across the host's CPUs)
 * and sends back only candidate lines with their numbers; small files and configs come
 * whole. The detector engine then decides here, exactly as for local files. Globs and
 * folders cost one more round (listing, then the files). One host's failure is reported
 * and the others go on.
 */
export async function scanRemote(d: Detectors, runner: SshRunner, hosts: Host[], patterns: string[], opts: RemoteScanOptions = {}): Promise<RemoteScanReport> {
  patterns.forEach(checkRemotePattern);
  const report: RemoteScanReport = { findings: [], files: 0, bytesScanned: 0, bytesTransferred: 0, skipped: [] };
  await mapLimit(hosts, runner.parallel, (h) => scanHost(d, runner, h, patterns, opts, report));
  report.findings.sort((a, b) => a.host.localeCompare(b.host) || a.file.localeCompare(b.file) || a.line - b.line || a.signal.localeCompare(b.signal));
  return report;
}

async function scanHost(d: Detectors, runner: SshRunner, host: Host, patterns: string[], opts: RemoteScanOptions, report: RemoteScanReport): Promise<void> {
  const found: Finding[] = [];
  const skip = (reason: string, file?: string) => report.skipped.push({ host: host.name, file, reason });
  const done = new Set<string>();
  let round = { list: patterns.filter(isGlob), files: patterns.filter((p) => !isGlob(p)) };
  try {
    while (round.list.length || round.files.length) {
      round.files.forEach((f) => done.add(f));
      const listed = await runScript(d, runner, host, round.list, round.files, opts, report, found, skip);
      round = { list: [], files: [...new Set(listed)].filter((f) => !done.has(f)) };
    }
  } catch (e) {
    const err = e instanceof RunError ? e : new RunError('error', (e as Error).message);
    skip(`${err.kind}: ${err.message.split('\n')[0]}`);
    return;
  }
  for (const f of sortFindings(escalate(found, d))) report.findings.push({ ...f, host: host.name });
}

/** One script on the host; resolves with the files its listings found (scanned in the next round). */
async function runScript(
  d: Detectors,
  runner: SshRunner,
  host: Host,
  list: string[],
  paths: string[],
  opts: RemoteScanOptions,
  report: RemoteScanReport,
  out: Finding[],
  skip: (reason: string, file?: string) => void,
): Promise<string[]> {
  // Signals are chosen by the file's name, once: the host greps for them, the scanner checks them.
  const signals = paths.map((file) => selectSignals(d, { file }, ''));
  const jobs: FileJob[] = paths.map((path, id) => ({ id, path, mode: modeOf(signals[id]) }));
  const script = hostScript({ list, files: jobs, jobs: opts.hostJobs });
  const listed: string[] = [];
  const open = new Map<number, { scanner?: LineScanner; whole?: string[]; size: number }>();
  const read = frameReader({
    start: (id, size, whole) => {
      open.set(id, whole ? { whole: [], size } : { scanner: new LineScanner(signals[id].lines, jobs[id].path), size });
    },
    line: (id, lineNo, text) => {
      const f = open.get(id);
      if (f?.whole) f.whole.push(text);
      else f?.scanner?.scanLine(text, lineNo, (x) => out.push(x));
    },
    end: (id, exitCode) => {
      const f = open.get(id);
      open.delete(id);
      if (!f) return;
      const file = jobs[id].path;
      if (exitCode > 1) return skip(`grep exited ${exitCode}`, file);
      if (f.whole) out.push(...scanTextRaw(d, f.whole.join('\n'), { file }));
      report.files++;
      report.bytesScanned += f.size;
    },
    skip: (id, reason) => skip(reason, jobs[id].path),
    listed: (path, unreadable) => (unreadable ? skip('permission denied', path) : listed.push(path)),
  });
  const lines = new LineSplitter((ls) => ls.forEach(read));
  report.bytesTransferred += Buffer.byteLength(script);
  const idleMs = opts.idleTimeoutMs ?? runner.commandTimeoutMs;
  const idle = new AbortController();
  const timer = setTimeout(() => idle.abort(), idleMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  const command = opts.sudo && host.user !== 'root' ? 'sudo -n -- sh -s' : 'sh -s';
  const r = await runner.stream(
    host,
    command,
    (chunk) => {
      timer.refresh();
      report.bytesTransferred += chunk.length;
      lines.push(chunk);
    },
    signal,
    script,
  ).finally(() => clearTimeout(timer));
  lines.end();
  report.bytesTransferred += Buffer.byteLength(r.stderr);
  if (r.ended === 'aborted') throw idle.signal.aborted ? new RunError('timeout', `nothing from the host for ${idleMs / 1000} s; the scan was killed there`) : new RunError('cancelled', 'cancelled; the scan was killed on the host');
  if (r.ended === 'dropped') throw new RunError('dropped', 'the connection dropped during the scan');
  if (/sudo: (a password is required|a terminal is required)/.test(r.stderr)) throw new RunError('sudo-password', 'sudo needs a password on this host; allow it with NOPASSWD or scan as a user that may read the files');
  // A file whose end never came (the script failed on the host): say so rather than count it.
  for (const id of open.keys()) skip(r.stderr.trim().split('\n').pop() || `the host script exited ${r.exitCode}`, jobs[id].path);
  return listed;
}

/**
 * How the host sends a file: configs (by name) whole; otherwise the EREs of the log signals
 * that apply to its name (a signal without one: its required literals; without those,
 * every line). Small files come whole either way, decided on the host by their size.
 */
function modeOf(byName: Selection): FileMode {
  if (byName.config.length) return { kind: 'whole' };
  const eres = byName.lines.map((c) => grepPatternOf(c) ?? c.literals?.map(escapeRegExp).join('|') ?? '');
  return { kind: 'grep', eres: eres.includes('') ? [''] : [...new Set(eres)] };
}
