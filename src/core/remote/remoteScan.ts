import { quote } from 'shell-quote';
import type { Detectors } from '../detect/compile';
import { escalate } from '../detect/escalation';
import type { Finding } from '../detect/finding';
import { LineScanner } from '../detect/lineScanner';
import { scanTextRaw, selectSignals, sortFindings } from '../detect/scanText';
import type { Host } from '../hosts/types';
import type { SshRunner } from '../ssh/sshRunner';
import { CONNECTION_FAILURES } from '../ssh/types';
import { escapeRegExp } from '../text/regex';
import { LineSplitter } from '../text/lines';
import { grepPatternOf } from './grepPushdown';

export interface RemoteScanReport {
  findings: (Finding & { host: string })[];
  files: number;
  /** Bytes of the scanned files, on the hosts. */
  bytesScanned: number;
  /** Bytes that crossed SSH: listings, candidate lines, small files. */
  bytesTransferred: number;
  skipped: { host: string; file?: string; reason: string }[];
}

export interface RemoteScanOptions {
  /** Run the commands with sudo -n (only when the user asks for it). */
  sudo?: boolean;
  signal?: AbortSignal;
}

/** Files at most this big are fetched whole (configs, saved outputs): INI needs every line. */
const SMALL = 64 * 1024;
/** Remote paths and globs: absolute, and no shell syntax beyond the glob characters. */
const SAFE_GLOB = /^\/[A-Za-z0-9_.\/*?[\]@+,-]*$/;

export function checkRemotePattern(p: string): void {
  if (!SAFE_GLOB.test(p) || p.includes('..')) throw new Error(`not a safe remote path or glob: ${JSON.stringify(p)} (absolute, letters, digits, / . _ - * ? [ ] only)`);
}

/**
 * Scans files on hosts moving as few bytes as possible: the host lists the files, greps
 * them for the signals' required literals (zgrep for gzip) and sends back only candidate
 * lines with their numbers; small files come whole. The detector engine then decides here,
 * exactly as for local files. One host's failure is reported and the others go on.
 */
export async function scanRemote(d: Detectors, runner: SshRunner, hosts: Host[], patterns: string[], opts: RemoteScanOptions = {}): Promise<RemoteScanReport> {
  patterns.forEach(checkRemotePattern);
  const report: RemoteScanReport = { findings: [], files: 0, bytesScanned: 0, bytesTransferred: 0, skipped: [] };
  await Promise.all(hosts.map((h) => scanHost(d, runner, h, patterns, opts, report)));
  report.findings.sort((a, b) => a.host.localeCompare(b.host) || a.file.localeCompare(b.file) || a.line - b.line || a.signal.localeCompare(b.signal));
  return report;
}

async function scanHost(d: Detectors, runner: SshRunner, host: Host, patterns: string[], opts: RemoteScanOptions, report: RemoteScanReport): Promise<void> {
  const sudo = (c: string) => (opts.sudo && host.user !== 'root' ? `sudo -n -- sh -c ${quote([c])}` : c);
  const run: Run = async (command) => {
    const r = await runner.run({ host, command: sudo(command) }, opts.signal);
    report.bytesTransferred += Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr);
    return r;
  };
  // Candidate lines can be many: they are read as they stream, never held whole.
  const stream: Stream = async (command, onLine) => {
    const lines = new LineSplitter((ls) => ls.forEach(onLine));
    const r = await runner.stream(
      host,
      sudo(command),
      (chunk) => {
        report.bytesTransferred += chunk.length;
        lines.push(chunk);
      },
      opts.signal ?? new AbortController().signal,
    );
    lines.end();
    return r;
  };
  // Globs stay unquoted on purpose (the host expands them); SAFE_GLOB keeps them free of shell syntax.
  const list = await run(
    `for p in ${patterns.join(' ')}; do for f in $p; do if [ -d "$f" ]; then find "$f" -type f; elif [ -e "$f" ]; then printf '%s\\n' "$f"; fi; done; done | while IFS= read -r f; do if [ -r "$f" ]; then stat -L -c '%s %n' -- "$f"; else printf '! %s\\n' "$f"; fi; done`,
  );
  if (list.error && CONNECTION_FAILURES.has(list.error.kind as never)) {
    report.skipped.push({ host: host.name, reason: `${list.error.kind}: ${list.error.message.split('\n')[0]}` });
    return;
  }
  const found: Finding[] = [];
  for (const line of list.stdout.split('\n').filter(Boolean)) {
    if (line.startsWith('! ')) {
      report.skipped.push({ host: host.name, file: line.slice(2), reason: 'permission denied' });
      continue;
    }
    const m = /^(\d+) (.+)$/.exec(line);
    if (!m) continue;
    const [size, file] = [Number(m[1]), m[2]];
    const ok = await scanRemoteFile(d, run, stream, file, size, found);
    if (ok === true) {
      report.files++;
      report.bytesScanned += size;
    } else report.skipped.push({ host: host.name, file, reason: ok });
  }
  for (const f of sortFindings(escalate(found, d))) report.findings.push({ ...f, host: host.name });
}

type Run = (command: string) => Promise<{ stdout: string; stderr: string; exitCode: number | null; error: { kind: string; message: string } | null }>;
type Stream = (command: string, onLine: (line: string) => void) => Promise<{ ended: string; exitCode: number | null; stderr: string }>;

async function scanRemoteFile(d: Detectors, run: Run, stream: Stream, file: string, size: number, out: Finding[]): Promise<true | string> {
  const gz = /\.gz$/.test(file);
  const byName = selectSignals(d, { file }, '');
  if (!gz && (size <= SMALL || byName.config.length)) {
    const r = await run(`cat -- ${quote([file])}`);
    if (r.error && r.error.kind !== 'command-not-found') return r.error.kind;
    if (r.exitCode !== 0) return r.stderr.trim() || `cat exited ${r.exitCode}`;
    out.push(...scanTextRaw(d, r.stdout, { file }));
    return true;
  }
  // Big logs: the host greps for the signals' own patterns (thresholds included) and only
  // matching lines travel. A file no glob names gets the log signals, as a local log would.
  const scanner = new LineScanner(byName.lines, file);
  if (scanner.isEmpty) return true;
  const eres = byName.lines.map((c) => grepPatternOf(c) ?? (c.literals ? c.literals.map(escapeRegExp).join('|') : undefined));
  const command = eres.every((e): e is string => !!e)
    ? `LC_ALL=C ${gz ? 'zgrep' : 'grep'} -n -E ${eres.map((e) => `-e ${quote([e])}`).join(' ')} -- ${quote([file])}`
    : `${gz ? 'zcat' : 'cat'} -- ${quote([file])} | grep -n ''`;
  const r = await stream(command, (line) => {
    const colon = line.indexOf(':');
    if (colon > 0) scanner.scanLine(line.slice(colon + 1), Number(line.slice(0, colon)), (f) => out.push(f));
  });
  if (r.ended === 'dropped') return 'dropped';
  if (r.exitCode !== 0 && r.exitCode !== 1) return r.stderr.trim() || `grep exited ${r.exitCode}`;
  return true;
}
