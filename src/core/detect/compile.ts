import picomatch from 'picomatch';
import { compileSignalPattern } from '../kb/patterns';
import type { LoadedEntry, Signal, SignalKind } from '../kb/types';
import { requiredLiterals } from './literals';

export interface CompiledSignal {
  entry: string;
  signal: Signal;
  kind: SignalKind;
  regex?: RegExp;
  valueRegex?: RegExp;
  /** At least one of these occurs in every line the regex matches (undefined: no prefilter). */
  literals?: string[];
  matchesFile: (path: string) => boolean;
  diagnostics: ReadonlySet<string>;
}

export interface Recognizer {
  entry: string;
  diagnostic: string;
  regex: RegExp;
}

export interface DetectorOptions {
  /** Entries whose detectors are off (setting stacktales.detectors.disabled). */
  disabled?: readonly string[];
  /** More file globs per entry id, added to each of its log and config signals. */
  extraFiles?: Readonly<Record<string, readonly string[]>>;
}

/** The KB's signals, compiled once: regexes, prefilter literals, file matchers, output recognisers. */
export interface Detectors {
  signals: CompiledSignal[];
  byId: Map<string, CompiledSignal>;
  recognizers: Recognizer[];
  entries: Map<string, LoadedEntry>;
}

export const signalKey = (entry: string, signal: string) => `${entry}/${signal}`;

export function compileDetectors(entries: readonly LoadedEntry[], opts: DetectorOptions = {}): Detectors {
  const disabled = new Set(opts.disabled ?? []);
  const signals: CompiledSignal[] = [];
  const recognizers: Recognizer[] = [];
  for (const e of entries) {
    const id = e.entry.id;
    if (disabled.has(id)) continue;
    for (const s of e.entry.signals) {
      const globs = [...(s.files ?? []), ...(s.kind !== 'output' ? opts.extraFiles?.[id] ?? [] : [])];
      const isMatch = globs.length ? picomatch(globs, { dot: true, basename: false }) : () => false;
      signals.push({
        entry: id,
        signal: s,
        kind: s.kind,
        regex: s.pattern !== undefined ? compileSignalPattern(s) : undefined,
        valueRegex: s.config?.matches !== undefined ? new RegExp(s.config.matches, s.flags ?? '') : undefined,
        literals: s.pattern !== undefined ? requiredLiterals(s.pattern, s.flags) : undefined,
        matchesFile: (p) => isMatch(p.replace(/\\/g, '/')) || isMatch(`/${p.replace(/\\/g, '/').replace(/^\/+/, '')}`),
        diagnostics: new Set(s.diagnostics ?? []),
      });
    }
    for (const d of e.entry.diagnostics) {
      if (d.recognize) recognizers.push({ entry: id, diagnostic: d.id, regex: new RegExp(d.recognize, 'm') });
    }
  }
  return {
    signals,
    byId: new Map(signals.map((c) => [signalKey(c.entry, c.signal.id), c])),
    recognizers,
    entries: new Map(entries.map((e) => [e.entry.id, e])),
  };
}
