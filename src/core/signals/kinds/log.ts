import type { LogSignal } from '../../kb/types';
import { lineTime } from '../../text/timestamps';
import { makeFinding } from '../finding';
import type { LineKind, SignalIssue } from '../kind';
import { capturesOf, checkLineSignal, compileLine, linePrefilter, matchPattern, namedGroups, placeOf } from './lineSignal';

/**
 * Log lines: files found by the signal's globs, or any text that is not a configuration
 * (a pasted log, a saved switch syslog). A window signal fires once when `count` matches of
 * one captured group fall within `seconds`, timed by the lines' own timestamps.
 */
export const log: LineKind<LogSignal> = {
  name: 'log',
  reads: 'lines',
  compile: (base) => compileLine(base, log),
  applies: (_c, facts, byName) => byName || !facts.isConfig,
  match(c, line, lineNo, file, state) {
    const m = matchPattern(c.signal, c.regex, line);
    if (!m) return undefined;
    const captures = capturesOf(m);
    const w = c.signal.window;
    if (w) {
      const t = lineTime(line);
      const key = `${c.entry}/${c.signal.id}/${captures[w.group] ?? ''}`;
      const times = (state.get(key) ?? []).filter((x) => t !== undefined && t - x <= w.seconds);
      if (t !== undefined) times.push(t);
      if (times.length < w.count) {
        state.set(key, times);
        return undefined;
      }
      state.delete(key);
      captures.count = String(times.length);
    }
    return makeFinding(c.entry, c.signal, placeOf(m, lineNo, file), captures);
  },
  check(s) {
    const issues: SignalIssue[] = checkLineSignal(s);
    if (s.window && !namedGroups(s).has(s.window.group)) issues.push({ path: ['window', 'group'], message: `window group "${s.window.group}" is not a named group of the pattern` });
    return issues;
  },
  captures: (s) => namedGroups(s),
  prefilter: linePrefilter,
  describe: (s) => s.pattern,
  words: () => '',
};
