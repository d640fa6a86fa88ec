import type { CompiledSignal } from './compile';
import type { Finding } from './finding';
import { lookup, type IniFile } from './ini';

/**
 * Config signals over a parsed INI file: the effective value of [section] key (or of a
 * deprecated location, or the default when the key is absent) against `matches`.
 * An absent key with a default is reported on the section header, or line 1.
 */
export function scanConfig(ini: IniFile, signals: readonly CompiledSignal[], file: string): Finding[] {
  const out: Finding[] = [];
  for (const c of signals) {
    const p = c.signal.config;
    if (!p) continue;
    const found = lookup(ini, p.section, p.key) ?? (p.deprecated ?? []).map((d) => lookup(ini, d.section, d.key)).find((v) => v);
    const value = found?.value ?? p.default;
    if (value === undefined) continue;
    if (c.valueRegex && !c.valueRegex.test(value)) continue;
    const line = found?.line ?? (ini.sectionLines.get(p.section) || 1);
    const defaulted = !found;
    out.push({
      file,
      line,
      column: found ? found.start + 1 : 1,
      endColumn: found ? found.end + 1 : 1,
      entry: c.entry,
      signal: c.signal.id,
      severity: c.signal.severity,
      message: c.signal.explain.en + (defaulted ? ` ([${p.section}] ${p.key} is not set; its default "${p.default}" applies.)` : ''),
      next: c.signal.next,
      captures: { value },
      evidence: c.signal.evidence || undefined,
    });
  }
  return out;
}
