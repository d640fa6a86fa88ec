import * as vscode from 'vscode';
import { CommandId } from '../shared/ids';
import type { KbService } from './kbService';

/** Health of the KB at a glance (as vscode-eslint shows its server's): entries and problems. */
export function registerStatusItem(kb: KbService): { item: vscode.StatusBarItem; disposable: vscode.Disposable } {
  const item = vscode.window.createStatusBarItem('stacktales.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Stacktales';
  item.command = CommandId.searchSymptoms;
  const update = () => {
    const k = kb.get();
    item.text = k.problems.length ? `$(warning) Stacktales` : `$(book) Stacktales`;
    item.tooltip = k.problems.length
      ? vscode.l10n.t('{0} entries; {1} KB problem(s), see the Stacktales output', k.entries.length, k.problems.length)
      : vscode.l10n.t('{0} entries. Click to search symptoms.', k.entries.length);
    item.show();
  };
  const sub = kb.onDidChange(update);
  if (kb.loaded) update();
  return { item, disposable: vscode.Disposable.from(item, sub) };
}
