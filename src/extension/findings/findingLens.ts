import * as vscode from 'vscode';
import type { KbService } from '../kb/kbService';
import { CommandId } from '../shared/ids';
import type { DocumentFindings } from './documentFindings';
import { describeFinding } from './findingText';

/** At most this many lenses per document: a long log must stay readable. */
const MAX_LENSES = 100;

/** Above each line with a finding: the tale, and the diagnostic to run next. */
export function registerFindingLens(kb: KbService, findings: DocumentFindings): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const sub = findings.onDidChange(() => changed.fire());
  const provider = vscode.languages.registerCodeLensProvider({ scheme: '*' }, {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(doc) {
      const lenses: vscode.CodeLens[] = [];
      const seen = new Set<string>();
      for (const f of findings.get(doc.uri)) {
        const key = `${f.line}/${f.entry}`;
        if (seen.has(key) || lenses.length >= MAX_LENSES) continue;
        seen.add(key);
        const t = describeFinding(kb, f);
        const range = new vscode.Range(f.line - 1, 0, f.line - 1, 0);
        lenses.push(new vscode.CodeLens(range, { title: `$(book) ${t.title}`, command: CommandId.openEntry, arguments: [f.entry] }));
        if (f.next && t.nextTitle) {
          lenses.push(new vscode.CodeLens(range, { title: `$(terminal) ${vscode.l10n.t('Next: {0}', t.nextTitle)}`, command: CommandId.runDiagnostic, arguments: [f.entry, f.next] }));
        }
      }
      return lenses;
    },
  });
  return vscode.Disposable.from(provider, sub, changed);
}
