import { parse } from 'shell-quote';
import type { LoadedEntry } from '../kb/types';
import { escapeRegExp } from '../text/regex';
import { unwrapCommand } from '../wire/pidWrapper';

const QUOTED = `('[^']*'|"(?:[^"\\\\]|\\\\.)*"|[^\\s'"]+)`;
const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/;

/** A command the lab knows: its diagnostic, and the values it was rendered with. */
export interface MatchedCommand {
  /** "entry/diagnostic". */
  key: string;
  /** Each parameter's value in the command, unquoted. */
  values: Record<string, string>;
  /** Each parameter's default in the KB. */
  defaults: Record<string, string>;
}

/**
 * Knows the KB's diagnostic commands by shape: each template becomes a regex in which a
 * parameter is any quoted word, so a command rendered with any values is recognised, and
 * the values are read back.
 */
export class CommandMatcher {
  private readonly shapes: { key: string; re: RegExp; names: string[]; defaults: Record<string, string> }[];

  constructor(entries: readonly LoadedEntry[]) {
    this.shapes = entries.flatMap(({ entry }) =>
      entry.diagnostics.map((d) => {
        const parts = d.command.split(PLACEHOLDER);
        // split() with a group alternates text and placeholder names.
        const names = parts.filter((_, i) => i % 2 === 1);
        const re = new RegExp('^' + parts.map((p, i) => (i % 2 ? QUOTED : escapeRegExp(p))).join('') + '$');
        const defaults = Object.fromEntries((d.params ?? []).filter((p) => p.default !== undefined).map((p) => [p.name, String(p.default)]));
        return { key: `${entry.id}/${d.id}`, re, names, defaults };
      }),
    );
  }

  /** The diagnostic of a command line, after taking off the runner's wrapper and sudo. */
  match(commandLine: string): MatchedCommand | undefined {
    const inner = unwrapCommand(commandLine);
    for (const s of this.shapes) {
      const m = s.re.exec(inner);
      if (!m) continue;
      const values: Record<string, string> = {};
      s.names.forEach((name, i) => {
        const [word] = parse(m[i + 1]);
        if (typeof word === 'string') values[name] ??= word;
      });
      return { key: s.key, values, defaults: s.defaults };
    }
    return undefined;
  }
}

/**
 * A scenario's output for a command rendered with other values than the scenario's own (its
 * params, else the KB's defaults): each of those values, where it stands as a word in the
 * output, becomes the one given, as a host would print it (--param instances_path=/srv/nova
 * lists /srv/nova/…).
 */
export function withValues(output: string, matched: MatchedCommand, scenarioParams: Record<string, string>): string {
  let out = output;
  for (const [name, value] of Object.entries(matched.values)) {
    const shown = scenarioParams[name] ?? matched.defaults[name];
    if (shown === undefined || shown === value || !shown) continue;
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(shown)}(?![A-Za-z0-9_-])`, 'g'), () => value);
  }
  return out;
}
