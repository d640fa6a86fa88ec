import { quote } from 'shell-quote';
import type { Host } from '../hosts/types';
import type { SshRunner } from '../ssh/sshRunner';
import { LineSplitter } from '../text/lines';
import { checkRemotePattern } from '../scan/remote';

/** The line the host prints first when the log is bigger than the part asked for (the lab prints it too). */
export const CUT_MARK = 'stacktales-cut';

export interface FollowOptions {
  /** How much of the end of the file to show first. */
  initialBytes: number;
  /** Keep following (tail -F: by name, across rotation) after the initial part. */
  follow: boolean;
  /** Called with whole lines as they arrive. */
  onLines: (lines: string[]) => void;
  signal: AbortSignal;
  sudo?: boolean;
  /** Called once the remote tail runs (its first bytes arrived): appends from now on are seen. */
  onStarted?: () => void;
}

/**
 * The end of a remote log, and then what is appended to it, as tail -F does: by name, so a
 * rotated log (mv nova.log nova.log.1; a new nova.log) is followed into the new file.
 * Gzipped logs are shown, not followed. Resolves when aborted, or when the host goes away.
 */
export async function followLog(runner: SshRunner, host: Host, path: string, o: FollowOptions): Promise<{ ended: 'exit' | 'aborted' | 'dropped'; stderr: string }> {
  checkRemotePattern(path);
  const q = quote([path]);
  const n = Math.max(1, Math.floor(o.initialBytes));
  // The host says when it cut the file (it was bigger than asked for): only then is the first line partial.
  const cut = /\.gz$/.test(path) ? `[ "$(zcat -- ${q} | wc -c)" -gt ${n} ]` : `[ "$(stat -L -c %s -- ${q})" -gt ${n} ]`;
  const tail = /\.gz$/.test(path) ? `zcat -- ${q} | tail -c ${n}` : o.follow ? `tail -c ${n} -F -- ${q}` : `tail -c ${n} -- ${q}`;
  let command = `if ${cut} 2>/dev/null; then echo ${CUT_MARK}; fi; ${tail}`;
  if (o.sudo && host.user !== 'root') command = `sudo -n -- sh -c ${quote([command])}`;
  let first = true;
  let started = false;
  let dropPartial = false;
  const take = (lines: string[]) => {
    if (first && lines.length) {
      first = false;
      if (lines[0] === CUT_MARK) {
        lines = lines.slice(1);
        dropPartial = true;
      }
    }
    // tail -c of a bigger file starts mid-line: that first partial line is dropped.
    if (dropPartial && lines.length) {
      lines = lines.slice(1);
      dropPartial = false;
    }
    if (lines.length) o.onLines(lines);
  };
  const lines = new LineSplitter(take);
  const r = await runner.stream(
    host,
    command,
    (chunk) => {
      if (!started) {
        started = true;
        o.onStarted?.();
      }
      lines.push(chunk);
    },
    o.signal,
  );
  lines.end();
  return { ended: r.ended, stderr: r.stderr };
}
