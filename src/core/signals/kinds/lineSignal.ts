import { exampleText } from '../../kb/examples';
import { compileSignalPattern } from '../../kb/patterns';
import { vetPattern } from '../../kb/regexRisk';
import type { LogSignal, OutputSignal, Threshold } from '../../kb/types';
import type { Place } from '../finding';
import type { CompiledBase, LineCompiled, LineKind, Prefilter, SignalIssue } from '../kind';
import { requiredLiterals } from '../literals';

/** What the two line kinds (log, output) share: a pattern over one line, with a threshold. */
export type LineSignal = LogSignal | OutputSignal;

export function compileLine<S extends LineSignal>(base: CompiledBase<S>, kind: LineKind<S>): LineCompiled<S> {
  return { ...base, reads: 'lines', kind, regex: compileSignalPattern(base.signal), literals: requiredLiterals(base.signal.pattern, base.signal.flags) };
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Reads "138.59", "5905580032" or a du -h style "5.5G" as a number. */
export function parseQuantity(text: string, unit: Threshold['unit']): number {
  if (unit === 'bytes') {
    const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(text.trim());
    return m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : NaN;
  }
  return Number(text);
}

export function passesThreshold(t: Threshold, captured: string | undefined): boolean {
  if (captured === undefined) return false;
  const v = parseQuantity(captured, t.unit);
  if (Number.isNaN(v)) return false;
  return (t.above === undefined || v > t.above) && (t.below === undefined || v < t.below);
}

/** One line against one line signal: the pattern, then its threshold if it has one. */
export function matchPattern(signal: LineSignal, regex: RegExp, line: string): RegExpExecArray | undefined {
  const m = regex.exec(line);
  if (!m) return undefined;
  if (signal.threshold && !passesThreshold(signal.threshold, m.groups?.[signal.threshold.capture])) return undefined;
  return m;
}

/** Where a match is in its line. */
export function placeOf(m: RegExpExecArray, lineNo: number, file: string): Place {
  return { file, line: lineNo, column: m.index + 1, endColumn: m.index + 1 + m[0].length };
}

export function capturesOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

export function namedGroups(s: LineSignal): Set<string> {
  return new Set([...s.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]));
}

/** kb check of a line signal: the pattern compiles, cannot backtrack badly, and its examples hold. */
export function checkLineSignal(s: LineSignal): SignalIssue[] {
  const issues: SignalIssue[] = [];
  let regex: RegExp;
  try {
    regex = compileSignalPattern(s);
  } catch (e) {
    return [{ path: ['pattern'], message: `pattern does not compile: ${(e as Error).message}` }];
  }
  const vet = vetPattern(s.pattern, s.flags);
  // A refused pattern's examples are not run: one of them could hang the check (and the editor that runs it live).
  if (vet.problem) return [{ path: ['pattern'], message: `pattern ${vet.problem}` }];
  if (s.threshold && !namedGroups(s).has(s.threshold.capture)) issues.push({ path: ['threshold', 'capture'], message: `threshold capture "${s.threshold.capture}" is not a named group of the pattern` });
  if (!vet.runExamples) return issues;
  // Examples are tests written next to the pattern: a pattern that drifts from them is caught here.
  (s.examples?.match ?? []).forEach((e, j) => {
    if (!matchPattern(s, regex, exampleText(e))) issues.push({ path: ['examples', 'match', j], message: 'example that should match does not' });
  });
  (s.examples?.nomatch ?? []).forEach((e, j) => {
    if (matchPattern(s, regex, exampleText(e))) issues.push({ path: ['examples', 'nomatch', j], message: 'example that should not match does' });
  });
  return issues;
}

/** A line signal is pushed down as its own pattern (scan/pushdown.ts writes the ERE), or its literals. */
export function linePrefilter(c: LineCompiled<LineSignal>): Prefilter {
  const s = c.signal;
  const t = s.threshold;
  const threshold = t?.above === undefined ? undefined : { capture: t.capture, atLeast: Math.floor(t.above), decimals: t.unit !== 'bytes' };
  return { kind: 'regex', pattern: s.pattern, flags: s.flags ?? '', threshold, literals: c.literals };
}
