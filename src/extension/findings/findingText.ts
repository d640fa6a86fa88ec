import * as vscode from 'vscode';
import type { Finding } from '../../core/signals/finding';
import type { Lang } from '../../core/kb/types';
import type { KbService } from '../kb/kbService';
import * as core from '../shared/lazyCore';

/** What a finding says, in the language entries are shown in. Never quotes the line itself (it may hold secrets). */
export function describeFinding(kb: KbService, f: Finding, lang: Lang = kb.language()): { title: string; explain: string; because: string[]; nextTitle?: string; nextCommand?: string } {
  const e = kb.get().get(f.entry)?.entry;
  const signal = e?.signals.find((s) => s.id === f.signal);
  const next = f.next ? e?.diagnostics.find((d) => d.id === f.next) : undefined;
  return {
    title: e?.title[lang] ?? f.entry,
    explain: (signal?.explain[lang] ?? `${f.entry}/${f.signal}`) + (f.defaulted ? ` ${vscode.l10n.t('([{0}] {1} is not set; its default "{2}" applies.)', f.defaulted.section, f.defaulted.key, f.defaulted.value)}` : ''),
    because: (f.raisedBy ?? []).map((r) => r.because?.[lang] ?? vscode.l10n.t('also found: {0}', r.with)),
    nextTitle: next?.title[lang],
    nextCommand: next ? core.commandTemplate().displayCommand(next) : undefined,
  };
}

export function rangeOf(f: Finding): vscode.Range {
  return new vscode.Range(f.line - 1, Math.max(0, f.column - 1), f.line - 1, Math.max(f.column, f.endColumn - 1));
}

export const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
