import * as vscode from 'vscode';
import type { KbService } from '../kb/kbService';
import { CommandId } from '../shared/ids';
import type { DocumentFindings } from './documentFindings';
import { describeFinding, rangeOf } from './findingText';

export const FINDING_COMMANDS: string[] = [CommandId.openEntry, CommandId.showDiagnostic, CommandId.runDiagnostic, CommandId.searchSymptoms];

export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** Explains a finding where the operator reads it: the tale, why, what to run next. */
export function registerFindingHover(kb: KbService, findings: DocumentFindings): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ scheme: '*' }, {
    provideHover(doc, pos) {
      const here = findings.at(doc.uri, pos);
      if (!here.length) return undefined;
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: FINDING_COMMANDS };
      for (const f of here) {
        const t = describeFinding(kb, f);
        md.appendMarkdown(`**Stacktales · ${escapeMd(t.title)}** — ${f.severity}\n\n${escapeMd(t.explain)}\n\n`);
        if (t.because.length) md.appendMarkdown(`${vscode.l10n.t('Raised because: {0}', escapeMd(t.because.join('; ')))}\n\n`);
        if (t.nextTitle) md.appendMarkdown(`${vscode.l10n.t('Next: {0}', escapeMd(t.nextTitle))}\n\n`).appendCodeblock(t.nextCommand ?? '', 'shellscript');
        md.appendMarkdown(
          [
            commandLink(vscode.l10n.t('Open entry'), CommandId.openEntry, [f.entry]),
            f.next ? commandLink(vscode.l10n.t('Run diagnostic…'), CommandId.runDiagnostic, [f.entry, f.next]) : '',
            f.next ? commandLink(vscode.l10n.t('Show diagnostic'), CommandId.showDiagnostic, [f.entry, f.next]) : '',
            commandLink(vscode.l10n.t('Search similar'), CommandId.searchSymptoms, [t.explain]),
          ].filter(Boolean).join(' · ') + '\n\n',
        );
      }
      return new vscode.Hover(md, rangeOf(here[0]));
    },
  });
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
