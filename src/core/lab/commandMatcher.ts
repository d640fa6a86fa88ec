import { parse } from 'shell-quote';
import type { LoadedEntry } from '../kb/types';
import { escapeRegExp } from '../text/regex';

const QUOTED = `(?:'[^']*'|"(?:[^"\\\\]|\\\\.)*"|[^\\s'"]+)`;

/**
 * Knows the KB's diagnostic commands by shape: each template becomes a regex in which a
 * parameter is any quoted word, so a command rendered with any values is recognised.
 */
export class CommandMatcher {
  private readonly shapes: { key: string; re: RegExp }[];

  constructor(entries: readonly LoadedEntry[]) {
    this.shapes = entries.flatMap(({ entry }) =>
      entry.diagnostics.map((d) => ({ key: `${entry.id}/${d.id}`, re: new RegExp('^' + d.command.split(/\{\{[a-z][a-z0-9_]*\}\}/).map(escapeRegExp).join(QUOTED) + '$') })),
    );
  }

  /** "entry/diagnostic" for a command line, after taking off the runner's wrapper and sudo. */
  match(commandLine: string): string | undefined {
    const inner = unwrap(commandLine);
    return this.shapes.find((s) => s.re.test(inner))?.key;
  }
}

/** Undoes `printf 'stacktales-pid…' >&2; exec sh -c '<cmd>'` and `sudo -n -- sh -c '<cmd>'`. */
export function unwrap(command: string): string {
  for (;;) {
    const m = /^printf 'stacktales-pid:%s\\n' "\$\$" >&2; exec sh -c (.*)$/s.exec(command) ?? /^sudo -n -- sh -c (.*)$/s.exec(command);
    if (!m) return command;
    const [arg] = parse(m[1], (name) => `$${name}`);
    if (typeof arg !== 'string') return command;
    command = arg;
  }
}
