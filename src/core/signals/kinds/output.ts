import type { OutputSignal } from '../../kb/types';
import { makeFinding } from '../finding';
import type { LineKind } from '../kind';
import { capturesOf, checkLineSignal, compileLine, linePrefilter, matchPattern, namedGroups, placeOf } from './lineSignal';

/**
 * Lines of a diagnostic's output: the text is known to be that output (a run, an output
 * document), recognised as it by content, or a saved file named by the signal's globs.
 * Never read in configuration files.
 */
export const output: LineKind<OutputSignal> = {
  name: 'output',
  reads: 'lines',
  compile: (base) => compileLine(base, output),
  applies: (c, facts, byName) => byName || (!facts.isConfig && [...c.diagnostics].some((d) => facts.diagnostics.has(d))),
  match(c, line, lineNo, file) {
    const m = matchPattern(c.signal, c.regex, line);
    return m ? makeFinding(c.entry, c.signal, placeOf(m, lineNo, file), capturesOf(m)) : undefined;
  },
  check: checkLineSignal,
  captures: (s) => namedGroups(s),
  prefilter: linePrefilter,
  describe: (s) => s.pattern,
  words: () => '',
};
