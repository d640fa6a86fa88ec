import type { Detectors } from '../detect/compile';
import picomatch from 'picomatch';
import { ScanSession } from '../detect/session';
import type { Finding } from '../signals/finding';
import type { Host } from '../hosts/types';
import type { SshRunner } from '../ssh/sshRunner';
import { RunError } from '../ssh/types';
import { mapLimit } from '../util/mapLimit';
import { runScanScript, type ScriptExec, type ScriptTally } from './scriptScan';

export interface RemoteScanReport {
  findings: (Finding & { host: string })[];
  files: number;
  /** Bytes of the scanned files, on the hosts. */
  bytesScanned: number;
  /** Bytes that crossed SSH: scripts, listings, candidate lines, small files. */
  bytesTransferred: number;
  /** Of those, the scan scripts sent to the hosts; the rest came back. */
  bytesSent: number;
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
 * Whether a file a host listed lies under what was asked for: it matches one of the patterns,
 * or one of its folders does. A host that lists anything else (a hostile name, a broken
 * find) is not believed: the file is not read.
 */
export function isUnderPatterns(file: string, patterns: readonly string[]): boolean {
  if (!file.startsWith('/') || file.split('/').some((seg) => seg === '..' || seg === '.')) return false;
  const matchers = patterns.map((p) => (isGlob(p) ? picomatch(p, { dot: true }) : (f: string) => f === p.replace(/\/+$/, '')));
  for (let at = file.length; at > 0; at = file.lastIndexOf('/', at - 1)) {
    const prefix = file.slice(0, at);
    if (matchers.some((m) => m(prefix))) return true;
  }
  return false;
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
  const report: RemoteScanReport = { findings: [], files: 0, bytesScanned: 0, bytesTransferred: 0, bytesSent: 0, skipped: [] };
  await mapLimit(hosts, runner.parallel, (h) => scanHost(d, runner, h, patterns, opts, report));
  report.findings.sort((a, b) => a.host.localeCompare(b.host) || a.file.localeCompare(b.file) || a.line - b.line || a.signal.localeCompare(b.signal));
  return report;
}

async function scanHost(d: Detectors, runner: SshRunner, host: Host, patterns: string[], opts: RemoteScanOptions, report: RemoteScanReport): Promise<void> {
  const session = new ScanSession(d);
  const skip = (reason: string, file?: string) => report.skipped.push({ host: host.name, file, reason });
  const command = opts.sudo && host.user !== 'root' ? 'sudo -n -- sh -s' : 'sh -s';
  const exec: ScriptExec = (script, onData, signal) => runner.stream(host, command, onData, signal, script);
  // This host's own tally (hosts run at once), added to the report when it is done.
  const tally: ScriptTally = { files: 0, bytesScanned: 0, bytesTransferred: 0, bytesSent: 0, skip, malformed: (what) => skip(`ignored output that is no frame of the scan: ${what}`, '(scan output)') };
  const done = new Set<string>();
  let round = { list: patterns.filter(isGlob), files: patterns.filter((p) => !isGlob(p)) };
  try {
    while (round.list.length || round.files.length) {
      round.files.forEach((f) => done.add(f));
      const listed = await runScanScript(session, exec, round.list, round.files, { idleTimeoutMs: opts.idleTimeoutMs ?? runner.commandTimeoutMs, signal: opts.signal, jobs: opts.hostJobs }, tally);
      const asked = [...round.list, ...round.files];
      const outside = listed.filter((f) => !isUnderPatterns(f, asked));
      for (const f of outside) skip('listed outside the requested paths; not read', JSON.stringify(f));
      round = { list: [], files: [...new Set(listed)].filter((f) => !done.has(f) && !outside.includes(f)) };
    }
  } catch (e) {
    const err = e instanceof RunError ? e : new RunError('error', (e as Error).message);
    skip(`${err.kind}: ${err.message.split('\n')[0]}`);
  } finally {
    report.files += tally.files;
    report.bytesScanned += tally.bytesScanned;
    report.bytesTransferred += tally.bytesTransferred;
    report.bytesSent += tally.bytesSent ?? 0;
    // What was found before a failure still stands (the host's failure is reported beside it).
    for (const f of session.end()) report.findings.push({ ...f, host: host.name });
    for (const n of session.notes) skip(n.reason, n.file);
  }
}
