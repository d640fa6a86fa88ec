import type { Detectors } from './compile';
import { signalKey } from './compile';
import { severityRank, type Finding } from '../signals/finding';

export interface EscalateOptions {
  /** Keep evidence-only findings that did not rise (a runbook step or a pasted line asks about them). */
  keepEvidence?: boolean;
}

/**
 * Severity is confidence. After a scan, each finding whose signal names escalation rules
 * rises to the rule's severity when the same scan also found the rule's other signal (and,
 * with a join, the same captured value). Evidence-only findings that did not rise are dropped.
 */
export function escalate<F extends Finding>(findings: readonly F[], detectors: Detectors, opts: EscalateOptions = {}): F[] {
  const bySignal = new Map<string, F[]>();
  for (const f of findings) {
    const k = signalKey(f.entry, f.signal);
    if (!bySignal.has(k)) bySignal.set(k, []);
    bySignal.get(k)!.push(f);
  }
  const out: F[] = [];
  for (const f of findings) {
    const rules = detectors.byId.get(signalKey(f.entry, f.signal))?.signal.escalate ?? [];
    let result = f;
    for (const r of rules) {
      const others = bySignal.get(signalKey(f.entry, r.with)) ?? [];
      const hit = others.some((o) => o !== f && (!r.join || (f.captures[r.join.capture] !== undefined && f.captures[r.join.capture] === o.captures[r.join.with])));
      if (!hit) continue;
      const severity = severityRank(r.severity) > severityRank(result.severity) || result.evidence ? r.severity : result.severity;
      result = { ...result, severity, evidence: undefined, raisedBy: [...(result.raisedBy ?? []), { with: r.with, ...(r.because ? { because: r.because } : {}) }] };
    }
    if (result.evidence && !opts.keepEvidence) continue;
    out.push(result);
  }
  return out;
}
