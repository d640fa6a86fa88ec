import { headOf, MAX_CONFIG_CHARS, selectSignals, type ScanSession, type Selection, type TextScan } from '../detect/session';
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
  /** Bytes of the files read (their sizes where they are). */
  bytesScanned: number;
  /** Bytes that crossed: the scripts sent and all that came back. */
  bytesTransferred: number;
  /** Of those, the scripts sent (the rest came back: candidate lines and small files, framed). */
  bytesSent?: number;
  skip(reason: string, file?: string): void;
  /** A line of the host's output that is no frame the scan asked for: ignored, and said once per line. */
  malformed(what: string): void;
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
  // Per file: the whole text while it is small enough to choose its signals on, else its scan.
  const open = new Map<number, { size: number; whole?: string[]; chars: number; scan?: TextScan }>();
  const known = (id: number) => id < jobs.length;
  const read = frameReader({
    start: (id, size, whole) => {
      if (!known(id)) return tally.malformed(`a file the scan did not ask for (${id})`);
      open.set(id, whole ? { size, whole: [], chars: 0 } : { size, chars: 0, scan: session.textWith({ file: jobs[id].path }, selections[id]) });
    },
    line: (id, lineNo, text) => {
      const f = open.get(id);
      if (!f) return;
      if (!f.whole) return f.scan?.lineAt(text, lineNo);
      f.whole.push(text);
      f.chars += text.length + 1;
      // More than a configuration can be (a host that says "whole" for a huge file): read it as a log from here on.
      if (f.chars > MAX_CONFIG_CHARS) {
        const text = f.whole.join('\n') + '\n';
        f.scan = session.text({ file: jobs[id].path }, headOf(text));
        f.scan.feed(text);
        f.whole = undefined;
      }
    },
    end: (id, exitCode) => {
      const f = open.get(id);
      open.delete(id);
      if (!f || !known(id)) return;
      const file = jobs[id].path;
      if (exitCode > 1) return tally.skip(`grep exited ${exitCode}`, file);
      if (f.whole) {
        const text = f.whole.join('\n');
        f.scan = session.text({ file }, text);
        f.scan.feed(text);
      }
      f.scan?.end();
      tally.files++;
      tally.bytesScanned += f.size;
    },
    skip: (id, reason) => (known(id) ? tally.skip(reason, jobs[id].path) : tally.malformed(`a skip of a file the scan did not ask for (${id})`)),
    listed: (path, unreadable) => (unreadable ? tally.skip('permission denied', path) : listed.push(path)),
    refused: () => tally.skip('a file name with a control character (not read)', '(unprintable name)'),
    malformed: (line) => tally.malformed(JSON.stringify(line.slice(0, 80))),
  });
  const lines = new LineSplitter((ls) => ls.forEach(read));
  tally.bytesTransferred += Buffer.byteLength(script);
  tally.bytesSent = (tally.bytesSent ?? 0) + Buffer.byteLength(script);
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
