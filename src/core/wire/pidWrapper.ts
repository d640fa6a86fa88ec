import { parse, quote } from 'shell-quote';

/**
 * The wrapper every command runs in (ssh/sshRunner.ts), and what the lab undoes to see the
 * command inside. sshd makes the session's shell a process group leader (setsid). It prints
 * its pid as the first stderr line, then becomes the command (exec: same pid, same exit code
 * and signal), so a timeout or a cancel can kill the whole group, grandchildren included.
 */
export const PID_MARK = 'stacktales-pid:';

export function wrapForGroupKill(command: string): string {
  return `printf '${PID_MARK}%s\\n' "$$" >&2; exec sh -c ${quote([command])}`;
}

/** A command run as root by an operator who is not: sudo without a password prompt. */
export function wrapSudo(command: string): string {
  return `sudo -n -- sh -c ${quote([command])}`;
}

/** Whether a command line is the runner's wrapper: only then does a host print the pid line (a plain ssh client never sees it). */
export function isWrapped(command: string): boolean {
  return command.startsWith(`printf '${PID_MARK}%s\\n' "$$" >&2; exec sh -c `);
}

/** The first stderr line a wrapped command prints (the lab prints it as a host would). */
export const pidLine = (pid: number): string => `${PID_MARK}${pid}\n`;

/** The pid in a first stderr line, or undefined when the line is not the wrapper's. */
export function parsePidLine(line: string): number | undefined {
  const m = new RegExp(`^${PID_MARK}(\\d+)$`).exec(line);
  return m ? Number(m[1]) : undefined;
}

/** The command line without the runner's wrapper and `sudo -n -- sh -c`, as the user wrote it. */
export function unwrapCommand(command: string): string {
  const wrapped = new RegExp(`^printf '${PID_MARK}%s\\\\n' "\\$\\$" >&2; exec sh -c (.*)$`, 's');
  for (;;) {
    const m = wrapped.exec(command) ?? /^sudo -n -- sh -c (.*)$/s.exec(command);
    if (!m) return command;
    const [arg] = parse(m[1], (name) => `$${name}`);
    if (typeof arg !== 'string') return command;
    command = arg;
  }
}
