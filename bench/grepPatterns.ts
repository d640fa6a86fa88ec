import type { LogSignal } from '../src/core/kb/types';
import type { CompiledSignal } from '../src/core/detect/compile';
import { toGrepEre } from '../src/core/scan/pushdown';

/** The same patterns as GNU grep -E reads them (no thresholds: grep has none). */
export function grepPatternsOf(signals: readonly CompiledSignal[]): string[] {
  return signals
    .filter((c) => c.signal.kind === 'log')
    .map((c) => {
      const s = c.signal as LogSignal;
      const ere = toGrepEre(s.pattern, s.flags);
      if (ere === undefined) throw new Error(`${c.entry}/${c.signal.id}: no grep -E form, the comparison would not be like for like`);
      return ere;
    });
}
