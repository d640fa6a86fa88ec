import { spawn } from 'child_process';
import { quote } from 'shell-quote';

/** One exchange at the terminal: wait until the output so far matches, then type. */
export interface Exchange {
  waitFor: RegExp;
  type: string;
}

export interface PtyRun {
  /** What the terminal showed (escape sequences and carriage returns taken out). */
  output: string;
  code: number | null;
}

/** Carriage returns and the cursor and colour sequences readline writes. */
export const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/**
 * Runs a command in a pseudo-terminal (util-linux `script`), so that its standard input,
 * output and error are a TTY as at a person's terminal, and types each exchange's text once
 * its prompt has shown. Keys are bytes: "\r" is Enter, "\x04" Ctrl-D, "\x03" Ctrl-C.
 */
export function runInPty(argv: string[], exchanges: Exchange[], o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', quote(argv), '/dev/null'], { env: { ...process.env, SHELL: '/bin/sh', TERM: 'xterm', ...o.env }, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let raw = '';
    let seen = 0;
    const queue = [...exchanges];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out at the terminal; waiting for ${queue[0]?.waitFor ?? 'the end'}; it showed:\n${plain(raw)}`));
    }, o.timeoutMs ?? 60000);
    child.stdout.on('data', (d: Buffer) => {
      raw += d.toString('utf8');
      while (queue.length && queue[0].waitFor.test(plain(raw).slice(seen))) {
        seen = plain(raw).length;
        child.stdin.write(queue.shift()!.type);
      }
    });
    child.stderr.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child.stdin.end();
      resolve({ output: plain(raw), code });
    });
  });
}
