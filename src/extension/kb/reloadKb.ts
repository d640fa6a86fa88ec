import * as vscode from 'vscode';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { KbService } from './kbService';

export class ReloadKbCommand implements Command {
  readonly id = CommandId.reloadKb;

  constructor(private readonly kb: KbService) {}

  execute(): number {
    const kb = this.kb.reload();
    const msg = kb.problems.length
      ? vscode.l10n.t('Stacktales: {0} entries loaded, {1} problem(s); see the Stacktales output.', kb.entries.length, kb.problems.length)
      : vscode.l10n.t('Stacktales: {0} entries loaded.', kb.entries.length);
    void vscode.window.showInformationMessage(msg);
    return kb.entries.length;
  }
}
