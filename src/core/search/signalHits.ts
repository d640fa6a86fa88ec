import { compileSignalPattern } from '../kb/patterns';
import { configLine, matchLine } from '../kb/signalMatch';
import type { LoadedEntry, Severity, Signal } from '../kb/types';

export interface SignalHit {
  entry: string;
  signal: Signal;
  line: string;
}

interface Compiled {
  entry: string;
  signal: Signal;
  regex?: RegExp;
  valueRegex?: RegExp;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * Matches pasted text (log lines, command output, config lines) against every signal.
 * Compiled once per KB; each query only runs regexes over its own few lines.
 */
export class SignalMatcher {
  private readonly compiled: Compiled[];

  constructor(entries: readonly LoadedEntry[]) {
    this.compiled = entries.flatMap(({ entry }) =>
      entry.signals.map((signal) => ({
        entry: entry.id,
        signal,
        regex: signal.pattern !== undefined ? compileSignalPattern(signal) : undefined,
        valueRegex: signal.config?.matches !== undefined ? new RegExp(signal.config.matches, signal.flags ?? '') : undefined,
      })),
    );
  }

  match(text: string): SignalHit[] {
    const hits: SignalHit[] = [];
    // Pasted output may arrive wrapped; a very long paste is cut to keep the palette responsive.
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 200);
    for (const line of lines) {
      const kv = configLine(line);
      for (const c of this.compiled) {
        if (c.regex && matchLine(c.signal, c.regex, line)) hits.push({ entry: c.entry, signal: c.signal, line });
        else if (kv && c.valueRegex && c.signal.config && kv.key === c.signal.config.key && c.valueRegex.test(kv.value)) {
          hits.push({ entry: c.entry, signal: c.signal, line });
        }
      }
    }
    return hits;
  }
}
