import type { Detectors } from './compile';
import { signalKey } from './compile';
import { SEVERITY_ORDER, type Finding } from './finding';

/**
 * Severity is confidence. After a scan, each finding whose signal names escalation rules
 * rises to the rule's severity when the same scan also found the rule's other signal (and,
 * with a join, the same captured value). Evidence-only findings that did not rise are dropped.
 */
export function escalate(findings: readonly Finding[], detectors: Detectors): Finding[] {
  const bySignal = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = signalKey(f.entry, f.signal);
    if (!bySignal.has(k)) bySignal.set(k, []);
    bySignal.get(k)!.push(f);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const rules = detectors.byId.get(signalKey(f.entry, f.signal))?.signal.escalate ?? [];
    let result = f;
    for (const r of rules) {
      const others = bySignal.get(signalKey(f.entry, r.with)) ?? [];
      const hit = others.some((o) => o !== f && (!r.join || (f.captures[r.join.capture] !== undefined && f.captures[r.join.capture] === o.captures[r.join.with])));
      if (!hit) continue;
      const because = r.because ?? { en: `also found: ${r.with}`, de: `ebenfalls gefunden: ${r.with}` };
      const severity = SEVERITY_ORDER[r.severity] > SEVERITY_ORDER[result.severity] || result.evidence ? r.severity : result.severity;
      result = { ...result, severity, evidence: undefined, because: [...(result.because ?? []), because] };
    }
    if (result.evidence) continue;
    if (result.because) result = { ...result, message: `${result.message} Raised to ${result.severity}: ${result.because.map((b) => b.en).join('; ')}.` };
    out.push(result);
  }
  return out;
}
