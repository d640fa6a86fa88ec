import { quote } from 'shell-quote';
import type { Host } from '../hosts/types';
import type { SshRunner } from '../ssh/sshRunner';
import { checkRemotePattern } from './remoteScan';

export interface FollowOptions {
  /** How much of the end of the file to show first. */
  initialBytes: number;
  /** Keep following (tail -F: by name, across rotation) after the initial part. */
  follow: boolean;
  /** Called with whole lines as they arrive. */
  onLines: (lines: string[]) => void;
  signal: AbortSignal;
  sudo?: boolean;
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
  let command = /\.gz$/.test(path) ? `zcat -- ${q} | tail -c ${n}` : o.follow ? `tail -c ${n} -F -- ${q}` : `tail -c ${n} -- ${q}`;
  if (o.sudo && host.user !== 'root') command = `sudo -n -- sh -c ${quote([command])}`;
  let carry = '';
  let first = true;
  const r = await runner.stream(
    host,
    command,
    (chunk) => {
      let text = carry + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n');
      if (cut < 0) return void (carry = text);
      carry = text.slice(cut + 1);
      text = text.slice(0, cut);
      // tail -c starts mid-line: the first partial line is dropped.
      if (first && n > 0) {
        first = false;
        const nl = text.indexOf('\n');
        text = nl < 0 ? '' : text.slice(nl + 1);
      }
      if (text) o.onLines(text.split('\n'));
    },
    o.signal,
  );
  if (carry) o.onLines([carry]);
  return { ended: r.ended, stderr: r.stderr };
}
