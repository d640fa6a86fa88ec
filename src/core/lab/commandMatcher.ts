import type { LoadedEntry } from '../kb/types';
import { escapeRegExp } from '../text/regex';
import { unwrapCommand } from '../wire/pidWrapper';

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
    const inner = unwrapCommand(commandLine);
    return this.shapes.find((s) => s.re.test(inner))?.key;
  }
}
