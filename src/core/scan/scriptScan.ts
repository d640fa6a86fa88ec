import { selectSignals, type ScanSession, type Selection, type TextScan } from '../detect/session';
import { RunError, SUDO_PASSWORD_HINT, sudoWantsPassword } from '../ssh/types';
import { LineSplitter } from '../text/lines';
import { frameReader } from '../wire/frames';
import { pushdownOf } from './pushdown';
import { hostScript, type FileJob } from './hostScript';

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

/** What a script run adds up to (its findings go to the scan session). */
export interface ScriptTally {
  files: number;
  bytesScanned: number;
  bytesTransferred: number;
  skip(reason: string, file?: string): void;
}

/**
 * Runs one scan script (hostScript.ts) and feeds its frames to the scan session: candidate
 * lines with their numbers, whole files as text (their signals chosen again from content).
 * Used by the remote scan (over SSH) and by the local scan of big logs (here, with GNU grep).
 * A file's findings join the session only when its end frame says grep read it all.
 * Resolves with the files its listings found; throws a RunError when the run itself failed.
 */
export async function runScanScript(session: ScanSession, exec: ScriptExec, list: string[], paths: string[], o: ScriptScanOptions, tally: ScriptTally): Promise<string[]> {
  const select = o.select ?? ((file: string) => selectSignals(session.detectors, { file }, ''));
  const selections = paths.map((file) => select(file));
  const jobs: FileJob[] = paths.map((path, id) => ({ id, path, mode: pushdownOf([...selections[id].config, ...selections[id].lines]) }));
  const script = hostScript({ list, files: jobs, jobs: o.jobs, partBytes: o.partBytes });
  const listed: string[] = [];
  const open = new Map<number, { scan?: TextScan; whole?: string[]; size: number }>();
  const read = frameReader({
    start: (id, size, whole) => open.set(id, whole ? { whole: [], size } : { scan: session.textWith({ file: jobs[id].path }, selections[id]), size }),
    line: (id, lineNo, text) => {
      const f = open.get(id);
      if (f?.whole) f.whole.push(text);
      else f?.scan?.lineAt(text, lineNo);
    },
    end: (id, exitCode) => {
      const f = open.get(id);
      open.delete(id);
      if (!f) return;
      const file = jobs[id].path;
      if (exitCode > 1) return tally.skip(`grep exited ${exitCode}`, file);
      if (f.whole) {
        const text = f.whole.join('\n');
        const t = session.text({ file }, text);
        t.feed(text);
        t.end();
      } else f.scan?.end();
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
