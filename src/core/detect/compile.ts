import picomatch from 'picomatch';
import type { LoadedEntry } from '../kb/types';
import type { CompiledSignal } from '../signals/kind';
import { kindOf } from '../signals/kinds';

export type { CompiledSignal };

export interface Recognizer {
  entry: string;
  diagnostic: string;
  regex: RegExp;
}

export interface DetectorOptions {
  /** Entries whose detectors are off (setting stacktales.detectors.disabled). */
  disabled?: readonly string[];
  /** More file globs per entry id, added to each of its signals that reads files. */
  extraFiles?: Readonly<Record<string, readonly string[]>>;
}

/** The KB's signals, compiled once by their kinds, and the recognisers of diagnostics' output. */
export interface Detectors {
  signals: CompiledSignal[];
  byId: Map<string, CompiledSignal>;
  recognizers: Recognizer[];
  entries: Map<string, LoadedEntry>;
  /** What they were compiled from, so a worker thread can compile the same detectors. */
  source: { entries: readonly LoadedEntry[]; options: DetectorOptions };
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
      // An output signal reads a command's output, not files named by the user's settings.
      const globs = [...(s.files ?? []), ...(s.kind !== 'output' ? opts.extraFiles?.[id] ?? [] : [])];
      const isMatch = globs.length ? picomatch(globs, { dot: true, basename: false }) : () => false;
      const kind = kindOf(s);
      signals.push(
        kind.compile({
          entry: id,
          signal: s,
          matchesFile: (p) => isMatch(p.replace(/\\/g, '/')) || isMatch(`/${p.replace(/\\/g, '/').replace(/^\/+/, '')}`),
          diagnostics: new Set('diagnostics' in s ? s.diagnostics ?? [] : []),
        }),
      );
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
    source: { entries, options: opts },
  };
}
