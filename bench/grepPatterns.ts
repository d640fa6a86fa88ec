import type { CompiledSignal } from '../src/core/detect/compile';

/**
 * The same patterns as GNU grep -E reads them: JavaScript regex syntax translated to ERE
 * with GNU extensions (\s \S \w \b are GNU grep's too). Named and non-capturing groups
 * become plain groups, \d a bracket, lazy quantifiers greedy (same lines match).
 */
export function toGrepEre(pattern: string): string {
  return pattern
    .replace(/\(\?<[A-Za-z_][A-Za-z0-9_]*>/g, '(')
    .replace(/\(\?:/g, '(')
    .replace(/\\d/g, '[0-9]')
    .replace(/([*+?}])\?/g, '$1');
}

export function grepPatternsOf(signals: readonly CompiledSignal[]): string[] {
  return signals.filter((c) => c.kind === 'log' && c.signal.pattern).map((c) => toGrepEre(c.signal.pattern!));
}
