import type { CompiledSignal } from '../src/core/detect/compile';
import { toGrepEre } from '../src/core/grep/grepPushdown';

/** The same patterns as GNU grep -E reads them (no thresholds: grep has none). */
export function grepPatternsOf(signals: readonly CompiledSignal[]): string[] {
  return signals
    .filter((c) => c.kind === 'log' && c.signal.pattern)
    .map((c) => {
      const ere = toGrepEre(c.signal.pattern!, c.signal.flags);
      if (ere === undefined) throw new Error(`${c.entry}/${c.signal.id}: no grep -E form, the comparison would not be like for like`);
      return ere;
    });
}
