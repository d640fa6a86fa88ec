import { compileDetectors, type Detectors } from '../detect/compile';
import { scanText } from '../detect/session';
import type { LoadedEntry, Signal } from '../kb/types';

export interface SignalHit {
  entry: string;
  signal: Signal;
  line: string;
}

/** A pasted text beyond this many lines is cut, to keep the palette responsive. */
const MAX_LINES = 200;

/**
 * Pasted text (log lines, command output, config lines) read by the one scan recipe, with
 * every signal applying (a paste has no file name to choose by) and evidence kept (a pasted
 * line is a question about itself). The detectors compile on the first paste.
 */
export class SignalMatcher {
  private detectors?: Detectors;

  constructor(private readonly entries: readonly LoadedEntry[]) {}

  match(text: string): SignalHit[] {
    // Pasted output may arrive indented or wrapped; blank lines carry nothing.
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, MAX_LINES);
    if (!lines.length) return [];
    this.detectors ??= compileDetectors(this.entries);
    const d = this.detectors;
    return scanText(d, lines.join('\n'), { file: 'pasted' }, { everySignal: true, keepEvidence: true }).map((f) => ({
      entry: f.entry,
      signal: d.byId.get(`${f.entry}/${f.signal}`)!.signal,
      line: lines[f.line - 1],
    }));
  }
}
