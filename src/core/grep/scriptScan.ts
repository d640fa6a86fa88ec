import type { CompiledSignal, Detectors } from '../detect/compile';
import type { Finding } from '../detect/finding';
import { LineScanner } from '../detect/lineScanner';
import { scanTextRaw, selectSignals, type Selection } from '../detect/scanText';
import { RunError, SUDO_PASSWORD_HINT, sudoWantsPassword } from '../ssh/types';
import { LineSplitter } from '../text/lines';
import { escapeRegExp } from '../text/regex';
import { frameReader } from './frameReader';
import { grepPatternOf } from './grepPushdown';
import { hostScript, type FileJob, type FileMode } from './hostScript';

/** How a scan script runs: on a host over SSH, or here. Streams its standard output. */
export type ScriptExec = (script: string, onData: (chunk: Buffer) => void, signal: AbortSignal) => Promise<{ ended: 'exit' | 'aborted' | 'dropped'; exitCode: number | null; stderr: string }>;

export interface ScriptScanOptions {
  /** Killed when nothing arrives for this long. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** Parts a big log is split into (default: the CPU count where it runs, at most 4). */
  jobs?: number;
  /** Smallest part of a split log (default 64 MB). */
  partBytes?: number;
  /** The signals for a file: by name on a host; by name and head where the file can be read here. */
  select?: (file: string) => Selection;
}

/** What a script run adds up to; findings go to `out` (raw, before escalation). */
export interface ScriptTally {
  files: number;
  bytesScanned: number;
  bytesTransferred: number;
  skip(reason: string, file?: string): void;
}

/**
 * Runs one scan script (hostScript.ts) and turns its frames into findings: candidate lines
 * meet the signals' own regexes in a LineScanner, whole files are scanned as text. Used by
 * the remote scan (over SSH) and by the local scan of big logs (here, with GNU grep).
 * Resolves with the files its listings found; throws a RunError when the run itself failed.
 */
export async function runScanScript(d: Detectors, exec: ScriptExec, list: string[], paths: string[], o: ScriptScanOptions, tally: ScriptTally, out: Finding[]): Promise<string[]> {
  const signals = paths.map((file) => (o.select ?? ((f) => selectSignals(d, { file: f }, '')))(file));
  const jobs: FileJob[] = paths.map((path, id) => ({ id, path, mode: modeOf(signals[id]) }));
  const script = hostScript({ list, files: jobs, jobs: o.jobs, partBytes: o.partBytes });
  const listed: string[] = [];
  const open = new Map<number, { scanner?: LineScanner; whole?: string[]; size: number }>();
  const read = frameReader({
    start: (id, size, whole) => open.set(id, whole ? { whole: [], size } : { scanner: new LineScanner(signals[id].lines, jobs[id].path), size }),
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
      if (exitCode > 1) return tally.skip(`grep exited ${exitCode}`, file);
      if (f.whole) out.push(...scanTextRaw(d, f.whole.join('\n'), { file }));
      tally.files++;
      tally.bytesScanned += f.size;
    },
    skip: (id, reason) => tally.skip(reason, jobs[id].path),
    listed: (path, unreadable) => (unreadable ? tally.skip('permission denied', path) : listed.push(path)),
  });
  const lines = new LineSplitter((ls) => ls.forEach(read));
  tally.bytesTransferred += Buffer.byteLength(script);
  const idle = new AbortController();
  const timer = setTimeout(() => idle.abort(), o.idleTimeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, idle.signal]) : idle.signal;
  const r = await exec(
    script,
    (chunk) => {
      timer.refresh();
      tally.bytesTransferred += chunk.length;
      lines.push(chunk);
    },
    signal,
  ).finally(() => clearTimeout(timer));
  lines.end();
  tally.bytesTransferred += Buffer.byteLength(r.stderr);
  if (r.ended === 'aborted') throw idle.signal.aborted ? new RunError('timeout', `nothing from the scan for ${o.idleTimeoutMs / 1000} s; it was killed`) : new RunError('cancelled', 'cancelled; the scan was killed');
  if (r.ended === 'dropped') throw new RunError('dropped', 'the connection dropped during the scan');
  if (sudoWantsPassword(r.stderr)) throw new RunError('sudo-password', SUDO_PASSWORD_HINT);
  const complaint = r.stderr.trim().split('\n').pop();
  // A file whose end never came (the script failed): say so rather than count it.
  for (const id of open.keys()) tally.skip(complaint || `the scan script exited ${r.exitCode}`, jobs[id].path);
  // The script itself exits 0 whatever it met in the files: anything else is a failure of the
  // script (no sh, killed, or a host that runs no shell scripts, as the lab's simulated ones).
  if (r.exitCode !== 0) throw new RunError('error', `the scan script failed (exit ${r.exitCode})${complaint ? `: ${complaint}` : ''}`);
  return listed;
}

/**
 * How the script sends a file: configs (by name) whole; otherwise the EREs of the line
 * signals that apply (a signal without one: its required literals; without those, every
 * line). Small files come whole either way, decided where the file is, by its size.
 */
function modeOf(s: Selection): FileMode {
  if (s.config.length) return { kind: 'whole' };
  return { kind: 'grep', eres: grepArgsOf(s.lines) };
}

function grepArgsOf(signals: readonly CompiledSignal[]): string[] {
  const eres = signals.map((c) => grepPatternOf(c) ?? c.literals?.map(escapeRegExp).join('|') ?? '');
  return eres.includes('') ? [''] : [...new Set(eres)];
}
