import { exampleText } from '../../kb/examples';
import { vetPattern } from '../../kb/regexRisk';
import type { ConfigSignal } from '../../kb/types';
import { wordsOf } from '../../l10n/messages';
import { makeFinding, type Finding } from '../finding';
import type { ConfigCompiled, ConfigKind, SignalIssue } from '../kind';
import { configTextOf } from '../configText';

interface Compiled extends ConfigCompiled<ConfigSignal> {
  valueRegex?: RegExp;
}

/**
 * The effective value of one option (oslo.config's INI): the key in its section, else a
 * deprecated location, else the default when the text shows the whole file. Read in files
 * found by the globs, in any INI text that sets the key, and in the output of the
 * diagnostics that print the option (grep -n of the file, sections included).
 */
export const config: ConfigKind<ConfigSignal, Compiled> = {
  name: 'config',
  reads: 'config',
  compile: (base) => ({ ...base, reads: 'config', kind: config, valueRegex: base.signal.config.matches !== undefined ? new RegExp(base.signal.config.matches, base.signal.flags ?? '') : undefined }),
  applies(c, facts, byName) {
    const p = c.signal.config;
    const setsKey = [p, ...(p.deprecated ?? [])].some((x) => facts.ini.sections.get(x.section)?.has(x.key));
    return byName || (facts.isIni && setsKey) || [...c.diagnostics].some((d) => facts.diagnostics.has(d));
  },
  evaluate(c, text, file) {
    const p = c.signal.config;
    const out: Finding[] = [];
    for (const f of text.files) {
      const found = f.lookup(p.section, p.key) ?? (p.deprecated ?? []).map((d) => f.lookup(d.section, d.key)).find((v) => v);
      const value = found?.value ?? (f.complete ? p.default : undefined);
      if (value === undefined) continue;
      if (c.valueRegex && !c.valueRegex.test(value)) continue;
      const at = found ? { file, line: found.line, column: found.start + 1, endColumn: found.end + 1 } : { file, line: f.lineForAbsent(p.section), column: 1, endColumn: 1 };
      out.push(makeFinding(c.entry, c.signal, at, { value }, found ? undefined : { section: p.section, key: p.key, value }));
    }
    return out;
  },
  check(s) {
    const issues: SignalIssue[] = [];
    const m = s.config.matches;
    if (m === undefined) return issues;
    let re: RegExp;
    try {
      re = new RegExp(m, s.flags ?? '');
    } catch (e) {
      return [{ path: ['config', 'matches'], message: `config.matches does not compile: ${(e as Error).message}` }];
    }
    const vet = vetPattern(m, s.flags);
    if (vet.problem) return [{ path: ['config', 'matches'], message: `config.matches ${vet.problem}` }];
    if (!vet.runExamples) return issues;
    // Examples are config lines ("key = value"), read the way the signal reads a file.
    const compiled: Compiled = { entry: '', signal: s, reads: 'config', kind: config, matchesFile: () => false, diagnostics: new Set(), valueRegex: re };
    const fires = (line: string) => config.evaluate(compiled, configTextOf(line, { asIni: false, complete: false }), '').length > 0;
    (s.examples?.match ?? []).forEach((e, j) => {
      if (!fires(exampleText(e))) issues.push({ path: ['examples', 'match', j], message: 'example that should match does not' });
    });
    (s.examples?.nomatch ?? []).forEach((e, j) => {
      if (fires(exampleText(e))) issues.push({ path: ['examples', 'nomatch', j], message: 'example that should not match does' });
    });
    return issues;
  },
  captures: () => new Set(['value']),
  prefilter: () => ({ kind: 'whole' }),
  describe: (s, lang) => `[${s.config.section}] ${s.config.key} ~ ${s.config.matches ?? wordsOf(lang).config.anyValue}`,
  words: (s) => `${s.config.section} ${s.config.key}`,
};
