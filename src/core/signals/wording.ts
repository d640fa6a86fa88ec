import type { Lang, Signal } from '../kb/types';
import { say, wordsOf } from '../l10n/messages';
import type { Finding } from './finding';

/**
 * A finding in one line of words, for the CLI and the reports: the signal's explanation, the
 * default that applied, and why its severity rose. (The editor words findings itself.)
 */
export function wordFinding(f: Finding, signal: Signal | undefined, lang: Lang = 'en'): string {
  const w = wordsOf(lang).finding;
  const parts = [signal?.explain[lang] ?? `${f.entry}/${f.signal}`];
  if (f.defaulted) parts.push(say(w.defaulted, f.defaulted));
  if (f.raisedBy?.length) {
    const reasons = f.raisedBy.map((r) => r.because?.[lang] ?? say(w.alsoFound, { signal: r.with })).join('; ');
    parts.push(say(w.raised, { severity: f.severity, reasons }));
  }
  return parts.join(' ');
}
