import * as vscode from 'vscode';
import type { KbService } from '../kb/kbService';
import { CommandId } from '../shared/ids';
import * as core from '../shared/lazyCore';
import type { DocumentFindings } from './documentFindings';
import { describeFinding, rangeOf } from './findingText';

/** Quick fixes on a Stacktales diagnostic: open the entry, show or copy the next diagnostic, search similar. */
export function registerFindingActions(kb: KbService, findings: DocumentFindings): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ scheme: '*' }, {
    provideCodeActions(doc, range) {
      const actions: vscode.CodeAction[] = [];
      for (const f of findings.get(doc.uri).filter((x) => rangeOf(x).intersection(range) || x.line - 1 === range.start.line)) {
        const t = describeFinding(kb, f);
        const open = new vscode.CodeAction(vscode.l10n.t('Stacktales: open entry "{0}"', t.title), vscode.CodeActionKind.QuickFix);
        open.command = { command: CommandId.openEntry, title: open.title, arguments: [f.entry] };
        open.diagnostics = [findings.toDiagnostic(f)];
        open.isPreferred = true;
        actions.push(open);
        if (f.next && t.nextTitle) {
          const show = new vscode.CodeAction(vscode.l10n.t('Stacktales: run next diagnostic "{0}"…', t.nextTitle), vscode.CodeActionKind.QuickFix);
          show.command = { command: CommandId.runDiagnostic, title: show.title, arguments: [f.entry, f.next] };
          actions.push(show);
        }
        const similar = new vscode.CodeAction(vscode.l10n.t('Stacktales: search similar symptoms'), vscode.CodeActionKind.Empty);
        similar.command = { command: CommandId.searchSymptoms, title: similar.title, arguments: [core.redact().redactSecrets(doc.lineAt(f.line - 1).text).slice(0, 500)] };
        actions.push(similar);
      }
      return actions;
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Empty] });
}
