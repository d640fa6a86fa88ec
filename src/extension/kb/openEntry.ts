import * as vscode from 'vscode';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { EntryPanels } from './entryPanels';

export class OpenEntryCommand implements Command {
  readonly id = CommandId.openEntry;

  constructor(private readonly panels: EntryPanels) {}

  execute(id?: unknown): boolean {
    if (typeof id !== 'string') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales: no entry given.'));
      return false;
    }
    return this.panels.show(id);
  }
}
