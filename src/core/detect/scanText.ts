import type { CompiledSignal, Detectors } from './compile';
import { scanConfig } from './configScanner';
import { escalate } from './escalation';
import type { Finding } from './finding';
import { looksLikeIni, parseIni, type IniFile } from './ini';
import { LineScanner } from './lineScanner';

export interface TextContext {
  /** Path or URI shown in findings; globs are matched against it. */
  file: string;
  /** The diagnostic that printed this text, when known (SSH runner, output documents). */
  diagnostic?: string;
}

/** How many leading lines decide what a text is. */
const HEAD_LINES = 60;

export function headOf(text: string): string {
  let pos = 0;
  for (let i = 0; i < HEAD_LINES && pos >= 0; i++) pos = text.indexOf('\n', pos + 1);
  return pos < 0 ? text : text.slice(0, pos);
}

/** Diagnostics whose output this text is, judged by content (their `recognize` patterns). */
export function recognizedDiagnostics(d: Detectors, head: string): Set<string> {
  return new Set(d.recognizers.filter((r) => r.regex.test(head)).map((r) => r.diagnostic));
}

/**
 * Which signals apply to a text. Content decides, not only the name:
 * - config signals: the file matches their globs, or the text is INI that sets their key;
 * - output signals: the text is known or recognised as their diagnostic's output, or the globs match;
 * - log signals: the globs match, or the text is not INI (a pasted log, a saved switch syslog).
 */
export interface Selection {
  /** Read as a config file: INI by content, or named like a file a config signal reads. */
  isConfig: boolean;
  config: CompiledSignal[];
  lines: CompiledSignal[];
}

export function selectSignals(d: Detectors, ctx: TextContext, head: string, ini?: IniFile): Selection {
  const isIni = ini ? looksLikeIni(ini) : false;
  const recognized = recognizedDiagnostics(d, head);
  if (ctx.diagnostic) recognized.add(ctx.diagnostic);
  const config: CompiledSignal[] = [];
  const lines: CompiledSignal[] = [];
  for (const c of d.signals) {
    const byName = c.matchesFile(ctx.file);
    if (c.kind === 'config') {
      const p = c.signal.config!;
      const setsKey = !!ini?.sections.get(p.section)?.has(p.key) || (p.deprecated ?? []).some((x) => ini?.sections.get(x.section)?.has(x.key));
      if (byName || (isIni && setsKey)) config.push(c);
    } else if (c.kind === 'output') {
      if (byName || [...c.diagnostics].some((x) => recognized.has(x))) lines.push(c);
    } else if (byName || !isIni) {
      lines.push(c);
    }
  }
  const isConfig = isIni || config.some((c) => c.matchesFile(ctx.file));
  return { isConfig, config, lines: isConfig ? lines.filter((c) => c.matchesFile(ctx.file)) : lines };
}

/** All findings in one in-memory text (an open document, a command's output), before escalation. */
export function scanTextRaw(d: Detectors, text: string, ctx: TextContext): Finding[] {
  const head = headOf(text);
  const ini = parseIni(text.length < 4 * 1024 * 1024 ? text : head);
  const { isConfig, config, lines } = selectSignals(d, ctx, head, ini);
  const findings: Finding[] = isConfig ? scanConfig(ini, config, ctx.file) : [];
  if (lines.length) new LineScanner(lines, ctx.file).scan(text, 1, (f) => findings.push(f));
  return findings;
}

/** Findings in one text with severities settled by the evidence in that same text. */
export function scanText(d: Detectors, text: string, ctx: TextContext): Finding[] {
  return sortFindings(escalate(scanTextRaw(d, text, ctx), d));
}

export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.signal.localeCompare(b.signal));
}
