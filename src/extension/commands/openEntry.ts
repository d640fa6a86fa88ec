import * as vscode from 'vscode';
import type { EntryPanels } from '../entryPanels';
import type { Command } from './command';

export class OpenEntryCommand implements Command {
  static readonly id = 'stacktales.openEntry';
  readonly id = OpenEntryCommand.id;

  constructor(private readonly panels: EntryPanels) {}

  execute(id?: unknown): boolean {
    if (typeof id !== 'string') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales: no entry given.'));
      return false;
    }
    return this.panels.show(id);
  }
}
